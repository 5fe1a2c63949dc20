using Trust.Core.Crypto;

namespace Trust.Core.Cose;

/// <summary>
/// COSE algorithm labels (IANA "COSE Algorithms" registry, RFC 9053 and RFC 8230) for the
/// signature algorithms Trust supports.
/// </summary>
/// <remarks>
/// SM2 with SM3 has no registered COSE label. Trust uses <see cref="Sm2Sm3"/> = -65540 from the
/// private-use range (labels below -65536, RFC 9053 section 10 / IANA registry), so that
/// implementations can never confuse it with a registered algorithm. As for ES256, the
/// COSE signature is the raw, fixed-length r‖s (32 + 32 bytes, big-endian), and the SM2
/// signer identity digest Z uses the certificate holder's default user ID
/// <c>1234567812345678</c> (GB/T 32918.2, GM/T 0009).
/// <para>The labels themselves are registered with each algorithm (<c>Crypto/*/…Algorithm.cs</c>, the one table in
/// <c>Crypto/Internal/AlgorithmRegistry</c>); the constants here name them for tests and documentation, and
/// <c>AlgorithmRegistryTests</c> checks that both agree.</para>
/// </remarks>
internal static class CoseAlgorithms
{
    /// <summary>ECDSA P-256 with SHA-256 (RFC 9053 section 2.1).</summary>
    public const long Es256 = -7;

    /// <summary>RSASSA-PSS with SHA-256, MGF1 SHA-256, salt 32 (RFC 8230 section 2).</summary>
    public const long Ps256 = -37;

    /// <summary>RSASSA-PKCS1-v1_5 with SHA-256 (RFC 8812 section 2).</summary>
    public const long Rs256 = -257;

    /// <summary>SM2 with SM3 (GB/T 32918.2), private-use label chosen by Trust.</summary>
    public const long Sm2Sm3 = -65540;

    /// <summary>The COSE label of an algorithm.</summary>
    public static long LabelOf(SignatureAlgorithm algorithm) =>
        Crypto.Internal.AlgorithmRegistry.TryGet(algorithm, out var info)
            ? info.CoseLabel
            : throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "No COSE label for this algorithm.");

    /// <summary>The algorithm of a COSE label, or false when Trust does not accept it.</summary>
    public static bool TryFromLabel(long label, out SignatureAlgorithm algorithm) =>
        Crypto.Internal.AlgorithmRegistry.TryGetByCoseLabel(label, out algorithm);

    /// <summary>Whether the COSE signature of this algorithm is raw r‖s (EC and SM2) rather than an RSA block.</summary>
    public static bool IsRawEc(SignatureAlgorithm algorithm) =>
        Crypto.Internal.AlgorithmRegistry.TryGet(algorithm, out var info) && info.RawEcSignature;
}
