using Trust.Core.Results;

namespace Trust.Pdf;

/// <summary>The verdict on a sealed PDF as a whole.</summary>
public enum PdfDocumentVerdict
{
    /// <summary>Every seal is intact, its certificate trusted, and later changes (if any) are all permitted.</summary>
    Valid = 0,

    /// <summary>At least one seal is broken, forged or its certificate is not acceptable.</summary>
    Invalid = 1,

    /// <summary>Seals are intact but a later revision made changes that are not permitted (named in the report).</summary>
    Modified = 2,

    /// <summary>The document has no signature.</summary>
    Unsigned = 3,

    /// <summary>The verifier could not decide (unsupported algorithm, unknown signer, structure it cannot judge).</summary>
    Indeterminate = 4,
}

/// <summary>Integrity of one seal's signed bytes.</summary>
public enum PdfSealIntegrity
{
    /// <summary>The byte range is well-formed and the CMS signature verifies over it.</summary>
    Intact = 0,

    /// <summary>The byte range or signature is wrong: the signed bytes were changed or the structure is forged.</summary>
    Broken = 1,

    /// <summary>Could not be checked (for example an unsupported algorithm).</summary>
    Indeterminate = 2,
}

/// <summary>One change made by a revision after a seal.</summary>
/// <param name="Revision">The 1-based revision that made the change.</param>
/// <param name="ObjectNumber">The object changed, when the change is about one object.</param>
/// <param name="Kind">Machine-readable kind, for example <c>signature-added</c>, <c>page-content</c>, <c>annotation-added</c>.</param>
/// <param name="Permitted">Whether the change is allowed after a seal (new signatures, DSS, metadata).</param>
/// <param name="Description">Human-readable detail.</param>
public sealed record PdfChange(int Revision, long? ObjectNumber, string Kind, bool Permitted, string Description);

/// <summary>What the verifier found for one seal (signature field).</summary>
public sealed class PdfSealReport
{
    /// <summary>The fully qualified signature field name.</summary>
    public required string FieldName { get; init; }

    /// <summary>The seal identifier (SES_SealInfo.esID), when the signature carries an SES_Seal.</summary>
    public string? SealId { get; init; }

    /// <summary>The seal's name from the SES_Seal (SES_ESPropertyInfo.name), when present.</summary>
    public string? SealName { get; init; }

    /// <summary>
    /// The code of the department that owns the seal, when the seal is in
    /// <see cref="PdfVerificationOptions.SealRegistry"/> and the registered SES_Seal is the one embedded; otherwise null.
    /// </summary>
    public string? Department { get; init; }

    /// <summary>The signer certificate's subject, when found.</summary>
    public string? Signer { get; init; }

    /// <summary>The signature algorithm display name (for example <c>SM2-SM3</c>), when recognised.</summary>
    public string? Algorithm { get; init; }

    /// <summary>The /SubFilter.</summary>
    public string? SubFilter { get; init; }

    /// <summary>The claimed signing time (/M or the signing-time attribute).</summary>
    public DateTimeOffset? SigningTime { get; init; }

    /// <summary>Integrity of the signed bytes.</summary>
    public required PdfSealIntegrity Integrity { get; init; }

    /// <summary>The <see cref="ProvenBy"/> value when the signature time-stamp proves the signature's existence.</summary>
    public const string ProvenBySignatureTimestamp = "signature-timestamp";

    /// <summary>The <see cref="ProvenBy"/> value when a document time-stamp (PAdES B-LTA) covering the seal proves its existence.</summary>
    public const string ProvenByDocumentTimestamp = "document-timestamp";

    /// <summary>
    /// The best signature time (ETSI EN 319 102-1 section 5.6.2.1): the earliest time a valid time-stamp proves the
    /// signature existed; null when nothing proves it (the claimed <see cref="SigningTime"/> is not a proof).
    /// </summary>
    public DateTimeOffset? BestSignatureTime { get; init; }

    /// <summary>Which time-stamp proved <see cref="BestSignatureTime"/> (<see cref="ProvenBySignatureTimestamp"/>); null when none.</summary>
    public string? ProvenBy { get; init; }

    /// <summary>The signature time-stamp (PAdES B-T, unsigned attribute id-aa-signatureTimeStampToken), when the seal carries one.</summary>
    public PdfTimestampReport? SignatureTimestamp { get; init; }

    /// <summary>
    /// The PAdES baseline level the seal reaches (ETSI EN 319 142-1 section 6): <c>B-B</c> (signed attributes only),
    /// <c>B-T</c> (a valid signature time-stamp).
    /// </summary>
    public string Level { get; init; } = PdfLevels.BasicSignature;

    /// <summary>The 1-based revision the byte range covers exactly, or null when it ends at no revision end.</summary>
    public int? CoversRevision { get; init; }

    /// <summary>Whether the byte range covers the whole file.</summary>
    public bool CoversWholeDocument { get; init; }

    /// <summary>Whether a later revision made a change that is not permitted.</summary>
    public bool ModifiedAfter { get; init; }

    /// <summary>Changes made by later revisions (permitted and not).</summary>
    public required IReadOnlyList<PdfChange> ChangesAfter { get; init; }

