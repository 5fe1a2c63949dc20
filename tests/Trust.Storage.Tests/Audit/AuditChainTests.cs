using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core;
using Trust.Core.Audit;
using Trust.Core.Storage;

namespace Trust.Storage.Tests.Audit;

/// <summary>The canonical encoding, the chaining and the verifier's diagnosis, without a database.</summary>
public sealed class AuditChainTests
{
    private static readonly DateTimeOffset T0 = new(2024, 3, 1, 1, 2, 3, TimeSpan.Zero);

    internal static List<AuditEntry> Chain(int count, string tag = "")
    {
        var entries = new List<AuditEntry>();
        var previous = AuditChain.GenesisHash;
        for (var i = 1; i <= count; i++)
        {
            var entry = AuditChain.CreateEntry(i, T0.AddSeconds(i), "licence.issue", "dept:D" + tag, $"L{i}", $$"""{"i":{{i}}}""", previous);
            entries.Add(entry);
            previous = entry.Hash;
        }

        return entries;
    }

    private static AuditChainVerification Verify(IEnumerable<AuditEntry> entries, AuditAnchor? anchor = null) =>
        AuditChainVerifier.VerifyAsync(new ListAuditLog([.. entries]), anchor).GetAwaiter().GetResult();

    private static List<AuditEntry> Renumber(IEnumerable<AuditEntry> entries) =>
        [.. entries.Select((e, i) => e with { Sequence = i + 1 })];

    [Fact]
    public void Hash_is_sha256_over_the_documented_encoding()
    {
        var previous = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var at = new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.FromHours(8)).AddTicks(12345678);

