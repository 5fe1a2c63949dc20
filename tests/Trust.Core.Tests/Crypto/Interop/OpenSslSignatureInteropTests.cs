using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Keys;

namespace Trust.Core.Tests.Crypto.Interop;

/// <summary>
/// Interoperability with an independent implementation (brief, "Must show"): 100 random messages
/// signed by Trust verify with <c>openssl pkeyutl -verify -rawin</c>, 100 signed by OpenSSL verify
/// with Trust, and a flipped bit in message or signature fails in both directions.
/// </summary>
public sealed class OpenSslSignatureInteropTests
{
    private const int Count = 100;
    private const int Tampered = 10;

    public OpenSslSignatureInteropTests() => OpenSsl.EnsureAvailable();

    public static TheoryData<string> Schemes => new() { "sm2", "rsa-pkcs1", "rsa-pss", "ecdsa" };

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Signatures_by_trust_verify_with_openssl_and_flipped_bits_fail(string scheme)
    {
        var s = Scheme.Get(scheme);
        using var ws = new InteropWorkspace();
        using var key = SigningKeys.Generate(SignatureAlgorithms.KeyAlgorithmOf(s.Algorithm));
        ws.Write("pub.pem", PublicKeyPem.Export(key.PublicKey));
        var messages = ws.WriteRandomMessages(Count, seed: 1000 + scheme.Length);
        var tamperedIndexes = new List<int>();
        for (var i = 0; i < Count; i++)
        {
            var signature = key.Sign(s.Algorithm, messages[i]);
            ws.Write($"s{i}", signature);
            if (tamperedIndexes.Count < Tampered && messages[i].Length > 0)
            {
                tamperedIndexes.Add(i);
                ws.Write($"tm{i}", FlipBit(messages[i], i * 7));
                ws.Write($"ts{i}", FlipBit(signature, i * 3));
            }
        }

        var script = $$"""
            v() { openssl pkeyutl -verify -pubin -inkey pub.pem -rawin {{s.OpenSslOptions}} -in "$1" -sigfile "$2" >/dev/null 2>&1 && echo "$3 ok" || echo "$3 bad"; }
            for i in $(seq 0 {{Count - 1}}); do v m$i s$i $i; done
            for i in {{string.Join(' ', tamperedIndexes)}}; do v tm$i s$i $((1000+i)); v m$i ts$i $((2000+i)); done
            """;
        var verdicts = OpenSsl.ParseVerdicts(OpenSsl.Bash(ws.Directory, script));

        Assert.Equal(Count + (2 * tamperedIndexes.Count), verdicts.Count);
        Assert.All(Enumerable.Range(0, Count), i => Assert.True(verdicts[i], $"OpenSSL rejected Trust's {scheme} signature on message {i}"));
        Assert.All(tamperedIndexes, i => Assert.False(verdicts[1000 + i], $"OpenSSL accepted a signature over a tampered message {i}"));
        Assert.All(tamperedIndexes, i => Assert.False(verdicts[2000 + i], $"OpenSSL accepted a tampered signature {i}"));
    }

    [Theory]
    [MemberData(nameof(Schemes))]
    public void Signatures_by_openssl_verify_with_trust_and_flipped_bits_fail(string scheme)
    {
        var s = Scheme.Get(scheme);
        using var ws = new InteropWorkspace();
        var messages = ws.WriteRandomMessages(Count, seed: 2000 + scheme.Length);
        OpenSsl.Bash(ws.Directory, $$"""
            openssl genpkey {{s.GenPkey}} -out key.pem 2>/dev/null
            openssl pkey -in key.pem -pubout -out pub.pem
            for i in $(seq 0 {{Count - 1}}); do openssl pkeyutl -sign -inkey key.pem -rawin {{s.OpenSslOptions}} -in m$i -out s$i; done
            """);
        var publicKey = PublicKeyPem.Load(ws.ReadText("pub.pem"));

        var tampered = 0;
        for (var i = 0; i < Count; i++)
        {
            var signature = ws.Read($"s{i}");
            Assert.True(Verifies(publicKey, s.Algorithm, messages[i], signature), $"Trust rejected OpenSSL's {scheme} signature on message {i}");
            if (tampered < Tampered && messages[i].Length > 0)
            {
                tampered++;
                Assert.False(Verifies(publicKey, s.Algorithm, FlipBit(messages[i], i * 5), signature), $"Trust accepted a tampered message {i}");
                Assert.False(Verifies(publicKey, s.Algorithm, messages[i], FlipBit(signature, i * 11)), $"Trust accepted a tampered signature {i}");
            }
        }

        Assert.Equal(Tampered, tampered);
    }

