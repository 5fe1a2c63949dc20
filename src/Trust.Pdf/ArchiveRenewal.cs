using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Evidence;
using Trust.Core.Pki;
using Trust.Core.Timestamps;
using Trust.Pdf.Internal.Archiving;

namespace Trust.Pdf;

/// <summary>How an archived file is protected by <see cref="ArchiveRenewal"/>.</summary>
public enum ArchiveProtection
{
    /// <summary>A sealed PDF: document time-stamps inside the file (PAdES B-LTA, ETSI EN 319 142-1 section 5.5).</summary>
    DocumentTimestamp = 0,

    /// <summary>Any other file: an RFC 4998 evidence record in the sidecar file <c>FILE.ers</c>.</summary>
    EvidenceRecord = 1,
}

/// <summary>Where a file stands.</summary>
public enum ArchiveRenewalStatus
{
    /// <summary>Protected and no renewal is due.</summary>
    Ok = 0,

    /// <summary>A renewal was written.</summary>
    Renewed = 1,

    /// <summary>A renewal is due (plan, or a dry run).</summary>
    NeedsRenewal = 2,

    /// <summary>The file cannot be renewed: its protection is broken (the file changed, a time-stamp is invalid or its TSA is already untrusted), it cannot be read, or the renewal failed.</summary>
    Error = 3,
}

/// <summary>What a renewal of one file does.</summary>
public enum ArchiveRenewalAction
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>A new document time-stamp (and the validation data of the earlier ones) appended to a sealed PDF by <see cref="PdfArchiver"/>.</summary>
    DocumentTimestamp = 1,

    /// <summary>A first evidence record.</summary>
    NewEvidenceRecord = 2,

    /// <summary>An archive time-stamp over the newest one, appended to the last chain (RFC 4998 section 5.2).</summary>
    TimestampRenewal = 3,

    /// <summary>A new chain with the run's hash algorithm over the data and the previous chains (RFC 4998 section 5.2).</summary>
    HashTreeRenewal = 4,
}

/// <summary>One file of a renewal.</summary>
/// <param name="Path">The file's path relative to the folder, with <c>/</c> separators.</param>
/// <param name="Protection">How the file is protected.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Action">What the renewal does (or did).</param>
/// <param name="Reasons">Why: <c>evidence.renewal.*</c> when due, the problems when in error; empty when ok.</param>
public sealed record ArchiveRenewalItem(string Path, ArchiveProtection Protection, ArchiveRenewalStatus Status, ArchiveRenewalAction Action, IReadOnlyList<string> Reasons)
{
    /// <summary>The time of the newest archive (or document) time-stamp before this run; null when none.</summary>
    public DateTimeOffset? NewestTimestamp { get; init; }

    /// <summary>The expiry of the newest time-stamp's TSA certificate before this run; null when none.</summary>
    public DateTimeOffset? TsaNotAfter { get; init; }
}

/// <summary>What <see cref="ArchiveRenewal.Plan"/> found.</summary>
/// <param name="Directory">The folder scanned (full path).</param>
/// <param name="Time">The time the plan was made at.</param>
/// <param name="Items">Every file, ordered by path.</param>
public sealed record ArchiveRenewalPlan(string Directory, DateTimeOffset Time, IReadOnlyList<ArchiveRenewalItem> Items);

/// <summary>What <see cref="ArchiveRenewal.ExecuteAsync"/> did.</summary>
/// <param name="Items">Every file of the plan with its new status.</param>
/// <param name="TimestampsRequested">Time-stamps asked of the TSA: one for all evidence records, plus one per renewed PDF.</param>
public sealed record ArchiveRenewalResult(IReadOnlyList<ArchiveRenewalItem> Items, int TimestampsRequested);

/// <summary>The settings of <see cref="ArchiveRenewal"/>.</summary>
public sealed class ArchiveRenewalOptions
{
    /// <summary>The sidecar extension of evidence records.</summary>
    public const string EvidenceRecordExtension = ".ers";

    /// <summary>Trust anchors (and CRLs) for the TSA certificates of the existing time-stamps.</summary>
    public required ICertificateValidator Validator { get; init; }

    /// <summary>When a time-stamp is due (<see cref="ArchiveTimestampPolicy.RenewBefore"/>) and which hash algorithms are trusted.</summary>
    public ArchiveTimestampPolicy Policy { get; init; } = ArchiveTimestampPolicy.Default;

    /// <summary>The hash algorithm of new time-stamps and hash trees (SHA-256 or SM3). An evidence record whose last chain uses another algorithm is renewed by a hash-tree renewal.</summary>
    public DigestAlgorithm DigestAlgorithm { get; init; } = DigestAlgorithm.Sha256;

    /// <summary>The clock (tests inject one).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Certificates added to a renewed PDF's document security store besides those found in it (for example CA certificates), DER.</summary>
    public IReadOnlyList<byte[]> Certificates { get; init; } = [];

    /// <summary>CRLs added to a renewed PDF's document security store, DER.</summary>
    public IReadOnlyList<byte[]> Crls { get; init; } = [];
}

/// <summary>
/// Keeps a folder of archived files provable (RFC 4998 section 5.2, ETSI EN 319 142-1 section 5.5): finds which files
/// need a new archive time-stamp before the newest one's TSA certificate expires or its hash algorithm stops being
/// trusted (<see cref="Plan"/>), then renews them (<see cref="ExecuteAsync"/>). Sealed PDFs get a new document
/// time-stamp each; every other file (packages, OFD, XML, ...) is an opaque data object protected by a sidecar evidence
/// record <c>FILE.ers</c>, and all of those renewed in one run share ONE time-stamp over a hash tree, each keeping its
/// own path in the tree. Every file is written atomically (a temporary file in the same folder, then a rename).
/// </summary>
public static class ArchiveRenewal
{
    /// <summary>Scans <paramref name="directory"/> (and its subfolders) and says, per file, whether a renewal is due.</summary>
    /// <param name="directory">The folder of archived files.</param>
    /// <param name="options">The settings.</param>
    /// <returns>The plan; nothing is written.</returns>
    /// <exception cref="TrustFormatException">The folder does not exist.</exception>
    public static ArchiveRenewalPlan Plan(string directory, ArchiveRenewalOptions options)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(options);
        var root = System.IO.Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new TrustFormatException("directory", $"the folder {directory} does not exist");
        }

        var now = options.Clock.GetUtcNow();
        var verifier = new EvidenceRecordVerifier(options.Validator, options.Policy);
        var items = RenewalFiles.Enumerate(root)
            .Select(path => RenewalPlanner.PlanFile(root, path, options, verifier, now))
            .ToArray();
        return new ArchiveRenewalPlan(root, now, items);
    }

    /// <summary>
    /// Renews every file of <paramref name="plan"/> that needs it: one time-stamp over a hash tree for all evidence
    /// records, one document time-stamp per sealed PDF. A failure of one PDF or of the TSA marks the files concerned
    /// <see cref="ArchiveRenewalStatus.Error"/> and leaves them unchanged; the other files are still renewed.
    /// </summary>
    /// <param name="plan">A plan from <see cref="Plan"/>, made just before.</param>
    /// <param name="client">The time-stamp authority (its tokens are checked before use).</param>
    /// <param name="options">The settings the plan was made with.</param>
    /// <param name="cancellationToken">Cancels between files.</param>
    public static Task<ArchiveRenewalResult> ExecuteAsync(ArchiveRenewalPlan plan, ITimestampClient client, ArchiveRenewalOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        return RenewalExecutor.ExecuteAsync(plan, client, options, cancellationToken);
    }
}
