using System.Security.Cryptography;
using Trust.Core.Crypto.Ecdsa;

namespace Trust.Core.Crypto.Internal;

internal static partial class AlgorithmRegistry
{
    static partial void RegisterEcdsaP256(List<KeyAlgorithmProvider> providers) => providers.Add(new EcdsaP256KeyProvider());
}

/// <summary>ECDSA keys on NIST P-256 (RFC 5480 id-ecPublicKey with secp256r1) through the platform.</summary>
internal sealed class EcdsaP256KeyProvider : KeyAlgorithmProvider
{
    private static readonly SignatureAlgorithmInfo[] SignatureList =
    [
        new(SignatureAlgorithm.EcdsaP256Sha256, "ECDSA-P256-SHA256", KeyAlgorithm.EcP256, DigestAlgorithm.Sha256, Oids.EcdsaWithSha256, CoseAlgorithm: -7)
        {
            CoseLabel = -7,
            RawEcSignature = true,
            X509 = X509Parameters.Absent,
            // RFC 5753 section 7.1.3: ecdsa-with-SHA256, parameters absent; id-ecPublicKey is accepted too.
            Cms = new(Oids.EcdsaWithSha256) { AcceptedAliases = [Oids.EcPublicKey] },
        },
    ];

    public override KeyAlgorithm Kind => KeyAlgorithm.EcP256;

    public override IReadOnlyList<SignatureAlgorithmInfo> Signatures => SignatureList;

    public override bool Recognises(string algorithmOid, string? parameterOid) =>
        algorithmOid == Oids.EcPublicKey && parameterOid == Oids.P256;

    public override SigningKey DecodePkcs8(byte[] pkcs8, ReadOnlyMemory<byte> privateKey) =>
        Import(ec => ec.ImportPkcs8PrivateKey(pkcs8, out _));

    public override SigningKey DecodeSec1(byte[] ecPrivateKey) =>
        Import(ec => ec.ImportECPrivateKey(ecPrivateKey, out _));

    public override VerificationKey DecodeSubjectPublicKeyInfo(byte[] spki, byte[] publicKey) => new EcdsaVerificationKey(spki);

    public override SigningKey Generate() => EcdsaSigningKey.Generate();

    private static EcdsaSigningKey Import(Action<ECDsa> import)
    {
        var ec = ECDsa.Create();
        try
        {
            import(ec);
            return new EcdsaSigningKey(ec);
        }
        catch (CryptographicException ex)
        {
            ec.Dispose();
            throw new TrustKeyException("The P-256 private key is malformed.", ex);
        }
        catch
        {
            ec.Dispose();
            throw;
        }
    }
}
