namespace Trust.Core.Crypto.Internal;

/// <summary>Object identifiers used by the key encodings (RFC 5480, RFC 8017, GM/T 0006).</summary>
internal static class Oids
{
    internal const string Sha256 = "2.16.840.1.101.3.4.2.1";
    internal const string Sm2Sign = "1.2.156.10197.1.301.1";
    internal const string RsaEncryption = "1.2.840.113549.1.1.1";
    internal const string RsaSsaPss = "1.2.840.113549.1.1.10";
    internal const string Sha256WithRsaEncryption = "1.2.840.113549.1.1.11";
    internal const string EcPublicKey = "1.2.840.10045.2.1";
    internal const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    internal const string P256 = "1.2.840.10045.3.1.7";
    internal const string Sm2Curve = SignatureAlgorithms.Sm2CurveOid;

    /// <summary>A readable name for curves people commonly try, for error messages.</summary>
    internal static string CurveName(string? oid) => oid switch
    {
        null => "(explicit or missing parameters)",
        P256 => "P-256",
        Sm2Curve => "sm2p256v1",
        "1.3.132.0.34" => "P-384 (secp384r1)",
        "1.3.132.0.35" => "P-521 (secp521r1)",
        "1.3.132.0.10" => "secp256k1",
        "1.3.36.3.3.2.8.1.1.7" => "brainpoolP256r1",
        "1.3.101.112" => "Ed25519",
        _ => oid,
    };
}
