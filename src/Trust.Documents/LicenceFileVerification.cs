using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Documents.Ofd;
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

    /// <summary>The limits of the OFD seals' <c>SES_Signature</c> checks (<see cref="SealSignatureVerifier"/>); <see cref="SesVerificationLimits.Default"/> when null.</summary>
    public SesVerificationLimits? SealLimits { get; init; }

    /// <summary>The upper cap of <see cref="MaxInputBytes"/> (1 GiB: a licence file is verified from memory).</summary>
    public const long MaxInputBytesCap = 1L << 30;

    /// <summary>The upper cap of <see cref="MaxDuration"/> (one day).</summary>
    public static readonly TimeSpan MaxDurationCap = TimeSpan.FromDays(1);

    /// <summary>
    /// Largest file verified, 1 to <see cref="MaxInputBytesCap"/> (default 64 MiB; licence files are about 100-200 KB).
    /// Larger: verdict indeterminate, reason <c>limit.input_size</c>, nothing parsed. A caller reading from disk reads at
    /// most this plus one byte.
    /// </summary>
    public long MaxInputBytes { get; init; } = DefaultMaxInputBytes;

    /// <summary>The default of <see cref="MaxInputBytes"/> (64 MiB).</summary>
    public const long DefaultMaxInputBytes = 64L << 20;

    /// <summary>Most entries of an OFD package, 1 to 4,096 (default, the format's maximum). More: indeterminate, <c>limit.objects</c>, before anything is inflated.</summary>
    public int MaxOfdEntries { get; init; } = OfdZip.MaxEntries;

    /// <summary>Most bytes an OFD package may inflate to in total, 1 to 256 MiB (default, the format's maximum), from the declared sizes before anything is inflated. More: indeterminate, <c>limit.total_decoded_bytes</c>.</summary>
    public long MaxOfdExpandedBytes { get; init; } = OfdZip.MaxTotalBytes;

    /// <summary>
    /// Longest time one verification may take (default 5 minutes, up to <see cref="MaxDurationCap"/>), measured with
    /// <see cref="TimeProvider"/>: a PDF gets the remaining time as <see cref="PdfVerificationOptions.MaxDuration"/>, an
    /// OFD package is checked before each seal and before the embedded licence. Longer: indeterminate, <c>limit.time</c>.
    /// </summary>
    public TimeSpan MaxDuration { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>The clock of <see cref="MaxDuration"/>; <see cref="System.TimeProvider.System"/> when null.</summary>
    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Checks every limit against its range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of its range; the parameter name is the property.</exception>
    public void Validate()
    {
        SealLimits?.Validate();
        Check(MaxInputBytes, 1, MaxInputBytesCap, nameof(MaxInputBytes));
        Check(MaxOfdEntries, 1, OfdZip.MaxEntries, nameof(MaxOfdEntries));
        Check(MaxOfdExpandedBytes, 1, OfdZip.MaxTotalBytes, nameof(MaxOfdExpandedBytes));
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
