using System.Security.Cryptography;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;

namespace Trust.Bench;

/// <summary>
/// <c>sm2verify</c> mode (issue 19): the <see cref="Sm2VerifyBenchmarks"/> methods and fast sign,
/// measured in thread CPU time and interleaved (each of 40 rounds runs a batch of every method),
/// so that baseline and candidate see the same machine load; the fastest batch of each counts.
/// BenchmarkDotNet's wall clock is unusable when other processes keep the load average at 50-90
/// on two cores. Prints per-core rates and the ratios against the baselines.
/// </summary>
internal static class Sm2VerifyQuickRates
{
    internal static void Run(string[] args)
    {
        int rounds = args.Length > 0 && int.TryParse(args[0], out var r) ? r : 40;
        var bench = new Sm2VerifyBenchmarks();
        bench.Setup();
        using var signer = Sm2SigningKey.FromPrivateScalar(Convert.FromHexString("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8"), engine: Sm2EngineKind.Fast);
        var message = new byte[256];
        using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var p256Signature = p256.SignData(message, HashAlgorithmName.SHA256);
        var methods = new (string Name, int Batch, Action Action)[]
        {
            ("BouncyCastle verify", 20, () => bench.VerifyBouncyCastle()),
            ("Fast verify", 100, () => bench.VerifyFast()),
            ("u1G+u2Q legacy 4x64", 100, () => bench.MultiplyLegacy4x64()),
            ("u1G+u2Q 8x32 joint", 100, () => bench.Multiply8x32Joint()),
            ("Fast sign", 100, () => signer.Sign(SignatureAlgorithm.Sm2Sm3, message)),
            ("ECDSA P-256 verify", 100, () => p256.VerifyData(message, p256Signature, HashAlgorithmName.SHA256)),
        };
        var best = new double[methods.Length];
        Array.Fill(best, double.MaxValue);
        foreach (var m in methods)
        {
            for (int i = 0; i < m.Batch; i++)
            {
                m.Action();
            }
        }

        for (int round = 0; round < rounds; round++)
        {
            for (int k = 0; k < methods.Length; k++)
            {
                double start = ThreadCpuTime.Seconds();
                for (int i = 0; i < methods[k].Batch; i++)
                {
                    methods[k].Action();
                }

                best[k] = Math.Min(best[k], (ThreadCpuTime.Seconds() - start) / methods[k].Batch);
            }
        }

        for (int k = 0; k < methods.Length; k++)
        {
            Console.WriteLine($"{methods[k].Name,-22} {best[k] * 1e6,9:F1} µs CPU {1 / best[k],10:F0} /s per core");
        }

        Console.WriteLine($"Fast verify / BouncyCastle verify (rate ratio): {best[0] / best[1]:F2}x");
        Console.WriteLine($"8x32 joint / legacy 4x64 multiplier (rate ratio): {best[2] / best[3]:F2}x");
        bench.Cleanup();
    }
}
