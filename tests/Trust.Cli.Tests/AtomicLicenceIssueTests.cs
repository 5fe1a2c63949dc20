using Trust.Cli.State;
using Trust.Core.Storage;
using Trust.Storage;

namespace Trust.Cli.Tests;

public sealed class AtomicLicenceIssueTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static LicenceRecord Record(string id, DateTimeOffset at) =>
        new(id, "BL", 2, "91330106MA2B3C4D5D", "n", "SAMR", "SAMR-L1", 0, at, at, null, [1, 2, 3]);

    [Fact]
    public async Task A_licence_is_stored_only_together_with_its_audit_entry()
    {
        await using var store = await TrustStores.OpenAsync(TrustStores.Sqlite(_temp.File("t.db")));
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var id = Trust.Core.Identifiers.LicenceId.Format("BL", "SAMR", 2026, 0);

        var abandoned = new AtomicLicenceIssue(store);
        await abandoned.AddAsync(Record(id, at));
        Assert.Null(await store.GetAsync(id)); // nothing until the audit entry comes

        var atomic = new AtomicLicenceIssue(store);
        await atomic.AddAsync(Record(id, at));
        await Assert.ThrowsAsync<InvalidOperationException>(() => atomic.AppendAsync("licence.issue", "a", "other", "{}", at));
        Assert.Null(await store.GetAsync(id));

        var good = new AtomicLicenceIssue(store);
        await good.AddAsync(Record(id, at));
        var entry = await good.AppendAsync("licence.issue", "a", id, "{}", at);
        Assert.Equal(1, entry.Sequence);
        Assert.NotNull(await store.GetAsync(id));
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }
}