    /// <summary>Certificate status at signing time: <c>trusted</c>, <c>untrusted</c>, <c>expired</c>, <c>not-yet-valid</c>, <c>revoked</c>, <c>invalid</c>, <c>not-checked</c>.</summary>
    public required string CertificateStatus { get; init; }

    /// <summary>Machine-readable reasons for anything short of valid (catalogued in <see cref="ReasonCatalog"/>, for example <c>byterange.not_from_start</c>).</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>The verdict for this seal alone.</summary>
    public required PdfDocumentVerdict Verdict { get; init; }

    /// <summary>
    /// The verdict in the common result model (indication, sub-indication, reasons) from the <see cref="ReasonCatalog"/>;
    /// passed only when valid. A modified seal whose reasons name no change gets <c>change_analysis.not_permitted</c>.
    /// </summary>
    public VerificationOutcome Outcome => VerificationOutcome.FromReasons(Reasons, PdfVerdicts.VerdictReason(Verdict));
}

/// <summary>A time-stamp found in a PDF (RFC 3161 token) and what its check found.</summary>
/// <param name="Time">The time the TSA asserts.</param>
/// <param name="Tsa">The TSA certificate's subject.</param>
/// <param name="Valid">Whether the token covers what it must, is signed by a TSA certificate (critical id-kp-timeStamping) and chains to a trust anchor.</param>
/// <param name="Reasons">The <c>timestamp.*</c> reasons when not valid.</param>
public sealed record PdfTimestampReport(DateTimeOffset? Time, string? Tsa, bool Valid, IReadOnlyList<string> Reasons);

/// <summary>PAdES baseline level names (ETSI EN 319 142-1 section 6).</summary>
public static class PdfLevels
{
    /// <summary>B-B: a signature with the required signed attributes, no proof of time.</summary>
    public const string BasicSignature = "B-B";

    /// <summary>B-T: B-B plus a valid signature time-stamp.</summary>
    public const string Timestamped = "B-T";

    /// <summary>B-LT: B-T plus the validation data (certificates, CRLs) in the document security store.</summary>
    public const string LongTerm = "B-LT";

    /// <summary>B-LTA: B-LT plus a document time-stamp over the validation data.</summary>
    public const string LongTermArchive = "B-LTA";
}

/// <summary>The result of verifying a PDF's seals.</summary>
public sealed class PdfVerificationReport
{
    /// <summary>The document verdict.</summary>
    public required PdfDocumentVerdict Verdict { get; init; }

    /// <summary>Every signature found, in field order.</summary>
    public required IReadOnlyList<PdfSealReport> Seals { get; init; }

    /// <summary>Number of revisions (%%EOF markers) in the file.</summary>
    public required int Revisions { get; init; }

    /// <summary>Checks that were skipped on request or not available (for example <c>change-analysis</c>, <c>certificate</c>, <c>seal-maker-signature</c>).</summary>
    public required IReadOnlyList<string> Skipped { get; init; }

    /// <summary>The document time-stamps (/DocTimeStamp, ETSI.RFC3161; PAdES B-LTA) in field order: time, TSA, whether valid.</summary>
    public IReadOnlyList<PdfTimestampReport> DocumentTimestamps { get; init; } = [];

    /// <summary>Whether the document has a document security store (/DSS: validation data for PAdES B-LT).</summary>
    public bool HasValidationData { get; init; }

    /// <summary>Document-level reasons (for example <c>pdf.unreadable</c>).</summary>
    public required IReadOnlyList<string> Reasons { get; init; }

    /// <summary>
    /// The verdict in the common result model: the document-level reasons followed by every seal's, the worst deciding;
    /// passed only when valid (an unsigned document is indeterminate, <c>pdf.unsigned</c>).
    /// </summary>
    public VerificationOutcome Outcome => VerificationOutcome.FromReasons([.. Reasons, .. Seals.SelectMany(s => s.Reasons)], PdfVerdicts.VerdictReason(Verdict));
}

/// <summary>The fixed words of <see cref="PdfDocumentVerdict"/> and <see cref="PdfSealIntegrity"/> (brief section 11), from <see cref="VerdictWords"/>.</summary>
public static class PdfVerdicts
{
    /// <summary><c>valid|invalid|modified|unsigned|indeterminate</c>.</summary>
    public static string ToText(PdfDocumentVerdict verdict) => verdict switch
    {
        PdfDocumentVerdict.Valid => VerdictWords.Valid,
        PdfDocumentVerdict.Invalid => VerdictWords.Invalid,
        PdfDocumentVerdict.Modified => VerdictWords.Modified,
        PdfDocumentVerdict.Unsigned => VerdictWords.Unsigned,
        _ => VerdictWords.Indeterminate,
    };

    /// <summary><c>valid</c> when intact, else <c>invalid</c>.</summary>
    public static string ToText(PdfSealIntegrity integrity) => VerdictWords.Integrity(integrity == PdfSealIntegrity.Intact);

    /// <summary>The catalogued reason that stands for a verdict when no reason explains it; null for valid.</summary>
    internal static string? VerdictReason(PdfDocumentVerdict verdict) => verdict switch
    {
        PdfDocumentVerdict.Valid => null,
        PdfDocumentVerdict.Invalid => "check.failed",
        PdfDocumentVerdict.Modified => "change_analysis.not_permitted",
        PdfDocumentVerdict.Unsigned => "pdf.unsigned",
        _ => "check.indeterminate",
    };
}
