namespace Trust.Core.Crypto;

/// <summary>The signature schemes Trust creates and verifies. Facts about each are in <see cref="SignatureAlgorithms"/>.</summary>
public enum SignatureAlgorithm
{
    /// <summary>SM2 signature with SM3 (GB/T 32918.2), signer identity digest Z over the user ID; DER r,s.</summary>
    Sm2Sm3 = 1,

    /// <summary>RSA PKCS#1 v1.5 with SHA-256 (RFC 8017 section 8.2).</summary>
    RsaPkcs1Sha256 = 2,

    /// <summary>RSA-PSS with SHA-256, MGF1-SHA-256, salt length 32 (RFC 8017 section 8.1).</summary>
    RsaPssSha256 = 3,

    /// <summary>ECDSA on P-256 with SHA-256 (FIPS 186-4); DER r,s unless a container fixes raw r‖s.</summary>
    EcdsaP256Sha256 = 4,
}
