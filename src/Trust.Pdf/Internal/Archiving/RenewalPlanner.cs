using Trust.Core;
using Trust.Core.Evidence;
using Trust.Core.Timestamps;

namespace Trust.Pdf.Internal.Archiving;

/// <summary>Decides, for one file, whether <see cref="ArchiveRenewal"/> must renew it and how.</summary>
internal static class RenewalPlanner
{
    internal const string Unreadable = EvidenceReasons.RenewalIoError;

    public static ArchiveRenewalItem PlanFile(string root, string path, ArchiveRenewalOptions options, EvidenceRecordVerifier verifier, DateTimeOffset now)
    {
        var relative = RenewalFiles.Relative(root, path);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (DocumentTimestampScan.LooksLikePdf(file) && TryScanPdf(file, options, now) is { Sealed: true } scan)
            {
                return PlanPdf(relative, scan, options, now);
            }

            file.Position = 0;
            return PlanEvidence(relative, path, file, options, verifier, now);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ArchiveRenewalItem(relative, ArchiveProtection.EvidenceRecord, ArchiveRenewalStatus.Error, ArchiveRenewalAction.None, [Unreadable]);
        }
    }

    private static DocumentTimestampScan.Result? TryScanPdf(FileStream file, ArchiveRenewalOptions options, DateTimeOffset now)
    {
        try
        {
            return DocumentTimestampScan.Scan(file, options.Validator, now);
        }
#pragma warning disable CA1031 // A file that only looks like a PDF is protected as an opaque file instead.
        catch (Exception ex) when (ex is not OutOfMemoryException and not IOException)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    private static ArchiveRenewalItem PlanPdf(string relative, DocumentTimestampScan.Result scan, ArchiveRenewalOptions options, DateTimeOffset now)
    {
        if (scan.Newest is not { } newest)
        {
            return scan.Reasons.Count > 0
                ? new ArchiveRenewalItem(relative, ArchiveProtection.DocumentTimestamp, ArchiveRenewalStatus.Error, ArchiveRenewalAction.None, scan.Reasons)
                : new ArchiveRenewalItem(relative, ArchiveProtection.DocumentTimestamp, ArchiveRenewalStatus.NeedsRenewal, ArchiveRenewalAction.DocumentTimestamp, [EvidenceReasons.RenewalMissing]);
        }

        var item = new ArchiveRenewalItem(relative, ArchiveProtection.DocumentTimestamp, ArchiveRenewalStatus.Ok, ArchiveRenewalAction.None, [])
        {
            NewestTimestamp = newest.Time,
            TsaNotAfter = ArchiveTimestampPolicy.TsaNotAfter(newest),
        };
        if (scan.Reasons.Count > 0)
        {
            return item with { Status = ArchiveRenewalStatus.Error, Reasons = scan.Reasons };
        }

        var due = options.Policy.RenewalReasons(newest, now);
        return due.Count == 0 ? item : item with { Status = ArchiveRenewalStatus.NeedsRenewal, Action = ArchiveRenewalAction.DocumentTimestamp, Reasons = due };
    }

    private static ArchiveRenewalItem PlanEvidence(string relative, string path, Stream file, ArchiveRenewalOptions options, EvidenceRecordVerifier verifier, DateTimeOffset now)
    {
        var ersPath = path + ArchiveRenewalOptions.EvidenceRecordExtension;
        var item = new ArchiveRenewalItem(relative, ArchiveProtection.EvidenceRecord, ArchiveRenewalStatus.Ok, ArchiveRenewalAction.None, []);
        if (!File.Exists(ersPath))
        {
            return item with { Status = ArchiveRenewalStatus.NeedsRenewal, Action = ArchiveRenewalAction.NewEvidenceRecord, Reasons = [EvidenceReasons.RenewalMissing] };
        }

        if (!TryReadRecord(ersPath, out var record, out var error))
        {
            return item with { Status = ArchiveRenewalStatus.Error, Reasons = [EvidenceReasons.Malformed + ":" + error] };
        }

        var check = verifier.Verify(record!, file, now);
        var newestReport = check.Timestamps.Count > 0 ? check.Timestamps[^1] : null;
        item = item with { NewestTimestamp = newestReport?.Time, TsaNotAfter = newestReport?.TsaNotAfter };
        if (!check.IsValid)
        {
            return item with { Status = ArchiveRenewalStatus.Error, Reasons = check.Reasons };
        }

        TimestampTokenVerifier.TryDecode(record!.Newest.TimeStamp, out var newest);
        var due = options.Policy.RenewalReasons(newest!, now);
        if (due.Count == 0)
        {
            return item;
        }

        var hashTree = due.Contains(EvidenceReasons.RenewalDigestWeakening) || EvidenceRecordVerifier.ChainAlgorithm(record.Chains[^1]) != options.DigestAlgorithm;
        return item with
        {
            Status = ArchiveRenewalStatus.NeedsRenewal,
            Action = hashTree ? ArchiveRenewalAction.HashTreeRenewal : ArchiveRenewalAction.TimestampRenewal,
            Reasons = due,
        };
    }

    /// <summary>Reads and decodes a sidecar record, bounded by <see cref="EvidenceRecord.MaxEncodedBytes"/>.</summary>
    internal static bool TryReadRecord(string ersPath, out EvidenceRecord? record, out string? error)
    {
        if (new FileInfo(ersPath).Length > EvidenceRecord.MaxEncodedBytes)
        {
            record = null;
            error = $"EvidenceRecord: larger than {EvidenceRecord.MaxEncodedBytes} bytes";
            return false;
        }

        return EvidenceRecord.TryDecode(File.ReadAllBytes(ersPath), out record, out error);
    }
}
