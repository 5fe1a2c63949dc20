using System.Buffers.Binary;
using System.Security.Cryptography;
using Trust.Core.Storage;

namespace Trust.Core.Audit;

/// <summary>
/// Reads an audit log from the start and reports the first changed, removed, inserted or
/// reordered record, with its sequence number. Never throws for tampered content; errors of the
/// store itself (I/O, connection) propagate.
/// </summary>
public static class AuditChainVerifier
{
    /// <summary>
    /// Checks the whole chain of <paramref name="log"/> and, when given, that it still contains the record named
    /// by <paramref name="anchor"/> (a head kept elsewhere: the store's head row, an earlier
    /// verification's <see cref="AuditChainVerification.HeadHash"/>, a published checkpoint).
    /// Records missing at the end are reported as removed; a rewritten tail as changed at the anchor.
    /// A chain alone (no anchor) cannot show that records were cut off at its end.
    /// </summary>
    public static async Task<AuditChainVerification> VerifyAsync(IAuditLog log, AuditAnchor? anchor = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(log);
        byte[]? anchoredHash = anchor is { Sequence: 0 } ? AuditChain.GenesisHash : null;
        long checkedCount = 0;
        long previousSequence = 0;
        byte[] previousHash = AuditChain.GenesisHash;
        byte[] beforePreviousHash = AuditChain.GenesisHash;
        AuditEntry? suspect = null;
        AuditEntry? afterSuspect = null;
        long maxSequence = 0;

        await foreach (var entry in log.ReadAsync(1, cancellationToken).ConfigureAwait(false))
        {
            maxSequence = Math.Max(maxSequence, entry.Sequence);
            if (suspect is not null)
            {
                if (afterSuspect is null && entry.Sequence == suspect.Sequence + 1)
                {
                    afterSuspect = entry;
                }

                continue;
            }

            var expected = previousSequence + 1;
            if (entry.Sequence < expected)
            {
                return Broken(checkedCount, previousSequence, previousHash, AuditChainFaultKind.Reordered, entry.Sequence,
                    $"record {entry.Sequence} is out of sequence order after record {previousSequence}");
            }

            if (entry.Sequence > expected)
            {
                var missing = entry.Sequence - 1 == expected ? $"record {expected} is" : $"records {expected} to {entry.Sequence - 1} are";
                return Broken(checkedCount, previousSequence, previousHash, AuditChainFaultKind.Removed, expected, $"{missing} missing");
            }

            var selfOk = HashMatches(entry, entry.Sequence);
            var linkOk = CryptographicOperations.FixedTimeEquals(entry.PreviousHash, previousHash);
            if (selfOk && linkOk)
            {
                checkedCount++;
                if (anchor is not null && entry.Sequence == anchor.Sequence)
                {
                    anchoredHash = entry.Hash;
                }

                previousSequence = entry.Sequence;
                beforePreviousHash = previousHash;
                previousHash = entry.Hash;
                continue;
            }

            if (selfOk)
            {
                // The record is whole at its place, but the one before it is not the one it committed to.
                var changed = previousSequence == 0 ? entry.Sequence : previousSequence;
                var message = previousSequence == 0
                    ? $"record {changed} does not start from the genesis hash"
                    : $"record {changed} no longer matches the hash that record {entry.Sequence} committed to";
                return previousSequence == 0
                    ? Broken(0, 0, previousHash, AuditChainFaultKind.Changed, changed, message)
                    : Broken(checkedCount - 1, previousSequence - 1, beforePreviousHash, AuditChainFaultKind.Changed, changed, message);
            }

            suspect = entry;
        }

        if (suspect is null)
        {
            return anchor is null ? new AuditChainVerification(true, checkedCount, previousSequence, previousHash, null)
                : CheckAnchor(anchor, anchoredHash, checkedCount, previousSequence, previousHash);
        }

        return Classify(suspect, afterSuspect, maxSequence, checkedCount, previousSequence, previousHash);
    }

    private static AuditChainVerification CheckAnchor(AuditAnchor anchor, byte[]? anchoredHash, long checkedCount, long lastSequence, byte[] headHash)
    {
        if (lastSequence < anchor.Sequence)
        {
            var missing = lastSequence + 1 == anchor.Sequence ? $"record {anchor.Sequence} is" : $"records {lastSequence + 1} to {anchor.Sequence} are";
            return Broken(checkedCount, lastSequence, headHash, AuditChainFaultKind.Removed, lastSequence + 1,
                $"{missing} missing at the end of the log (the anchor names record {anchor.Sequence})");
        }

        if (anchoredHash is null || !CryptographicOperations.FixedTimeEquals(anchoredHash, anchor.Hash))
        {
            return Broken(Math.Max(0, anchor.Sequence - 1), Math.Max(0, anchor.Sequence - 1), [], AuditChainFaultKind.Changed, anchor.Sequence,
                $"record {anchor.Sequence} differs from the anchor: the log was rewritten from there on");
        }

        return new AuditChainVerification(true, checkedCount, lastSequence, headHash, null);
    }

