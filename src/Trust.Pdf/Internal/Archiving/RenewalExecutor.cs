using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Evidence;
using Trust.Core.Timestamps;

namespace Trust.Pdf.Internal.Archiving;

/// <summary>Carries out an <see cref="ArchiveRenewalPlan"/>: one batch of evidence records under one time-stamp, then the PDFs.</summary>
internal static class RenewalExecutor
{
    public static async Task<ArchiveRenewalResult> ExecuteAsync(ArchiveRenewalPlan plan, ITimestampClient client, ArchiveRenewalOptions options, CancellationToken cancellationToken)
    {
        var counting = new CountingClient(client);
        var items = plan.Items.ToArray();
        await RenewEvidenceRecordsAsync(plan.Directory, items, counting, options, cancellationToken).ConfigureAwait(false);
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is { Status: ArchiveRenewalStatus.NeedsRenewal, Protection: ArchiveProtection.DocumentTimestamp })
            {
                cancellationToken.ThrowIfCancellationRequested();
                items[i] = RenewPdf(plan.Directory, items[i], counting, options);
            }
        }

        return new ArchiveRenewalResult(items, counting.Requests);
    }

    private static async Task RenewEvidenceRecordsAsync(string root, ArchiveRenewalItem[] items, CountingClient client, ArchiveRenewalOptions options, CancellationToken cancellationToken)
    {
        var batch = new EvidenceRecordBatch(options.DigestAlgorithm);
        var slots = new List<int>();
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            if (item is not { Status: ArchiveRenewalStatus.NeedsRenewal, Protection: ArchiveProtection.EvidenceRecord })
            {
                continue;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var path = Path.Combine(root, item.Path);
            try
            {
                byte[] hash;
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
                {
                    hash = Digest.Hash(options.DigestAlgorithm, file);
                }

                EvidenceRecord? record = null;
                if (item.Action != ArchiveRenewalAction.NewEvidenceRecord && !RenewalPlanner.TryReadRecord(path + ArchiveRenewalOptions.EvidenceRecordExtension, out record, out var error))
                {
                    items[i] = item with { Status = ArchiveRenewalStatus.Error, Reasons = [EvidenceReasons.Malformed + ":" + error] };
                    continue;
                }

                _ = item.Action switch
                {
                    ArchiveRenewalAction.NewEvidenceRecord => batch.AddNew(hash),
                    ArchiveRenewalAction.TimestampRenewal => batch.AddTimestampRenewal(record!),
                    _ => batch.AddHashTreeRenewal(record!, hash),
                };
                slots.Add(i);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                items[i] = item with { Status = ArchiveRenewalStatus.Error, Reasons = [RenewalPlanner.Unreadable] };
            }
            catch (TrustFormatException ex)
            {
                items[i] = item with { Status = ArchiveRenewalStatus.Error, Reasons = [EvidenceReasons.Malformed + ":" + ex.Message] };
            }
        }

        if (slots.Count == 0)
        {
            return;
        }

        IReadOnlyList<EvidenceRecord> records;
        try
        {
            records = await batch.StampAsync(client, cancellationToken).ConfigureAwait(false);
        }
        catch (TimestampException ex)
        {
            foreach (var i in slots)
            {
                items[i] = items[i] with { Status = ArchiveRenewalStatus.Error, Reasons = ex.Reasons };
            }

            return;
        }

        for (var k = 0; k < slots.Count; k++)
        {
            var i = slots[k];
            try
            {
                RenewalFiles.WriteAtomically(Path.Combine(root, items[i].Path) + ArchiveRenewalOptions.EvidenceRecordExtension, records[k].Encode());
                items[i] = items[i] with { Status = ArchiveRenewalStatus.Renewed };
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                items[i] = items[i] with { Status = ArchiveRenewalStatus.Error, Reasons = [EvidenceReasons.RenewalIoError] };
            }
        }
    }

    private static ArchiveRenewalItem RenewPdf(string root, ArchiveRenewalItem item, CountingClient client, ArchiveRenewalOptions options)
    {
        var archive = new PdfArchiveOptions
        {
            Level = PdfArchiveLevel.LongTermArchive,
            TimestampClient = client,
            DigestAlgorithm = options.DigestAlgorithm,
            Certificates = options.Certificates,
            Crls = options.Crls,
        };
        try
        {
            RenewalFiles.ReplaceAtomically(Path.Combine(root, item.Path), (source, target) => PdfArchiver.Extend(source, target, archive));
            return item with { Status = ArchiveRenewalStatus.Renewed };
        }
        catch (TimestampException ex)
        {
            return item with { Status = ArchiveRenewalStatus.Error, Reasons = ex.Reasons };
        }
        catch (TrustFormatException ex)
        {
            return item with { Status = ArchiveRenewalStatus.Error, Reasons = ["input.malformed:" + ex.Field] };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return item with { Status = ArchiveRenewalStatus.Error, Reasons = [RenewalPlanner.Unreadable] };
        }
    }

    /// <summary>Counts the time-stamps asked for (reported as <see cref="ArchiveRenewalResult.TimestampsRequested"/>).</summary>
    private sealed class CountingClient(ITimestampClient inner) : ITimestampClient
    {
        private int _requests;

        public int Requests => _requests;

        public Task<byte[]> GetTokenAsync(DigestAlgorithm algorithm, ReadOnlyMemory<byte> imprint, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _requests);
            return inner.GetTokenAsync(algorithm, imprint, cancellationToken);
        }
    }
}
