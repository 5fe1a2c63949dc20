using Trust.Core.Pki;
using Trust.Core.Seals;

namespace Trust.Pdf;

/// <summary>How thoroughly to verify.</summary>
public sealed class PdfVerificationOptions
{
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

    /// <summary>Deepest nesting of arrays and dictionaries the parser follows (default 256, clamped to 8..1000 so parsing stays within the thread stack). Deeper: verdict indeterminate, reason <c>limit.nesting_depth</c>.</summary>
    public int MaxNestingDepth { get; init; } = 256;
}
