using Trust.Core.Cose;
using Trust.Core.Results;

namespace Trust.Core.Status;

/// <summary>
/// The resource limits of <see cref="StatusList.TryVerify(ReadOnlyMemory{byte}, Pki.ICertificateValidator, StatusListVerificationLimits, out StatusList?, out string)"/>:
/// the signed size before decoding, the declared number of entries before the bit array is inflated (which bounds the
/// decompressed size), and the certificate count before the chain and signature checks. A list over a configured limit
/// but within the format (8 MiB, 2^26 entries, five certificates) gives a <c>limit.*</c> reason
/// (<see cref="LimitReasons"/>, indication indeterminate); over the format's own maximum it stays
/// <c>statuslist.malformed:&lt;field&gt;</c>. The defaults are the format's maxima; limits can only be lowered.
/// </summary>
public sealed class StatusListVerificationLimits
{
    /// <summary>The upper cap of <see cref="MaxInputBytes"/>: the format's largest signed list (8 MiB).</summary>
    public const int MaxInputBytesCap = StatusListPayload.MaxSignedBytes;

    /// <summary>The upper cap of <see cref="MaxEntries"/>: the format's largest list (2^26 entries, 16 MiB of bits).</summary>
    public const long MaxEntriesCap = StatusListPayload.MaxEntries;

    /// <summary>The upper cap of <see cref="MaxChainCertificates"/>: the format's largest x5chain (5).</summary>
    public const int MaxChainCertificatesCap = CoseLimits.MaxChainCertificates;

    /// <summary>The defaults (the format's maxima).</summary>
    public static StatusListVerificationLimits Default { get; } = new();

    /// <summary>Largest signed list (COSE_Sign1 bytes) read, 1 to <see cref="MaxInputBytesCap"/> (default). Larger: <c>limit.input_size</c>.</summary>
    public int MaxInputBytes { get; init; } = MaxInputBytesCap;

    /// <summary>
    /// Most entries a list may declare, 1 to <see cref="MaxEntriesCap"/> (default); the bit array is inflated to at most
    /// two bits per entry. More: <c>limit.entries</c>, before anything is inflated.
    /// </summary>
    public long MaxEntries { get; init; } = MaxEntriesCap;

    /// <summary>Most certificates in the list's x5chain, 1 to <see cref="MaxChainCertificatesCap"/> (default). More: <c>limit.certificates</c>.</summary>
    public int MaxChainCertificates { get; init; } = MaxChainCertificatesCap;

    /// <summary>Checks every limit against its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range; the parameter name is the property.</exception>
    public void Validate()
    {
        LimitReasons.CheckRange(MaxInputBytes, 1, MaxInputBytesCap, nameof(MaxInputBytes));
        LimitReasons.CheckRange(MaxEntries, 1, MaxEntriesCap, nameof(MaxEntries));
        LimitReasons.CheckRange(MaxChainCertificates, 1, MaxChainCertificatesCap, nameof(MaxChainCertificates));
    }
}
