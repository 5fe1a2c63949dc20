using System.Diagnostics;
using Trust.Core.Crypto.Sm2.Fast;

namespace Trust.Bench;

/// <summary>
/// A dudect-style timing-leak test (Reparaz, Balasch, Verbauwhede 2017) of the secret-dependent
/// operations: the signing scalar multiplication k·G and the two inversions. Per operation, two
/// classes of secret inputs, class 0 a fixed value of low Hamming weight (1: every comb digit but
/// one is zero) and class 1 fresh random values, are measured interleaved in random order with
/// Stopwatch ticks. A variable-time multiplier is measured as a control that must be flagged. Welch's t statistic over the measurements
/// (after cropping the slowest 5 % as OS noise) is reported; |t| &lt; 4.5 means no leak detected.
/// Run: <c>dotnet run -c Release --project bench/Trust.Bench -- dudect [measurements]</c>.
/// </summary>
internal static class Dudect
{
    internal static void Run(string[] args)
    {
        int measurements = args.Length > 0 && int.TryParse(args[0], out var m) ? m : 100_000;
        var table = PublicKeyTable.Build(AffinePoint.Generator);
        Report("k·G, constant-time comb (signing)", measurements, k => FixedBaseMultiplier.Multiply(k));
        Report("Fp inversion (Fermat chain)", measurements, k => Fp.Invert(k));
        Report("(1+d)^-1 mod n (Fermat)", measurements / 4, k => Fn.Invert(k));

        // Control: the variable-time verification multiplier skips zero digits, so the harness
        // must flag it; this shows the test has the power to see a leak of this size.
        Report("control: variable-time u1·G (must leak)", measurements, k => VerificationMultiplier.Multiply(k, U256.Zero, table));
    }

    private static void Report(string name, int measurements, Action<U256> operation)
    {
        var t = Measure(measurements, operation, out var means);
        Console.WriteLine($"dudect {name}: {measurements} measurements, mean ticks fixed={means.Fixed:F1} random={means.Random:F1}, |t| = {Math.Abs(t):F2} ({(Math.Abs(t) < 4.5 ? "no leak detected" : "LEAK DETECTED")})");
    }

    internal static double Measure(int measurements, Action<U256> operation, out (double Fixed, double Random) means)
    {
        var rng = new Random(20261126);
        var fixedScalar = U256.One;
        var classes = new byte[measurements];
        var ticks = new long[measurements];
        var scalars = new U256[measurements];
        Span<byte> buffer = stackalloc byte[32];
        for (int i = 0; i < measurements; i++)
        {
            classes[i] = (byte)rng.Next(2);
            if (classes[i] == 0)
            {
                scalars[i] = fixedScalar;
            }
            else
            {
                do
                {
                    rng.NextBytes(buffer);
                    scalars[i] = U256.FromBigEndian(buffer);
                }
                while (!Fn.IsInRange(scalars[i]));
            }
        }

        // Warm up the JIT (tier 1) and the table.
        for (int i = 0; i < 2000; i++)
        {
            operation(scalars[i % measurements]);
        }

        for (int i = 0; i < measurements; i++)
        {
            long start = Stopwatch.GetTimestamp();
            operation(scalars[i]);
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        // Crop the slowest 5 % (interrupts, other tenants), as dudect's percentile pre-processing does.
        var sorted = (long[])ticks.Clone();
        Array.Sort(sorted);
        long threshold = sorted[(int)(sorted.Length * 0.95)];

        var stats = new Welford[2];
        for (int i = 0; i < measurements; i++)
        {
            if (ticks[i] <= threshold)
            {
                stats[classes[i]].Add(ticks[i]);
            }
        }

        means = (stats[0].Mean, stats[1].Mean);
        double se = Math.Sqrt((stats[0].Variance / stats[0].Count) + (stats[1].Variance / stats[1].Count));
        return se == 0 ? 0 : (stats[0].Mean - stats[1].Mean) / se;
    }

    private struct Welford
    {
        public long Count;
        public double Mean;
        private double _m2;

        public readonly double Variance => Count > 1 ? _m2 / (Count - 1) : 0;

        public void Add(double x)
        {
            Count++;
            double delta = x - Mean;
            Mean += delta / Count;
            _m2 += delta * (x - Mean);
        }
    }
}
