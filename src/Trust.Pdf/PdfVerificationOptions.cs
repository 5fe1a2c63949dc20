using Trust.Core.Pki;
using Trust.Core.Seals;

namespace Trust.Pdf;

/// <summary>How thoroughly to verify.</summary>
public sealed class PdfVerificationOptions
{
    /// <summary>Validates signer certificates at signing time. Without one, certificate status is <c>not-checked</c> and the verdict is at best indeterminate, unless <see cref="SkipCertificateValidation"/> is set.</summary>
    public ICertificateValidator? CertificateValidator { get; init; }

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

    /// <summary>Skips the analysis of later revisions (expensive on files with many revisions); the report lists it as skipped and a seal that does not cover the whole document is then indeterminate.</summary>
    public bool SkipChangeAnalysis { get; init; }
}
