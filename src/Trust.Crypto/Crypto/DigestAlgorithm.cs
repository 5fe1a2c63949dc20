namespace Trust.Core.Crypto;

/// <summary>Digest algorithms.</summary>
public enum DigestAlgorithm
{
    /// <summary>SM3 (GB/T 32905), 256-bit.</summary>
    Sm3 = 1,

    /// <summary>SHA-256 (FIPS 180-4).</summary>
    Sha256 = 2,
}
