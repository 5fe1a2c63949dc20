using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm3;

namespace Trust.Bench;

/// <summary>
/// <c>sm3quick</c>: SM3 throughput on 1 MiB and 1 KiB in thread CPU time (best of many batches),
/// ours against BouncyCastle's, for tuning on a shared machine (BenchmarkDotNet stays the reference).
/// </summary>
internal static class Sm3QuickRates
{
    internal static void Run(string[] args)
    {
        int rounds = args.Length > 0 && int.TryParse(args[0], out int r) ? r : 3;
        var mib = new byte[1 << 20];
        var kib = new byte[1024];
        new Random(3).NextBytes(mib);
        new Random(4).NextBytes(kib);
        var hash = new byte[Sm3State.HashLength];
        for (int round = 0; round < rounds; round++)
        {
            double fast = Best(20, () => Sm3State.Hash(mib, hash));
            double bc = Best(10, () =>
            {
                using var d = new Sm3Engines.BouncyCastleSm3Digest();
                d.Append(mib);
                d.Finish(hash);
            });
            double fastKib = Best(20_000, () => Sm3State.Hash(kib, hash));
            double bcKib = Best(10_000, () =>
            {
                using var d = new Sm3Engines.BouncyCastleSm3Digest();
                d.Append(kib);
                d.Finish(hash);
            });
            Console.WriteLine(
                $"SM3 1 MiB: Trust {Mbps(mib.Length, fast),6:F0} MB/s  BouncyCastle {Mbps(mib.Length, bc),6:F0} MB/s  ratio {bc / fast:F2}x   " +
                $"1 KiB: Trust {Mbps(kib.Length, fastKib),6:F0} MB/s  BouncyCastle {Mbps(kib.Length, bcKib),6:F0} MB/s  ratio {bcKib / fastKib:F2}x");
        }
    }

    private static double Mbps(int bytes, double seconds) => bytes / seconds / 1e6;

    // Thread CPU time per call, minimum over 30 batches: the least disturbed batch on a shared machine.
    private static double Best(int perBatch, Action action)
    {
        action();
        double best = double.MaxValue;
        for (int batch = 0; batch < 30; batch++)
        {
            double start = ThreadCpuTime.Seconds();
            for (int i = 0; i < perBatch; i++)
            {
                action();
            }

            best = Math.Min(best, (ThreadCpuTime.Seconds() - start) / perBatch);
        }

        return best;
    }
}
