using System.Diagnostics;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Crypto.Sm2.Fast;

namespace Trust.Bench;

/// <summary>A few-second stopwatch measurement of the fast engine's primitives, for tuning (not a substitute for BenchmarkDotNet).</summary>
internal static class QuickRates
{
    internal static void Run()
    {
        var scalar = Convert.FromHexString("3945208F7B2144B13F36E38AC6D39F95889393692860B51A42FB81EF4DF7C5B8");
        var message = new byte[256];
        using var key = Sm2SigningKey.FromPrivateScalar(scalar, engine: Sm2EngineKind.Fast);
        var signature = key.Sign(SignatureAlgorithm.Sm2Sm3, message);
        var a = Fp.ToMontgomery(new U256(1, 2, 3, 4));
        var b = Fp.ToMontgomery(new U256(5, 6, 7, 8));
        var k = new U256(0x1234567890ABCDEF, 0xFEDCBA0987654321, 0x1111111111111111, 0x7777777777777777);
        var data = new byte[1 << 20];

        Rate("Fp.Mul", 2_000_000, () => FpReduction.Mul(out a, a, b));
        Rate("Fp.Sqr", 2_000_000, () => FpReduction.Sqr(out a, a));

        Rate("Fp.Invert", 8_000, () => a = Fp.Invert(a));
        Rate("k·G (CT comb)", 8_000, () => FixedBaseMultiplier.Multiply(k));
        Rate("sign", 8_000, () => key.Sign(SignatureAlgorithm.Sm2Sm3, message));
        Rate("verify (cached key)", 8_000, () => key.PublicKey.Verify(SignatureAlgorithm.Sm2Sm3, message, signature));
        Rate("sign, fresh key", 4_000, () =>
        {
            using var fresh = Sm2SigningKey.FromPrivateScalar(scalar, engine: Sm2EngineKind.Fast);
            fresh.Sign(SignatureAlgorithm.Sm2Sm3, message);
        });
        var point = ((Sm2VerificationKey)key.PublicKey).Point.ToArray();
        Rate("verify, fresh key", 4_000, () => Sm2VerificationKey.FromPoint(point, engine: Sm2EngineKind.Fast).Verify(SignatureAlgorithm.Sm2Sm3, message, signature));

        using var bc = Sm2SigningKey.FromPrivateScalar(scalar, engine: Sm2EngineKind.BouncyCastle);
        var bcPublic = Sm2VerificationKey.FromPoint(point, engine: Sm2EngineKind.BouncyCastle);
        Rate("BouncyCastle sign", 400, () => bc.Sign(SignatureAlgorithm.Sm2Sm3, message));
        Rate("BouncyCastle verify", 400, () => bcPublic.Verify(SignatureAlgorithm.Sm2Sm3, message, signature));

        using var p256 = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var p256Signature = p256.SignData(message, System.Security.Cryptography.HashAlgorithmName.SHA256);
        Rate("ECDSA P-256 sign", 8_000, () => p256.SignData(message, System.Security.Cryptography.HashAlgorithmName.SHA256));
        Rate("ECDSA P-256 verify", 8_000, () => p256.VerifyData(message, p256Signature, System.Security.Cryptography.HashAlgorithmName.SHA256));

        double seconds = Rate("SM3 1 MiB", 200, () => Digest.Hash(DigestAlgorithm.Sm3, data));
        Console.WriteLine($"SM3: {1.0 / seconds:F0} MiB/s");
        double bcSeconds = Rate("BouncyCastle SM3 1 MiB", 200, () =>
        {
            using var d = new Trust.Core.Crypto.Sm3Engines.BouncyCastleSm3Digest();
            d.Append(data);
            d.Finish();
        });
        Console.WriteLine($"BouncyCastle SM3: {1.0 / bcSeconds:F0} MiB/s");
    }

    private static double Rate(string name, int count, Action action)
    {
        for (int i = 0; i < Math.Max(1, count / 10); i++)
        {
            action();
        }

        // Forty batches, keep the fastest: on a shared machine the minimum is the least disturbed.
        double perOp = double.MaxValue;
        var sw = Stopwatch.StartNew();
        for (int batch = 0; batch < 40; batch++)
        {
            double cpuStart = ThreadCpuTime.Seconds();
            for (int i = 0; i < count / 40; i++)
            {
                action();
            }

            perOp = Math.Min(perOp, (ThreadCpuTime.Seconds() - cpuStart) / (count / 40));
        }

        Console.WriteLine($"{name,-22} {perOp * 1e6,10:F3} µs CPU  {1 / perOp,12:F0} /s per core   (wall {sw.Elapsed.TotalSeconds / count * 1e6:F3} µs)");
        return perOp;
    }
}
