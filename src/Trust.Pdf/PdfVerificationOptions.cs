using Trust.Core.Pki;
using Trust.Core.Seals;

namespace Trust.Pdf;

/// <summary>
/// How thoroughly to verify, and the resource limits of one verification. A limit reached gives verdict indeterminate
/// with a <c>limit.*</c> reason naming it (<see cref="Trust.Core.Results.LimitReasons"/>), never valid. The defaults are
/// safe for the server; <see cref="Validate"/> refuses a zero, negative or uncapped limit.
/// </summary>
public sealed class PdfVerificationOptions
{
    /// <summary>The upper cap of <see cref="MaxInputBytes"/> (64 GiB).</summary>
    public const long MaxInputBytesCap = 64L << 30;

    /// <summary>The upper cap of <see cref="MaxRevisions"/> (4,096).</summary>
    public const int MaxRevisionsCap = 4096;

    /// <summary>The upper cap of <see cref="MaxObjects"/> (10,000,000).</summary>
    public const int MaxObjectsCap = 10_000_000;

    /// <summary>The upper cap of <see cref="MaxStreamDecodedBytes"/> (1 GiB).</summary>
    public const long MaxStreamDecodedBytesCap = 1L << 30;

    /// <summary>The upper cap of <see cref="MaxTotalDecodedBytes"/> (16 GiB).</summary>
    public const long MaxTotalDecodedBytesCap = 16L << 30;

    /// <summary>The lower bound of <see cref="MaxNestingDepth"/> (8).</summary>
    public const int MinNestingDepth = 8;

    /// <summary>The upper cap of <see cref="MaxNestingDepth"/> (1,000).</summary>
    public const int MaxNestingDepthCap = 1000;

    /// <summary>The upper cap of <see cref="MaxDuration"/> (one day).</summary>
    public static readonly TimeSpan MaxDurationCap = TimeSpan.FromDays(1);

    /// <summary>Validates signer certificates at signing time. Without one, certificate status is <c>not-checked</c> and the verdict is at best indeterminate, unless <see cref="SkipCertificateValidation"/> is set.</summary>
    public ICertificateValidator? CertificateValidator { get => _certificateValidator; init => _certificateValidator = value; }

    private ICertificateValidator? _certificateValidator;

    /// <summary>Skips certificate validation on purpose (bulk integrity checks); the report lists it as skipped and it does not lower the verdict.</summary>
    public bool SkipCertificateValidation { get; init; }

    /// <summary>The seals of the PKI: a seal found here (same esID and the same SES_Seal bytes) reports its department code in <see cref="PdfSealReport.Department"/>.</summary>
    public SealRegistry? SealRegistry { get; init; }

    /// <summary>
    /// The seals revoked by their departments (for example a snapshot of the store's revocations). A seal whose esID is
    /// revoked makes its signature invalid with reason <c>seal.revoked</c> (<see cref="SealReasons.Revoked"/>), and so the
    /// document. Without a source no seal is reported revoked.
    /// </summary>
    public ISealRevocationSource? SealRevocations { get; init; }

    /// <summary>
    /// Validate as of this time (ETSI EN 319 102-1 section 5.6.2.1, past signature validation); the current time when
    /// null. Time-stamp authorities' certificates are judged at this time. A seal whose signature time-stamp is valid
    /// has its certificate judged at the proven time (a certificate revoked or expired after it keeps the seal valid);
    /// without a proof, at this time, where an expired or revoked certificate makes the seal indeterminate
    /// (<c>certificate.expired_no_poe</c>, <c>certificate.revoked_no_poe</c>). When null, a seal without a time-stamp has
    /// its certificate judged at its claimed signing time, as before.
    /// </summary>
    public DateTimeOffset? ValidationTime { get; init; }

    /// <summary>Skips the analysis of later revisions (expensive on files with many revisions); the report lists it as skipped and a seal that does not cover the whole document is then indeterminate.</summary>
    public bool SkipChangeAnalysis { get; init; }

    /// <summary>Largest input accepted, in bytes (default 8 GiB). A larger file is not read: verdict indeterminate, reason <c>limit.input_size</c>.</summary>
    public long MaxInputBytes { get; init; } = 8L << 30;

    /// <summary>Most revisions (<c>%%EOF</c> markers) accepted (default 256). More: verdict indeterminate, reason <c>limit.revisions</c>, found by a scan that stops at the limit.</summary>
    public int MaxRevisions { get; init; } = 256;

