using Trust.Core.Crypto;

namespace Trust.Documents.Archives;

/// <summary>What a file of a package is, by where it lives (see <see cref="ArchivalPackageLayout"/>).</summary>
public enum ArchivalFileRole
{
    /// <summary><c>documents/…</c>: a document of the case, as given.</summary>
    Document = 0,

    /// <summary><c>metadata/…</c>: the case and per-document metadata (XML).</summary>
    Metadata = 1,

    /// <summary><c>validation/…</c>: the validation report of every document's seals at ingest (XML).</summary>
    ValidationReport = 2,

    /// <summary><c>evidence/…</c>: certificates, CRLs and time-stamp tokens for later validation (DER).</summary>
    Evidence = 3,

    /// <summary><c>manifest.xml</c>: the SM3 digest and size of every other file.</summary>
    Manifest = 4,

    /// <summary><c>signature/manifest.ses</c>: the package seal (GB/T 38540 SES_Signature over the manifest).</summary>
    PackageSeal = 5,

    /// <summary>Anything else (never written by the builder).</summary>
    Other = 6,
}

/// <summary>
/// The layout of an archival information package (one ZIP file): see <c>docs/archives.md</c>. Everything except
/// <see cref="ManifestPath"/> and <see cref="PackageSealPath"/> is listed in the manifest; evidence added later
/// (renewal, RFC 4998 evidence records) lives beside the package, so a package never changes once sealed.
/// </summary>
public static class ArchivalPackageLayout
{
    /// <summary>The manifest.</summary>
    public const string ManifestPath = "manifest.xml";

    /// <summary>The package seal over the manifest.</summary>
    public const string PackageSealPath = "signature/manifest.ses";

    /// <summary>The case metadata.</summary>
    public const string CasePath = "metadata/case.xml";

    /// <summary>The folder of the documents.</summary>
    public const string DocumentsFolder = "documents/";

    /// <summary>The folder of the evidence certificates.</summary>
    public const string CertificatesFolder = "evidence/certs/";

    /// <summary>The folder of the evidence CRLs.</summary>
    public const string CrlsFolder = "evidence/crls/";

    /// <summary>The folder of the evidence time-stamp tokens.</summary>
    public const string TimestampsFolder = "evidence/timestamps/";

    /// <summary>The metadata record of a document (<c>documents/a.pdf</c> → <c>metadata/documents/a.pdf.xml</c>).</summary>
    public static string MetadataOf(string documentPath) => "metadata/" + documentPath + ".xml";

    /// <summary>The ingest validation report of a document (<c>documents/a.pdf</c> → <c>validation/a.pdf.report.xml</c>).</summary>
    public static string ReportOf(string documentPath) => "validation/" + documentPath[DocumentsFolder.Length..] + ".report.xml";

    /// <summary>The role of an entry by its name.</summary>
    public static ArchivalFileRole RoleOf(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return path switch
        {
            ManifestPath => ArchivalFileRole.Manifest,
            PackageSealPath => ArchivalFileRole.PackageSeal,
            _ when path.StartsWith(DocumentsFolder, StringComparison.Ordinal) => ArchivalFileRole.Document,
            _ when path.StartsWith("metadata/", StringComparison.Ordinal) && path.EndsWith(".xml", StringComparison.Ordinal) => ArchivalFileRole.Metadata,
            _ when path.StartsWith("validation/", StringComparison.Ordinal) && path.EndsWith(".xml", StringComparison.Ordinal) => ArchivalFileRole.ValidationReport,
            _ when path.StartsWith("evidence/", StringComparison.Ordinal) => ArchivalFileRole.Evidence,
            _ => ArchivalFileRole.Other,
        };
    }

    /// <summary>The role's word in reports (<c>document</c>, <c>metadata</c>, <c>validation_report</c>, ...).</summary>
    public static string ToText(ArchivalFileRole role) => role switch
    {
        ArchivalFileRole.Document => "document",
        ArchivalFileRole.Metadata => "metadata",
        ArchivalFileRole.ValidationReport => "validation_report",
        ArchivalFileRole.Evidence => "evidence",
        ArchivalFileRole.Manifest => "manifest",
        ArchivalFileRole.PackageSeal => "package_seal",
        _ => "other",
    };

    /// <summary>SM3 (GB/T 32905) of <paramref name="data"/>, lower-case hex: the manifest's digest.</summary>
    public static string Sm3Hex(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(Digest.Hash(DigestAlgorithm.Sm3, data));
}

/// <summary>The words of the four-property check in reports: <c>passed</c>, <c>failed</c>, <c>indeterminate</c>.</summary>
public static class ArchivalPropertyWords
{
    /// <summary>The word of an outcome.</summary>
    public static string ToText(Trust.Core.Results.VerificationOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome.Indication switch
        {
            Trust.Core.Results.Indication.Passed => "passed",
            Trust.Core.Results.Indication.Failed => "failed",
            _ => "indeterminate",
        };
    }
}
