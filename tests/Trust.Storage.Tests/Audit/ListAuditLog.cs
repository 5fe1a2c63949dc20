using System.Runtime.CompilerServices;
using Trust.Core.Storage;

namespace Trust.Storage.Tests.Audit;

/// <summary>An audit log held in a list, read in the list's order (as a store reads ORDER BY seq).</summary>
internal sealed class ListAuditLog(IReadOnlyList<AuditEntry> entries) : IAuditLog
{
    public Task<AuditEntry> AppendAsync(string action, string actor, string subject, string details, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public async IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var entry in entries)
        {
            if (entry.Sequence >= fromSequence)
            {
                yield return entry;
            }
        }

        await Task.CompletedTask;
    }
}
