using System.Collections.Concurrent;

namespace Trust.Core.Seals.Providers;

/// <summary>A signing authorisation as a seal platform keeps it: whom it was issued to, for which seal and digests, until when.</summary>
/// <param name="Id">The opaque identifier given to the caller.</param>
/// <param name="Caller">The caller it was issued to.</param>
/// <param name="SealId">The seal it authorises.</param>
/// <param name="Digests">The digests it covers, lower-case hex.</param>
/// <param name="ExpiresAt">When it expires.</param>
public sealed record SealAuthorizationRecord(string Id, string Caller, string SealId, IReadOnlyList<string> Digests, DateTimeOffset ExpiresAt);

/// <summary>What happened when an authorisation was consumed.</summary>
public enum SealAuthorizationState
{
    /// <summary>It was open and is now used (this call is its one use).</summary>
    Consumed,

    /// <summary>It was used before: a replay.</summary>
    AlreadyUsed,

    /// <summary>No such authorisation (never issued, or removed after its expiry).</summary>
    Unknown,
}

/// <summary>
/// Where a <see cref="SealPlatform"/> keeps the signing authorisations it issued and whether each was used, so that an
/// authorisation stays single-use across restarts and across the nodes of a platform that share the store. Consuming must
/// be atomic: of two concurrent consumers of one authorisation, exactly one gets <see cref="SealAuthorizationState.Consumed"/>.
/// </summary>
public interface ISealAuthorizationStore
{
    /// <summary>Records a newly issued authorisation.</summary>
    Task AddAsync(SealAuthorizationRecord authorization, CancellationToken cancellationToken = default);

    /// <summary>Marks the authorisation used, atomically, and returns it with <see cref="SealAuthorizationState.Consumed"/>; or says it was used before or is unknown.</summary>
    Task<(SealAuthorizationState State, SealAuthorizationRecord? Authorization)> ConsumeAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Removes authorisations (used or not) that expired before <paramref name="before"/>; returns how many.</summary>
    Task<int> RemoveExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default);
}

/// <summary>Authorisations in this process's memory: single-use within the process only (a restart forgets them).</summary>
public sealed class InMemorySealAuthorizationStore : ISealAuthorizationStore
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task AddAsync(SealAuthorizationRecord authorization, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        return _entries.TryAdd(authorization.Id, new Entry(authorization))
            ? Task.CompletedTask
            : throw new ArgumentException($"An authorisation with identifier {authorization.Id} exists.", nameof(authorization));
    }

    /// <inheritdoc />
    public Task<(SealAuthorizationState State, SealAuthorizationRecord? Authorization)> ConsumeAsync(string id, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!_entries.TryGetValue(id, out var entry))
        {
            return Task.FromResult<(SealAuthorizationState, SealAuthorizationRecord?)>((SealAuthorizationState.Unknown, null));
        }

        var first = Interlocked.Exchange(ref entry.Used, 1) == 0;
        return Task.FromResult<(SealAuthorizationState, SealAuthorizationRecord?)>(first ? (SealAuthorizationState.Consumed, entry.Record) : (SealAuthorizationState.AlreadyUsed, null));
    }

    /// <inheritdoc />
    public Task<int> RemoveExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        var removed = 0;
        foreach (var (id, entry) in _entries)
        {
            if (entry.Record.ExpiresAt < before && _entries.TryRemove(id, out _))
            {
                removed++;
            }
        }

        return Task.FromResult(removed);
    }

    private sealed class Entry(SealAuthorizationRecord record)
    {
        public readonly SealAuthorizationRecord Record = record;
        public int Used;
    }
}
