namespace Trust.Core.Crypto;

/// <summary>The signature schemes Trust creates and verifies.</summary>
public enum SignatureAlgorithm
{
    /// <summary>SM2 signature with SM3 (GB/T 32918.2), signer identity digest Z over the user ID; DER r,s.</summary>
    Sm2Sm3 = 1,

    /// <summary>RSA PKCS#1 v1.5 with SHA-256.</summary>
    RsaPkcs1Sha256 = 2,

    /// <summary>RSA-PSS with SHA-256, MGF1-SHA-256, salt length 32.</summary>
    RsaPssSha256 = 3,

    /// <summary>ECDSA on P-256 with SHA-256; DER r,s unless a container fixes raw r‖s.</summary>
    EcdsaP256Sha256 = 4,
}

/// <summary>Facts about each <see cref="SignatureAlgorithm"/>: names, OIDs, key kind, digest.</summary>
public static class SignatureAlgorithms
{
    /// <summary>OID of sm2p256v1 (GM/T 0006).</summary>
    public const string Sm2CurveOid = "1.2.156.10197.1.301";

    /// <summary>OID of SM3 (GM/T 0006).</summary>
    public const string Sm3Oid = "1.2.156.10197.1.401";

    /// <summary>OID of SM2-with-SM3 (GM/T 0006).</summary>
    public const string Sm2WithSm3Oid = "1.2.156.10197.1.501";

    /// <summary>The key kind an algorithm needs.</summary>
    public static KeyAlgorithm KeyAlgorithmOf(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.Sm2Sm3 => KeyAlgorithm.Sm2,
        SignatureAlgorithm.RsaPkcs1Sha256 or SignatureAlgorithm.RsaPssSha256 => KeyAlgorithm.Rsa,
        SignatureAlgorithm.EcdsaP256Sha256 => KeyAlgorithm.EcP256,
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signature algorithm."),
    };

    /// <summary>The digest an algorithm uses.</summary>
    public static DigestAlgorithm DigestOf(SignatureAlgorithm algorithm) =>
        algorithm == SignatureAlgorithm.Sm2Sm3 ? DigestAlgorithm.Sm3 : DigestAlgorithm.Sha256;

    /// <summary>Display name used in reports and JSON output, for example <c>SM2-SM3</c> or <c>RSA-SHA256</c>.</summary>
    public static string DisplayName(SignatureAlgorithm algorithm) => algorithm switch
    {
        SignatureAlgorithm.Sm2Sm3 => "SM2-SM3",
        SignatureAlgorithm.RsaPkcs1Sha256 => "RSA-SHA256",
        SignatureAlgorithm.RsaPssSha256 => "RSA-PSS-SHA256",
        SignatureAlgorithm.EcdsaP256Sha256 => "ECDSA-P256-SHA256",
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signature algorithm."),
    };
}
