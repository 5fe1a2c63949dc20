using System.Security.Cryptography;
using Trust.Core.Crypto.Sm2;

namespace Trust.Core.Crypto.Internal;

internal static partial class AlgorithmRegistry
{
    static partial void RegisterSm2(List<KeyAlgorithmProvider> providers) => providers.Add(new Sm2KeyProvider());
}

/// <summary>
/// SM2 keys on sm2p256v1 (GB/T 32918, OIDs from GM/T 0006). Keys are encoded as ordinary EC keys:
/// id-ecPublicKey with the sm2p256v1 curve OID (what OpenSSL 3 writes); the curve OID used as
/// the algorithm itself is also accepted on input.
/// </summary>
internal sealed class Sm2KeyProvider : KeyAlgorithmProvider
{
    private static readonly SignatureAlgorithmInfo[] SignatureList =
    [
        new(SignatureAlgorithm.Sm2Sm3, "SM2-SM3", KeyAlgorithm.Sm2, DigestAlgorithm.Sm3, SignatureAlgorithms.Sm2WithSm3Oid, CoseAlgorithm: null)
        {
            CoseLabel = -65540, // private use (RFC 9053 section 16.4: labels below -65536); see Licences/FORMAT.md
            RawEcSignature = true,
            X509 = X509Parameters.AbsentOrNull,
            // GM/T 0010: SM2-with-SM3 with absent parameters; signers that write the sm2sign OID are read too.
            Cms = new(SignatureAlgorithms.Sm2WithSm3Oid) { AcceptedAliases = [Oids.Sm2Sign] },
            UsedForSeals = true,
        },
    ];

    public override KeyAlgorithm Kind => KeyAlgorithm.Sm2;

    public override IReadOnlyList<SignatureAlgorithmInfo> Signatures => SignatureList;

    public override bool Recognises(string algorithmOid, string? parameterOid) =>
        (algorithmOid == Oids.EcPublicKey && parameterOid == Oids.Sm2Curve) || algorithmOid == Oids.Sm2Curve;

    public override SigningKey DecodePkcs8(byte[] pkcs8, ReadOnlyMemory<byte> privateKey) => DecodeSec1(privateKey.ToArray());

    public override SigningKey DecodeSec1(byte[] ecPrivateKey)
    {
        using var sec1 = Sec1PrivateKey.Read(ecPrivateKey, fieldBytes: 32);
        if (sec1.CurveOid is not null && sec1.CurveOid != Oids.Sm2Curve)
        {
            throw new TrustKeyException($"The EC private key names curve {Oids.CurveName(sec1.CurveOid)}, not sm2p256v1.");
        }

        var key = Sm2SigningKey.FromPrivateScalar(sec1.Scalar);
        if (sec1.PublicPoint is { } point && !CryptographicOperations.FixedTimeEquals(point, ((Sm2VerificationKey)key.PublicKey).Point))
        {
            key.Dispose();
            throw new TrustKeyException("The SM2 private key's embedded public key does not match its private scalar.");
        }

        return key;
    }

    public override VerificationKey DecodeSubjectPublicKeyInfo(byte[] spki, byte[] publicKey) => Sm2VerificationKey.FromPoint(publicKey);

    public override SigningKey Generate() => Sm2SigningKey.Generate();
}