    /// <summary>Most cross-reference entries of one revision (default 1,000,000; all revisions read during one verification together at most 32 times this). More: verdict indeterminate, reason <c>limit.objects</c>.</summary>
    public int MaxObjects { get; init; } = 1_000_000;

    /// <summary>Most bytes one stream may decode to (default 64 MiB), enforced while inflating, before the memory is spent. More: verdict indeterminate, reason <c>limit.stream_decoded_bytes</c>.</summary>
    public long MaxStreamDecodedBytes { get; init; } = 64L << 20;

    /// <summary>Most bytes all decoded streams of one verification may add up to (default 1 GiB; streams are decoded again for each revision read). More: verdict indeterminate, reason <c>limit.total_decoded_bytes</c>.</summary>
    public long MaxTotalDecodedBytes { get; init; } = 1L << 30;

    /// <summary>A copy with another certificate validator (the document's own validation data added); every other option is kept.</summary>
    internal PdfVerificationOptions WithValidator(ICertificateValidator validator)
    {
        var copy = (PdfVerificationOptions)MemberwiseClone();
        copy._certificateValidator = validator;
        return copy;
    }

    /// <summary>Deepest nesting of arrays and dictionaries the parser follows (default 256, <see cref="MinNestingDepth"/> to <see cref="MaxNestingDepthCap"/> so parsing stays within the thread stack). Deeper: verdict indeterminate, reason <c>limit.nesting_depth</c>.</summary>
    public int MaxNestingDepth { get; init; } = 256;

    /// <summary>
    /// Longest time one verification may take (default 30 minutes, up to <see cref="MaxDurationCap"/>), measured with
    /// <see cref="TimeProvider"/> from the start of the verification and checked at every read of the input and every
    /// decoded stream. Longer: the work stops, verdict indeterminate, reason <c>limit.time</c>.
    /// </summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The clock of <see cref="MaxDuration"/>; <see cref="TimeProvider.System"/> when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>
    /// A copy of these options with the resource limits of <paramref name="limits"/> (<see cref="MaxInputBytes"/>,
    /// <see cref="MaxRevisions"/>, <see cref="MaxObjects"/>, <see cref="MaxStreamDecodedBytes"/>,
    /// <see cref="MaxTotalDecodedBytes"/>, <see cref="MaxNestingDepth"/>, <see cref="MaxDuration"/>) and everything else
    /// from these: lets a host keep configured limits in one object and build the per-call options from it.
    /// </summary>
    /// <param name="limits">Where the limits come from.</param>
    public PdfVerificationOptions WithLimitsOf(PdfVerificationOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new PdfVerificationOptions
        {
            CertificateValidator = CertificateValidator,
            SkipCertificateValidation = SkipCertificateValidation,
            SealRegistry = SealRegistry,
            SealRevocations = SealRevocations,
            ValidationTime = ValidationTime,
            SkipChangeAnalysis = SkipChangeAnalysis,
            TimeProvider = TimeProvider,
            MaxInputBytes = limits.MaxInputBytes,
            MaxRevisions = limits.MaxRevisions,
            MaxObjects = limits.MaxObjects,
            MaxStreamDecodedBytes = limits.MaxStreamDecodedBytes,
            MaxTotalDecodedBytes = limits.MaxTotalDecodedBytes,
            MaxNestingDepth = limits.MaxNestingDepth,
            MaxDuration = limits.MaxDuration,
        };
    }

    /// <summary>Checks every limit against its range (1 to its cap; <see cref="MaxNestingDepth"/> from <see cref="MinNestingDepth"/>; <see cref="MaxDuration"/> positive).</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range; the parameter name is the property.</exception>
    public void Validate()
    {
        Check(MaxInputBytes, 1, MaxInputBytesCap, nameof(MaxInputBytes));
        Check(MaxRevisions, 1, MaxRevisionsCap, nameof(MaxRevisions));
        Check(MaxObjects, 1, MaxObjectsCap, nameof(MaxObjects));
        Check(MaxStreamDecodedBytes, 1, MaxStreamDecodedBytesCap, nameof(MaxStreamDecodedBytes));
        Check(MaxTotalDecodedBytes, 1, MaxTotalDecodedBytesCap, nameof(MaxTotalDecodedBytes));
        Check(MaxNestingDepth, MinNestingDepth, MaxNestingDepthCap, nameof(MaxNestingDepth));
        if (MaxDuration <= TimeSpan.Zero || MaxDuration > MaxDurationCap)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDuration), MaxDuration, $"{nameof(MaxDuration)} must be positive and at most {MaxDurationCap}.");
        }
    }

    private static void Check(long value, long min, long max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
        }
    }
}
