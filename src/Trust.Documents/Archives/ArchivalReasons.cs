namespace Trust.Documents.Archives;

/// <summary>The <c>archive.*</c> reason codes of the package check (catalogued in <see cref="Trust.Core.Results.ReasonCatalog"/>).</summary>
public static class ArchivalReasons
{
    /// <summary>Integrity: the package has no <c>manifest.xml</c>.</summary>
    public const string ManifestMissing = "archive.manifest_missing";

    /// <summary>Integrity: <c>manifest.xml</c> cannot be read.</summary>
    public const string ManifestMalformed = "archive.manifest_malformed";

    /// <summary>Integrity and authenticity: the package seal does not cover the manifest as it is.</summary>
    public const string ManifestSignatureInvalid = "archive.manifest_signature_invalid";

    /// <summary>Authenticity: no package seal.</summary>
    public const string PackageSealMissing = "archive.package_seal_missing";

    /// <summary>Authenticity: the package seal is not a readable SES_Signature.</summary>
    public const string PackageSealMalformed = "archive.package_seal_malformed";

    /// <summary>Authenticity: the package seal's department is not one of <see cref="ArchivalCheckOptions.ArchivingDepartments"/>.</summary>
    public const string PackageSealNotEntitled = "archive.package_seal_not_entitled";

    /// <summary>Authenticity: the package seal carries no time-stamp.</summary>
    public const string TimestampMissing = "archive.timestamp_missing";

    /// <summary>Integrity: a file that the manifest does not list.</summary>
    public const string FileAdded = "archive.file_added";

    /// <summary>Integrity: a file of the manifest is missing.</summary>
    public const string FileMissing = "archive.file_missing";

    /// <summary>Integrity: a file's SM3 or size differs from the manifest.</summary>
    public const string DigestMismatch = "archive.digest_mismatch";

    /// <summary>Integrity: a document differs from its metadata record.</summary>
    public const string MetadataMismatch = "archive.metadata_mismatch";

    /// <summary>Integrity: a document has no metadata record.</summary>
    public const string MetadataMissing = "archive.metadata_missing";

    /// <summary>Authenticity: fewer seals than recorded at ingest.</summary>
    public const string SealMissing = "archive.seal_missing";

    /// <summary>Authenticity: a seal of the document is invalid (its verdict follows the colon).</summary>
    public const string SealNotValid = "archive.seal_not_valid";

    /// <summary>Authenticity: whether a seal of the document is valid cannot be decided.</summary>
    public const string SealIndeterminate = "archive.seal_indeterminate";

    /// <summary>Any property that could not be checked because the file is missing or unreadable.</summary>
    public const string NotChecked = "archive.not_checked";

    /// <summary>Usability: the file does not open in its format.</summary>
    public const string FileUnreadable = "archive.file_unreadable";

    /// <summary>Usability: not PDF/A, OFD or XML (documents), or not DER certificates, CRLs, time-stamps (evidence).</summary>
    public const string FormatNotArchival = "archive.format_not_archival";

    /// <summary>Usability: the XMP pdfaid part or conformance is not a PDF/A one.</summary>
    public const string PdfAClaimInconsistent = "archive.pdfa_claim_inconsistent";

    /// <summary>Security: the file is encrypted.</summary>
    public const string Encrypted = "archive.encrypted";

    /// <summary>Security: active content (the kind follows the colon).</summary>
    public const string ActiveContent = "archive.active_content";

    /// <summary>Security: a reference outside the file (the kind follows the colon).</summary>
    public const string ExternalReference = "archive.external_reference";

    /// <summary>Security: an XML file with a document type declaration.</summary>
    public const string XmlDtd = "archive.xml_dtd";
}
