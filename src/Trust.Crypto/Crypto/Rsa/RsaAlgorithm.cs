using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Trust.Core.Crypto.Rsa;

namespace Trust.Core.Crypto.Internal;

internal static partial class AlgorithmRegistry
{
    static partial void RegisterRsa(List<KeyAlgorithmProvider> providers) => providers.Add(new RsaKeyProvider());
}

/// <summary>RSA keys (rsaEncryption, RFC 8017 appendix A.1), 2048 bits and more, through the platform.</summary>
internal sealed class RsaKeyProvider : KeyAlgorithmProvider
{
    private static readonly SignatureAlgorithmInfo[] SignatureList =
    [
        new(SignatureAlgorithm.RsaPkcs1Sha256, "RSA-SHA256", KeyAlgorithm.Rsa, DigestAlgorithm.Sha256, Oids.Sha256WithRsaEncryption, CoseAlgorithm: -257)
        {
            CoseLabel = -257,
            X509 = X509Parameters.Null,
            // RFC 3370 section 3.2: rsaEncryption with NULL in SignerInfo; sha256WithRSAEncryption is accepted too.
            Cms = new(Oids.RsaEncryption) { AcceptedAliases = [Oids.Sha256WithRsaEncryption], WriteParameters = static () => DerNull.Instance },
            UsedForSeals = true,
        },
        new(SignatureAlgorithm.RsaPssSha256, "RSA-PSS-SHA256", KeyAlgorithm.Rsa, DigestAlgorithm.Sha256, Oids.RsaSsaPss, CoseAlgorithm: -37)
        {
            CoseLabel = -37,
            Cms = new(Oids.RsaSsaPss) { WriteParameters = PssParameters, AcceptsParameters = IsPssSha256Salt32, UsedForTimestamps = false },
        },
    ];

    /// <summary>RSASSA-PSS-params with SHA-256, MGF1-SHA-256, salt 32 (RFC 4055 section 3.1), as written in CMS.</summary>
    private static RsassaPssParameters PssParameters()
    {
        var sha256 = new AlgorithmIdentifier(new DerObjectIdentifier(Oids.Sha256), DerNull.Instance);
        return new RsassaPssParameters(sha256, new AlgorithmIdentifier(PkcsObjectIdentifiers.IdMgf1, sha256), DerInteger.ValueOf(32), DerInteger.ValueOf(1));
    }

    /// <summary>Whether RSASSA-PSS-params name SHA-256 and a 32-byte salt, the only PSS form verified.</summary>
    private static bool IsPssSha256Salt32(Asn1Encodable? parameters) =>
        parameters is not null && RsassaPssParameters.GetInstance(parameters) is { } p
            && p.HashAlgorithm.Algorithm.Id == Oids.Sha256 && p.SaltLength.IntValueExact == 32;

    public override KeyAlgorithm Kind => KeyAlgorithm.Rsa;

    public override IReadOnlyList<SignatureAlgorithmInfo> Signatures => SignatureList;

    public override bool Recognises(string algorithmOid, string? parameterOid) => algorithmOid == Oids.RsaEncryption;

    public override SigningKey DecodePkcs8(byte[] pkcs8, ReadOnlyMemory<byte> privateKey) =>
        Import(rsa => rsa.ImportPkcs8PrivateKey(pkcs8, out _));

    public override VerificationKey DecodeSubjectPublicKeyInfo(byte[] spki, byte[] publicKey) => new RsaVerificationKey(spki);

    public override SigningKey Generate() => RsaSigningKey.Generate();

    /// <summary>Imports into a fresh platform key, disposing it on any failure.</summary>
    internal static RsaSigningKey Import(Action<RSA> import)
    {
        var rsa = RSA.Create();
        try
        {
            import(rsa);
            return new RsaSigningKey(rsa);
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new TrustKeyException("The RSA private key is malformed.", ex);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
    }
}
