using Trust.Core.Results;

namespace Trust.Documents.Archives;

/// <summary>What <see cref="ArchivalPackageChecker"/> is given besides the package.</summary>
public sealed class ArchivalCheckOptions
{
    /// <summary>Trust material and validation time for the package seal, its time-stamp and the documents' seals.</summary>
    public required ArchivalVerificationOptions Verification { get; init; }

    /// <summary>Limits of the ZIP reader.</summary>
    public ArchivalPackageLimits Limits { get; init; } = ArchivalPackageLimits.Default;

    /// <summary>
    /// The departments whose seals may seal packages (the department of the seal in the registry, else the seal's
    /// name); null accepts a valid seal of any department. A package sealed by another department fails authenticity
    /// with <see cref="ArchivalReasons.PackageSealNotEntitled"/>.
    /// </summary>
    public IReadOnlySet<string>? ArchivingDepartments { get; init; }

    /// <summary>Evidence kept beside the package (renewals, RFC 4998 evidence records); see <see cref="IArchivalEvidence"/>.</summary>
    public IReadOnlyList<IArchivalEvidence> AdditionalEvidence { get; init; } = [];
}

/// <summary>The four properties of one file (DA/T 70: authenticity, integrity, usability, security).</summary>
public sealed class ArchivalFileReport
{
    /// <summary>The entry name (also for a file the manifest lists but the package lacks).</summary>
    public required string Path { get; init; }

    /// <summary>What the file is, by where it lives.</summary>
    public required ArchivalFileRole Role { get; init; }

    /// <summary>The detected format of a document (<c>PDF/A-3B</c>, <c>OFD</c>, <c>XML</c>, ...); null for other files.</summary>
    public string? Format { get; init; }

    /// <summary>The seals a document carries now (null for other files).</summary>
    public int? Seals { get; init; }

    /// <summary>Authenticity: the package seal and its time-stamp, and a document's own seals.</summary>
    public required VerificationOutcome Authenticity { get; init; }

    /// <summary>Integrity: the file matches the (sealed) manifest and a document its metadata.</summary>
    public required VerificationOutcome Integrity { get; init; }

    /// <summary>Usability: the file opens and is on the archival format list.</summary>
    public required VerificationOutcome Usability { get; init; }

    /// <summary>Security: no encryption, no active content, no external references.</summary>
    public required VerificationOutcome Security { get; init; }

    /// <summary>The worst of the four.</summary>
    public VerificationOutcome Outcome => VerificationOutcome.FromReasons([.. Authenticity.Reasons, .. Integrity.Reasons, .. Usability.Reasons, .. Security.Reasons]);
}

/// <summary>The package seal as found.</summary>
public sealed class ArchivalPackageSealReport
{
    /// <summary>The seal's identifier (esID); null when there is no readable seal.</summary>
    public string? SealId { get; init; }

    /// <summary>The seal's name (the department).</summary>
    public string? SealName { get; init; }

    /// <summary>The department of the seal in the registry, else the seal's name.</summary>
    public string? Department { get; init; }

    /// <summary>The signer's subject.</summary>
    public string? Signer { get; init; }

    /// <summary>The signature algorithm's display name.</summary>
    public string? Algorithm { get; init; }

    /// <summary>The signing time the signature claims.</summary>
    public DateTimeOffset? SigningTime { get; init; }

    /// <summary>The time-stamp's time; null when none or unreadable.</summary>
    public DateTimeOffset? TimestampTime { get; init; }

    /// <summary>The TSA's name.</summary>
    public string? Tsa { get; init; }

    /// <summary>Reasons against the package seal and its time-stamp (empty when both verify).</summary>
    public required IReadOnlyList<string> Reasons { get; init; }
}

/// <summary>
/// The four-property check of a package: one report per file and the package-wide result of each property (the worst
/// over the files), in the common result model (ETSI EN 319 102-1 indications, catalogued reasons).
/// </summary>
public sealed class ArchivalPackageReport
{
    /// <summary>The case identifier from the manifest (or the case metadata).</summary>
    public string? CaseId { get; init; }

    /// <summary>SM3 of the package, lower-case hex.</summary>
    public required string Sm3 { get; init; }

    /// <summary>The time the check ran as of.</summary>
    public required DateTimeOffset ValidationTime { get; init; }

    /// <summary>
    /// The time the documents' seals were validated as of: the package seal's time-stamp when the seal, its
    /// time-stamp and the manifest verify (a proof of existence of every listed file), else <see cref="ValidationTime"/>.
    /// </summary>
    public required DateTimeOffset DocumentValidationTime { get; init; }

    /// <summary>The package seal.</summary>
    public required ArchivalPackageSealReport PackageSeal { get; init; }

    /// <summary>Results of the additional evidence, in the order given.</summary>
    public required IReadOnlyList<ArchivalEvidenceResult> Evidence { get; init; }

    /// <summary>One report per file, ordered by path.</summary>
    public required IReadOnlyList<ArchivalFileReport> Files { get; init; }

    /// <summary>Authenticity over the whole package.</summary>
    public VerificationOutcome Authenticity => Worst(f => f.Authenticity);

    /// <summary>Integrity over the whole package.</summary>
    public VerificationOutcome Integrity => Worst(f => f.Integrity);

    /// <summary>Usability over the whole package.</summary>
    public VerificationOutcome Usability => Worst(f => f.Usability);

    /// <summary>Security over the whole package.</summary>
    public VerificationOutcome Security => Worst(f => f.Security);

    /// <summary>The package's result: passed only when every property of every file passed.</summary>
    public VerificationOutcome Outcome => VerificationOutcome.FromReasons(Files.SelectMany(f => f.Outcome.Reasons).Distinct(StringComparer.Ordinal));

    /// <summary>Whether all four properties passed for every file.</summary>
    public bool IsPassed => Outcome.IsPassed;

    private VerificationOutcome Worst(Func<ArchivalFileReport, VerificationOutcome> property) =>
        VerificationOutcome.FromReasons(Files.SelectMany(f => property(f).Reasons).Distinct(StringComparer.Ordinal));
}
