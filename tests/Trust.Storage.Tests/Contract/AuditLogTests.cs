using System.Data.Common;
using Trust.Core.Audit;
using Trust.Core.Storage;
using Trust.Storage.Internal;
using Trust.Storage.Tests.Fixtures;

namespace Trust.Storage.Tests.Contract;

/// <summary>
/// The audit log on every provider: appends chain correctly, also concurrently, and tampering
/// done directly in the database is found and named by <see cref="AuditChainVerifier"/>.
/// </summary>
public abstract class AuditLogTests<TFixture>(TFixture fixture) : StoreTestBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    private const int Count = 20;

    private static async Task<TrustStore> StoreWithEntriesAsync(TFixture fixture, int count = Count)
    {
        var store = await fixture.CreateStoreAsync();
        for (var i = 1; i <= count; i++)
        {
            await store.AppendAsync(i % 2 == 0 ? "licence.issue" : "licence.revoke", "dept:D310000", $"L{i:D4}", $$"""{"n":{{i}}}""", T0.AddSeconds(i));
        }

        return store;
    }

    private static async Task SqlAsync(TrustStore store, string sql, params (string, object?)[] parameters)
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None);
        await Db.ExecuteAsync(connection, null, sql, CancellationToken.None, parameters);
    }

    private static async Task<AuditChainVerification> VerifyAsync(TrustStore store) => await AuditChainVerifier.VerifyAsync(store);

    [Fact]
    public async Task Appended_entries_chain_from_the_genesis_hash_and_verify()
    {
        await using var store = await StoreWithEntriesAsync(Fixture);
        var entries = await store.ReadAsync().ToListAsync();

        Assert.Equal(Enumerable.Range(1, Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(AuditChain.GenesisHash, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
        }

        var result = await VerifyAsync(store);
        Assert.True(result.IsIntact);
        Assert.Equal(Count, result.EntriesChecked);
        Assert.Equal(entries[^1].Hash, result.HeadHash);
        Assert.Empty(result.Reasons);
    }

    [Fact]
    public async Task Read_from_a_sequence_starts_there()
    {
        await using var store = await StoreWithEntriesAsync(Fixture, 5);
        Assert.Equal([4L, 5L], (await store.ReadAsync(4).ToListAsync()).Select(e => e.Sequence));
    }

    [Fact]
    public async Task Append_returns_the_entry_as_stored()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var appended = await store.AppendAsync("seal.use", "dept:D1", "ES-1", "{}", T0.AddTicks(7));
        var stored = Assert.Single(await store.ReadAsync().ToListAsync());
        Assert.Equal(appended.Hash, stored.Hash);
        Assert.Equal(appended.At, stored.At);
        Assert.Equal(T0, stored.At);
    }

    [Fact]
    public async Task Empty_log_is_intact()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var result = await VerifyAsync(store);
        Assert.True(result.IsIntact);
        Assert.Equal(0, result.LastSequence);
    }

    [Fact]
    public async Task Concurrent_appends_form_one_unbroken_chain()
    {
        var spec = await Fixture.NewStoreSpecAsync();
        await using var node1 = await TrustStores.OpenAsync(spec);
        await using var node2 = await TrustStores.OpenAsync(spec);
        await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() =>
            (i % 2 == 0 ? node1 : node2).AppendAsync("grant.check", "clerk:" + i, "G" + i, "{}", T0))));

        var result = await VerifyAsync(node1);
        Assert.True(result.IsIntact, result.Fault?.Message);
        Assert.Equal(60, result.LastSequence);
    }

    [Fact]
    public async Task Changed_field_is_reported_at_its_sequence()
    {
        await using var store = await StoreWithEntriesAsync(Fixture);
        await SqlAsync(store, "UPDATE audit_log SET actor = @actor WHERE seq = 7", ("actor", "mallory"));

        var result = await VerifyAsync(store);
        AssertFault(result, AuditChainFaultKind.Changed, 7);
        Assert.Equal(6, result.LastSequence);
    }

    [Fact]
    public async Task Changed_field_with_recomputed_hash_is_caught_by_the_next_record()
    {
        await using var store = await StoreWithEntriesAsync(Fixture);
        var original = (await store.ReadAsync(7).FirstAsync());
        var forged = AuditChain.CreateEntry(7, original.At, original.Action, "mallory", original.Subject, original.Details, original.PreviousHash);
        await SqlAsync(store, "UPDATE audit_log SET actor = @actor, hash = @hash WHERE seq = 7", ("actor", forged.Actor), ("hash", forged.Hash));

        AssertFault(await VerifyAsync(store), AuditChainFaultKind.Changed, 7);
    }

    [Fact]
    public async Task Deleted_row_is_reported_as_removed()
    {
        await using var store = await StoreWithEntriesAsync(Fixture);
        await SqlAsync(store, "DELETE FROM audit_log WHERE seq = 7");

        AssertFault(await VerifyAsync(store), AuditChainFaultKind.Removed, 7);
    }

    [Fact]
    public async Task Deleted_row_with_later_rows_renumbered_is_reported_as_removed()
    {
        await using var store = await StoreWithEntriesAsync(Fixture);
        await SqlAsync(store, "DELETE FROM audit_log WHERE seq = 7");
        await ShiftAsync(store, from: 8, by: -1);

        AssertFault(await VerifyAsync(store), AuditChainFaultKind.Removed, 7);
    }

    [Theory]
    [InlineData(5, 6)]
    [InlineData(5, 12)]
    public async Task Swapped_rows_are_reported_as_reordered(int a, int b)
    {
        await using var store = await StoreWithEntriesAsync(Fixture);
        var entries = await store.ReadAsync().ToListAsync();
        await WriteContentAsync(store, a, entries[b - 1]);
        await WriteContentAsync(store, b, entries[a - 1]);

        AssertFault(await VerifyAsync(store), AuditChainFaultKind.Reordered, a);
    }

    [Fact]
    public async Task Inserted_forged_row_that_links_correctly_is_reported_as_inserted()
    {
        await using var store = await StoreWithEntriesAsync(Fixture);
        var before = await store.ReadAsync(6).FirstAsync();
        await ShiftAsync(store, from: 7, by: 1);
        var forged = AuditChain.CreateEntry(7, T0, "licence.issue", "dept:D310000", "L9999", "{}", before.Hash);
        await InsertAsync(store, forged);

        AssertFault(await VerifyAsync(store), AuditChainFaultKind.Inserted, 7);
    }

    [Fact]
    public async Task Inserted_row_with_a_made_up_hash_is_reported_as_inserted()
    {
        await using var store = await StoreWithEntriesAsync(Fixture);
        await ShiftAsync(store, from: 7, by: 1);
        await InsertAsync(store, new AuditEntry(7, T0, "licence.issue", "x", "L9999", "{}", new byte[32], Enumerable.Repeat((byte)0xAB, 32).ToArray()));

        AssertFault(await VerifyAsync(store), AuditChainFaultKind.Inserted, 7);
    }

    [Fact]
    public async Task Head_row_names_the_last_entry()
    {
        await using var store = await StoreWithEntriesAsync(Fixture, 3);
        var last = (await store.ReadAsync().ToListAsync())[^1];
        var anchor = await store.GetAuditAnchorAsync();
        Assert.Equal(3L, anchor.Sequence);
        Assert.Equal(last.Hash, anchor.Hash);
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Rows_deleted_at_the_end_are_found_against_the_head_row()
    {
        await using var store = await StoreWithEntriesAsync(Fixture);
        await SqlAsync(store, "DELETE FROM audit_log WHERE seq >= 19");

        Assert.True((await VerifyAsync(store)).IsIntact); // the chain alone cannot tell
        AssertFault(await store.VerifyAuditChainAsync(), AuditChainFaultKind.Removed, 19);
    }

    private static void AssertFault(AuditChainVerification result, AuditChainFaultKind kind, long sequence)
    {
        Assert.False(result.IsIntact);
        Assert.NotNull(result.Fault);
        Assert.True(kind == result.Fault.Kind && sequence == result.Fault.Sequence, $"expected {kind} at {sequence}, got {result.Fault.Kind} at {result.Fault.Sequence}: {result.Fault.Message}");
        Assert.Contains(sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), result.Fault.Message, StringComparison.Ordinal);
        Assert.Equal([result.Fault.Code], result.Reasons);
    }

    /// <summary>Renumbers rows from <paramref name="from"/> on by <paramref name="by"/> (via negative numbers, so the primary key never collides).</summary>
    private static async Task ShiftAsync(TrustStore store, long from, long by)
    {
        await SqlAsync(store, "UPDATE audit_log SET seq = -seq WHERE seq >= @from", ("from", from));
        await SqlAsync(store, "UPDATE audit_log SET seq = -seq + @by WHERE seq < 0", ("by", by));
    }

    private static Task InsertAsync(TrustStore store, AuditEntry e) => SqlAsync(store,
        "INSERT INTO audit_log (seq, at_us, action, actor, subject, details, prev_hash, hash) VALUES (@seq, @at, @action, @actor, @subject, @details, @prev, @hash)",
        ("seq", e.Sequence), ("at", Db.ToMicros(e.At)), ("action", e.Action), ("actor", e.Actor), ("subject", e.Subject), ("details", e.Details), ("prev", e.PreviousHash), ("hash", e.Hash));

    private static Task WriteContentAsync(TrustStore store, long sequence, AuditEntry e) => SqlAsync(store,
        "UPDATE audit_log SET at_us = @at, action = @action, actor = @actor, subject = @subject, details = @details, prev_hash = @prev, hash = @hash WHERE seq = @seq",
        ("seq", sequence), ("at", Db.ToMicros(e.At)), ("action", e.Action), ("actor", e.Actor), ("subject", e.Subject), ("details", e.Details), ("prev", e.PreviousHash), ("hash", e.Hash));
}

public sealed class SqliteAuditLogTests(SqliteFixture fixture) : AuditLogTests<SqliteFixture>(fixture);

public sealed class PostgresAuditLogTests(PostgresFixture fixture) : AuditLogTests<PostgresFixture>(fixture);
