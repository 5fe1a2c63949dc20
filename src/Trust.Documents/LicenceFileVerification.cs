using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Pdf;

namespace Trust.Documents;

/// <summary>What a licence file is verified against.</summary>
public sealed class LicenceFileVerificationOptions
{
    /// <summary>Verifies the embedded licence (signature, chain, status).</summary>
    public required LicenceVerifier Licences { get; init; }

    /// <summary>Validates the seal signers' and seal makers' certificate chains.</summary>
    public required ICertificateValidator CertificateValidator { get; init; }

    /// <summary>Known seals (PDF: which seal of which department); optional.</summary>
    public SealRegistry? SealRegistry { get; init; }

    /// <summary>Seal revocations; without one the seal revocation check is skipped.</summary>
    public ISealRevocationSource? SealRevocations { get; init; }

    /// <summary>Candidate intermediate CA certificates (DER) for the seals' chains.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Intermediates { get; init; }

    /// <summary>
    /// Validate the seals as of this time (ETSI EN 319 102-1 past signature validation), as
    /// <see cref="PdfVerificationOptions.ValidationTime"/>; null for the signing time. OFD: a valid SES <c>timeStamp</c> or
    /// archive time-stamp (<see cref="Ofd.OfdArchiver"/>) proves when a seal existed.
    /// </summary>
    public DateTimeOffset? ValidationTime { get; init; }

    /// <summary>The licence catalog used to render the page again; default <see cref="LicenceCatalog.Default"/>.</summary>
    public LicenceCatalog? Catalog { get; init; }
}

/// <summary>The embedded licence of a licence file.</summary>
/// <param name="Id">The licence identifier (null when no licence could be read).</param>
/// <param name="Verification">The licence verifier's result (null when no licence was embedded).</param>
/// <param name="MatchesPage">Whether the visible page is exactly the page rendered from the embedded licence.</param>
public sealed record LicenceFileLicence(string? Id, LicenceVerificationResult? Verification, bool MatchesPage)
{
    /// <summary>The licence's verdict word (<c>valid</c>, <c>revoked</c>, ...), or <c>invalid</c> when none was embedded.</summary>
    public string VerdictText => Verification?.VerdictText ?? "invalid";
}

/// <summary>
/// The result of verifying a licence file: every seal (in the PDF report's shape, so PDF and OFD seals read alike),
/// the embedded licence and whether the page shows its data. The worst finding decides <see cref="Verdict"/>.
/// </summary>
public sealed class LicenceFileReport
{
    /// <summary>The detected format; null when the bytes are neither PDF nor OFD.</summary>
    public required LicenceFileFormat? Format { get; init; }

    /// <summary>The file's verdict.</summary>
    public required PdfDocumentVerdict Verdict { get; init; }

    /// <summary>One report per seal, in signing order.</summary>
    public required IReadOnlyList<PdfSealReport> Seals { get; init; }

    /// <summary>Revisions (PDF) or signatures (OFD).</summary>
    public required int Revisions { get; init; }

    /// <summary>The embedded licence.</summary>
    public required LicenceFileLicence Licence { get; init; }

    /// <summary>File-level reasons (catalogued in <see cref="ReasonCatalog"/>).</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>The archive time-stamps: PDF document time-stamps (B-LTA) or OFD archive time-stamps (<see cref="Ofd.OfdArchiver"/>).</summary>
    public IReadOnlyList<PdfTimestampReport> ArchiveTimestamps { get; init; } = [];

    /// <summary>Whether the file carries long-term validation data (PDF /DSS, OFD archive part).</summary>
    public bool HasValidationData { get; init; }

    /// <summary>The verdict in the common result model.</summary>
    public VerificationOutcome Outcome => VerificationOutcome.FromReasons(
        [.. Reasons, .. Seals.SelectMany(s => s.Reasons)], PdfVerdicts.VerdictReason(Verdict));
}