        var expected = new List<byte>("TRUST-AUDIT-1"u8.ToArray());
        var number = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, 42);
        expected.AddRange(number);
        BinaryPrimitives.WriteInt64BigEndian(number, ((at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10));
        expected.AddRange(number);
        foreach (var text in new[] { "licence.revoke", "张三的部门", "", "{\"r\":1}" })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
            expected.AddRange(length);
            expected.AddRange(bytes);
        }

        expected.AddRange(previous);

        var entry = AuditChain.CreateEntry(42, at, "licence.revoke", "张三的部门", "", "{\"r\":1}", previous);
        Assert.Equal(SHA256.HashData([.. expected]), entry.Hash);
        Assert.Equal(entry.Hash, AuditChain.ComputeHash(entry));
    }

    [Fact]
    public void Encoding_of_version_1_is_stable()
    {
        // Regression vector, computed independently with Python (hashlib, struct): changing the encoding breaks every stored chain.
        var entry = AuditChain.CreateEntry(1, T0, "licence.issue", "cli", "L1", "{}", AuditChain.GenesisHash);
        Assert.Equal("5df668815fc161752b2538b799711e190e5697056955faa922e73d24567a8013", Convert.ToHexStringLower(entry.Hash));
    }

    [Fact]
    public void Time_is_kept_to_the_microsecond_in_utc()
    {
        var entry = AuditChain.CreateEntry(1, T0.AddTicks(19).ToOffset(TimeSpan.FromHours(8)), "a", "", "", "", AuditChain.GenesisHash);
        Assert.Equal(T0.AddTicks(10), entry.At);
        Assert.Equal(TimeSpan.Zero, entry.At.Offset);
    }

    [Fact]
    public void Length_prefixes_keep_field_boundaries_apart()
    {
        var a = AuditChain.ComputeHash(1, T0, "ab", "c", "", "", AuditChain.GenesisHash);
        var b = AuditChain.ComputeHash(1, T0, "a", "bc", "", "", AuditChain.GenesisHash);
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public void Bad_text_is_refused_naming_the_field(int which)
    {
        var bad = new[] { "", "a\0b", "x" + '\uDC00' + "y" }[which];
        var e = Assert.Throws<TrustFormatException>(() => AuditChain.CreateEntry(1, T0, bad, "", "", "", AuditChain.GenesisHash));
        Assert.Equal("audit.action", e.Field);
        if (which > 0)
        {
            Assert.Equal("audit.details", Assert.Throws<TrustFormatException>(() => AuditChain.CreateEntry(1, T0, "a", "", "", bad, AuditChain.GenesisHash)).Field);
        }
    }

    [Fact]
    public void Previous_hash_of_wrong_length_is_refused()
    {
        var e = Assert.Throws<TrustFormatException>(() => AuditChain.CreateEntry(1, T0, "a", "", "", "", new byte[31]));
        Assert.Equal("audit.previousHash", e.Field);
    }

    [Fact]
    public void Intact_chain_verifies()
    {
        var chain = Chain(10);
        var result = Verify(chain);
        Assert.True(result.IsIntact);
        Assert.Equal(10, result.EntriesChecked);
        Assert.Equal(chain[^1].Hash, result.HeadHash);
    }

    [Fact]
    public void Truncated_hash_is_a_change_not_a_crash()
    {
        var chain = Chain(5);
        chain[2] = chain[2] with { Hash = chain[2].Hash[..10] };
        var result = Verify(chain);
        Assert.Equal((AuditChainFaultKind.Changed, 3L), (result.Fault!.Kind, result.Fault.Sequence));
    }

    [Fact]
    public void Two_removed_records_with_renumbering_are_reported_as_one_removal()
    {
        var chain = Chain(10);
        chain.RemoveRange(3, 2); // records 4 and 5
        var result = Verify(Renumber(chain));
        Assert.Equal((AuditChainFaultKind.Removed, 4L), (result.Fault!.Kind, result.Fault.Sequence));
        Assert.Contains("records 4 to 5", result.Fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_replaced_by_a_copy_of_an_earlier_one_is_reordered()
    {
        var chain = Chain(10);
        chain[6] = chain[2] with { Sequence = 7 };
        var result = Verify(chain);
        Assert.Equal((AuditChainFaultKind.Reordered, 7L), (result.Fault!.Kind, result.Fault.Sequence));
        Assert.Contains("record 3", result.Fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anchor_finds_records_cut_off_at_the_end()
    {
        var chain = Chain(10);
        var anchor = new AuditAnchor(10, chain[^1].Hash);
        Assert.True(Verify(chain, anchor).IsIntact);

        var result = Verify(chain[..8], anchor);
        Assert.Equal((AuditChainFaultKind.Removed, 9L), (result.Fault!.Kind, result.Fault.Sequence));
        Assert.Contains("records 9 to 10", result.Fault.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Anchor_finds_a_tail_rewritten_with_fresh_hashes()
    {
        var chain = Chain(10);
        var anchor = new AuditAnchor(8, chain[7].Hash);
        var rewritten = chain[..5];
        var previous = rewritten[^1].Hash;
        for (var i = 6; i <= 10; i++)
        {
            var entry = AuditChain.CreateEntry(i, T0, "licence.issue", "mallory", "L" + i, "{}", previous);
            rewritten.Add(entry);
            previous = entry.Hash;
        }

        Assert.True(Verify(rewritten).IsIntact);
        var result = Verify(rewritten, anchor);
        Assert.Equal((AuditChainFaultKind.Changed, 8L), (result.Fault!.Kind, result.Fault.Sequence));
    }

    [Fact]
    public void Genesis_anchor_accepts_the_empty_log()
    {
        var result = Verify([], new AuditAnchor(0, AuditChain.GenesisHash));
        Assert.True(result.IsIntact);
    }

    public enum Tamper
    {
        ChangeField,
        ChangeAndRehash,
        RemoveKeepNumbers,
        RemoveAndRenumber,
        Swap,
        InsertForged,
        InsertGarbage,
    }

    /// <summary>Any single tampering of a chain is found, and named with the right kind and sequence.</summary>
    [Property(MaxTest = 300)]
    public Property Every_tampering_is_named_with_its_kind_and_sequence(Tamper tamper, PositiveInt size, PositiveInt pick1, PositiveInt pick2, PositiveInt count)
    {
        var n = 3 + (size.Get % 20);
        var chain = Chain(n);
        var k = 1 + (pick1.Get % (n - 1)); // 1..n-1: never only the last record (a chain cannot show truncation)
        var (kind, at) = Apply(tamper, chain, n, k, pick2.Get, 1 + (count.Get % 3), out var tampered);
        var result = Verify(tampered);
        return (!result.IsIntact && result.Fault!.Kind == kind && result.Fault.Sequence == at)
            .Label($"{tamper} k={k} n={n}: expected {kind} at {at}, got {result.Fault?.Kind} at {result.Fault?.Sequence} ({result.Fault?.Message})");
    }

    private static (AuditChainFaultKind, long) Apply(Tamper tamper, List<AuditEntry> chain, int n, int k, int pick2, int m, out List<AuditEntry> result)
    {
        var list = new List<AuditEntry>(chain);
        switch (tamper)
        {
            case Tamper.ChangeField:
                list[k - 1] = list[k - 1] with { Actor = "mallory" };
                result = list;
                return (AuditChainFaultKind.Changed, k);
            case Tamper.ChangeAndRehash:
                var e = list[k - 1];
                list[k - 1] = AuditChain.CreateEntry(k, e.At, e.Action, "mallory", e.Subject, e.Details, e.PreviousHash);
                result = list;
                return (AuditChainFaultKind.Changed, k);
            case Tamper.RemoveKeepNumbers:
                list.RemoveAt(k - 1);
                result = list;
                return (AuditChainFaultKind.Removed, k);
            case Tamper.RemoveAndRenumber:
                var removable = Math.Min(m, n - k); // leave at least one record after the gap
                list.RemoveRange(k - 1, removable);
                result = Renumber(list);
                return (AuditChainFaultKind.Removed, k);
            case Tamper.Swap:
                var b = k + 1 + (pick2 % (n - k)); // k < b <= n
                (list[k - 1], list[b - 1]) = (list[b - 1] with { Sequence = k }, list[k - 1] with { Sequence = b });
                result = list;
                return (AuditChainFaultKind.Reordered, k);
            case Tamper.InsertForged:
                var previous = k == 1 ? AuditChain.GenesisHash : list[k - 2].Hash;
                var forged = Chain(k - 1 + m, tag: "forged").Skip(k - 1).ToList(); // placeholder content, re-linked below
                var inserted = new List<AuditEntry>();
                foreach (var f in forged)
                {
                    var entry = AuditChain.CreateEntry(k + inserted.Count, f.At, f.Action, f.Actor, f.Subject, f.Details, previous);
                    inserted.Add(entry);
                    previous = entry.Hash;
                }

                list.InsertRange(k - 1, inserted);
                result = [.. list.Take(k - 1 + m), .. list.Skip(k - 1 + m).Select(x => x with { Sequence = x.Sequence + m })];
                return (AuditChainFaultKind.Inserted, k);
            default:
                var garbage = new AuditEntry(k, T0, "licence.issue", "x", "L0", "{}", new byte[32], RandomNumberGenerator.GetBytes(32));
                list.Insert(k - 1, garbage);
                result = [.. list.Take(k), .. list.Skip(k).Select(x => x with { Sequence = x.Sequence + 1 })];
                return (AuditChainFaultKind.Inserted, k);
        }
    }
}
