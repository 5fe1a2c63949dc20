namespace Trust.Core.Crypto;

/// <summary>The kind of an asymmetric key pair.</summary>
public enum KeyAlgorithm
{
    /// <summary>SM2 on the sm2p256v1 curve (GB/T 32918, OID 1.2.156.10197.1.301).</summary>
    Sm2 = 1,

    /// <summary>RSA, 2048 or 3072 bits.</summary>
    Rsa = 2,

    /// <summary>ECDSA on NIST P-256.</summary>
    EcP256 = 3,
}