    /// <summary>
    /// The first record that does not match its own hash: find out whether it is a genuine record
    /// from another position (its hash matches another sequence number) or changed content.
    /// </summary>
    private static AuditChainVerification Classify(AuditEntry suspect, AuditEntry? next, long maxSequence, long checkedCount, long previousSequence, byte[] previousHash)
    {
        var s = suspect.Sequence;
        // Records removed with renumbering push origins past the last stored sequence: search beyond it.
        var limit = (2 * maxSequence) + 1024;
        var origin = FindOrigin(suspect, limit);
        var nextOrigin = next is null ? null : FindOrigin(next, limit);
        switch (origin)
        {
            case { } o when o < s && (next is null || nextOrigin == o + 1):
                // Genuine records from o on are shifted up: records o to s-1 were put in before them.
                // The genuine record o names the hash of record o-1, the last good one.
                return Broken(checkedCount - (s - o), o - 1, suspect.PreviousHash, AuditChainFaultKind.Inserted, o,
                    o == s - 1
                        ? $"record {o} was inserted: record {s} holds the genuine record {o}, shifted by one"
                        : $"records {o} to {s - 1} were inserted: record {s} holds the genuine record {o}");
            case { } o when o == s + 1 && nextOrigin == s:
                return Broken(checkedCount, previousSequence, previousHash, AuditChainFaultKind.Reordered, s,
                    $"records {s} and {s + 1} were swapped");
            case { } o when o > s && (next is null || nextOrigin == o + 1):
                return Broken(checkedCount, previousSequence, previousHash, AuditChainFaultKind.Removed, s,
                    o == s + 1
                        ? $"record {s} was removed and the later records renumbered"
                        : $"records {s} to {o - 1} were removed and the later records renumbered");
            case { } o:
                return Broken(checkedCount, previousSequence, previousHash, AuditChainFaultKind.Reordered, s,
                    $"record {s} holds the content of record {o}");
            default:
                return nextOrigin == s
                    ? Broken(checkedCount, previousSequence, previousHash, AuditChainFaultKind.Inserted, s,
                        $"record {s} was inserted: the genuine records after it are shifted by one")
                    : Broken(checkedCount, previousSequence, previousHash, AuditChainFaultKind.Changed, s,
                        $"record {s} does not match its hash: its content was changed");
        }
    }

    /// <summary>
    /// The sequence number for which the entry's stored hash is right, searching outwards from
    /// its own position, or null. At most <paramref name="limit"/> candidates, one SHA-256 each.
    /// </summary>
    private static long? FindOrigin(AuditEntry entry, long limit)
    {
        if (entry.Hash.Length != AuditChain.HashLength || entry.PreviousHash.Length != AuditChain.HashLength)
        {
            return null;
        }

        var encoding = AuditChain.Encode(entry.Sequence, entry.At, entry.Action, entry.Actor, entry.Subject, entry.Details, entry.PreviousHash);
        Span<byte> hash = stackalloc byte[AuditChain.HashLength];
        for (long distance = 1; distance <= limit; distance++)
        {
            foreach (var candidate in (ReadOnlySpan<long>)[entry.Sequence - distance, entry.Sequence + distance])
            {
                if (candidate < 1 || candidate > limit)
                {
                    continue;
                }

                BinaryPrimitives.WriteInt64BigEndian(encoding.AsSpan(AuditChain.SequenceOffset), candidate);
                SHA256.HashData(encoding, hash);
                if (hash.SequenceEqual(entry.Hash))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    private static bool HashMatches(AuditEntry entry, long sequence) =>
        entry.Hash.Length == AuditChain.HashLength
        && entry.PreviousHash.Length == AuditChain.HashLength
        && CryptographicOperations.FixedTimeEquals(
            AuditChain.ComputeHash(sequence, entry.At, entry.Action, entry.Actor, entry.Subject, entry.Details, entry.PreviousHash),
            entry.Hash);

    private static AuditChainVerification Broken(long checkedCount, long lastSequence, byte[] headHash, AuditChainFaultKind kind, long sequence, string message) =>
        new(false, Math.Max(0, checkedCount), Math.Max(0, lastSequence), headHash, new AuditChainFault(kind, sequence, CodeOf(kind), message));

    private static string CodeOf(AuditChainFaultKind kind) => kind switch
    {
        AuditChainFaultKind.Removed => "audit.removed",
        AuditChainFaultKind.Inserted => "audit.inserted",
        AuditChainFaultKind.Reordered => "audit.reordered",
        _ => "audit.changed",
    };
}