    /// <summary>
    /// OpenSSL does not normalise ECDSA s: a high-s signature is refused by the default (strict) verification and
    /// accepted only through the explicit opt-in, which is what the interop check uses.
    /// </summary>
    private static bool Verifies(VerificationKey key, SignatureAlgorithm algorithm, byte[] message, byte[] signature)
    {
        if (key is not Core.Crypto.Ecdsa.EcdsaVerificationKey ecdsa)
        {
            return key.Verify(algorithm, message, signature);
        }

        var allowed = ecdsa.VerifyAllowingHighS(algorithm, message, signature);
        Assert.Equal(allowed && !Core.Crypto.Ecdsa.EcdsaVerificationKey.IsHighS(signature), key.Verify(algorithm, message, signature));
        return allowed;
    }

    [Fact]
    public void Openssl_3_0_without_distid_does_not_use_the_gbt_default_sm2_id()
    {
        // GB/T 32918.2 and GM/T 0009 fix the default ID 1234567812345678; OpenSSL 3.0's pkeyutl -rawin
        // without -pkeyopt distid signs with an empty ID instead. Operators must pass the distid.
        using var ws = new InteropWorkspace();
        ws.Write("m", "licence"u8.ToArray());
        OpenSsl.Bash(ws.Directory, """
            openssl genpkey -algorithm SM2 -out key.pem
            openssl pkey -in key.pem -pubout -out pub.pem
            openssl pkeyutl -sign -inkey key.pem -rawin -digest sm3 -in m -out s
            """);
        var publicKey = (Sm2VerificationKey)PublicKeyPem.Load(ws.ReadText("pub.pem"));
        var signature = ws.Read("s");

        Assert.False(publicKey.Verify(SignatureAlgorithm.Sm2Sm3, "licence"u8, signature));
        Assert.True(publicKey.WithUserId([]).Verify(SignatureAlgorithm.Sm2Sm3, "licence"u8, signature));
    }

    private static byte[] FlipBit(byte[] data, int position)
    {
        var copy = (byte[])data.Clone();
        copy[position % copy.Length] ^= (byte)(1 << (position % 8));
        return copy;
    }

    /// <summary>How openssl names each scheme.</summary>
    internal sealed record Scheme(SignatureAlgorithm Algorithm, string GenPkey, string OpenSslOptions)
    {
        internal static Scheme Get(string name) => name switch
        {
            "sm2" => new(SignatureAlgorithm.Sm2Sm3, "-algorithm SM2", "-digest sm3 -pkeyopt distid:1234567812345678"),
            "rsa-pkcs1" => new(SignatureAlgorithm.RsaPkcs1Sha256, "-algorithm RSA -pkeyopt rsa_keygen_bits:2048", "-digest sha256"),
            "rsa-pss" => new(SignatureAlgorithm.RsaPssSha256, "-algorithm RSA -pkeyopt rsa_keygen_bits:2048", "-digest sha256 -pkeyopt rsa_padding_mode:pss -pkeyopt rsa_pss_saltlen:32"),
            "ecdsa" => new(SignatureAlgorithm.EcdsaP256Sha256, "-algorithm EC -pkeyopt ec_paramgen_curve:P-256", "-digest sha256"),
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown scheme."),
        };
    }
}
