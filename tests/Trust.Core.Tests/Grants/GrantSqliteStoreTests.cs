using Microsoft.Data.Sqlite;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Services;
using Trust.Storage;

namespace Trust.Core.Tests.Grants;

/// <summary>
/// Grants with the real SQLite store (Trust.Storage): recording, revocation and atomic single use, where the use
/// and its <c>grant.check</c> entry are one transaction (a trigger on <c>audit_log</c> makes the append fail).
/// </summary>
public sealed class GrantSqliteStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("trust-grants-").FullName;

    private static readonly ServiceItem Item = ServiceCatalog.Default.Items.First(i => i.HolderKind == HolderKind.Person && i.RequiredLicenceTypes.Count > 0);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Concurrent_checks_of_a_single_use_grant_allow_exactly_one_with_sqlite()
    {
        await using var store = await TrustStores.OpenAsync(TrustStores.Sqlite(Path.Combine(_directory, "trust.db")));
        var f = new GrantFixture(grantStore: store, audit: store, atomicConsumption: store, writes: store);
        foreach (var type in Item.LicenceTypes)
        {
            await f.IssueLicenceAsync(type, GrantFixture.Person);
        }

        for (var round = 0; round < 3; round++)
        {
            var grant = await f.GrantAsync(Item, singleUse: true);
            Assert.NotNull(await ((Trust.Core.Storage.IGrantStore)store).GetAsync(grant.Id));
            var checkers = Enumerable.Range(0, 2).Select(_ => f.NewChecker(f.Licences.Store)).ToList();
            var results = await Task.WhenAll(checkers.Select(c => Task.Run(() => c.CheckAsync(new GrantCheckRequest(grant.Encoded, Item.Code, GrantFixture.Clerk)))));
            Assert.Equal(1, results.Count(r => r.IsAllowed));
            Assert.Equal([GrantReasons.AlreadyUsed], results.Single(r => !r.IsAllowed).Reasons);
            Assert.True(await store.IsConsumedAsync(grant.Id));
        }

        var revoked = await f.GrantAsync(Item, singleUse: true);
        Assert.True(await f.Issuer.RevokeAsync(revoked.Id, "test"));
        Assert.Equal([GrantReasons.Revoked], (await f.CheckAsync(revoked, Item)).Reasons);
        Assert.False(await store.IsConsumedAsync(revoked.Id));

        var actions = new List<string>();
        await foreach (var entry in store.ReadAsync())
        {
            actions.Add(entry.Action);
        }

        Assert.Equal(3 + 6 + 1 + 1 + 1, actions.Count(a => a.StartsWith("grant.", StringComparison.Ordinal)));
        Assert.Equal(LicenceVerdict.Valid, (await f.CheckAsync(await f.GrantAsync(Item), Item)).Licences[0].Verdict);
    }

    [Fact]
    public async Task Single_use_check_whose_audit_append_fails_leaves_the_grant_unused()
    {
        var path = Path.Combine(_directory, "trust.db");
        await using var store = await TrustStores.OpenAsync(TrustStores.Sqlite(path));
        var f = new GrantFixture(grantStore: store, audit: store, atomicConsumption: store, writes: store);
        foreach (var type in Item.LicenceTypes)
        {
            await f.IssueLicenceAsync(type, GrantFixture.Person);
        }

        var grant = await f.GrantAsync(Item, singleUse: true);
        await ExecuteAsync(path, "CREATE TRIGGER fail_check BEFORE INSERT ON audit_log WHEN NEW.action = 'grant.check' BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END");
        await Assert.ThrowsAnyAsync<Exception>(() => f.CheckAsync(grant, Item));
        Assert.False(await store.IsConsumedAsync(grant.Id));
        Assert.Empty(await ChecksOfAsync(store, grant.Id));

        await ExecuteAsync(path, "DROP TRIGGER fail_check");
        var first = await f.CheckAsync(grant, Item);
        Assert.True(first.IsAllowed);
        Assert.Equal(LicenceVerdict.Valid, first.Licences[0].Verdict);
        var second = await f.CheckAsync(grant, Item);
        Assert.Equal([GrantReasons.AlreadyUsed], second.Reasons);
        Assert.Empty(second.Licences);
        var checks = await ChecksOfAsync(store, grant.Id);
        Assert.Equal(2, checks.Count);
        Assert.Contains("\"allowed\"", checks[0].Details, StringComparison.Ordinal);
        Assert.Contains("\"grant.already_used\"", checks[1].Details, StringComparison.Ordinal);
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Batch_with_a_single_use_grant_twice_allows_it_once_and_audits_in_input_order()
    {
        await using var store = await TrustStores.OpenAsync(TrustStores.Sqlite(Path.Combine(_directory, "trust.db")));
        var f = new GrantFixture(grantStore: store, audit: store, atomicConsumption: store, writes: store);
        foreach (var type in Item.LicenceTypes)
        {
            await f.IssueLicenceAsync(type, GrantFixture.Person);
        }

        var once = await f.GrantAsync(Item, singleUse: true);
        var open = await f.GrantAsync(Item);
        var results = await f.Checker.CheckManyAsync(
        [
            new GrantCheckRequest(open.Encoded, Item.Code, GrantFixture.Clerk),
            new GrantCheckRequest(once.Encoded, Item.Code, GrantFixture.Clerk),
            new GrantCheckRequest(once.Encoded, Item.Code, GrantFixture.Clerk),
            new GrantCheckRequest(open.Encoded, Item.Code, GrantFixture.Clerk),
        ]);

        Assert.Equal([true, true, false, true], results.Select(r => r.IsAllowed));
        Assert.Equal([GrantReasons.AlreadyUsed], results[2].Reasons);
        Assert.Empty(results[2].Licences);
        Assert.NotEmpty(results[1].Licences);
        var subjects = new List<string>();
        await foreach (var entry in store.ReadAsync())
        {
            if (entry.Action == "grant.check")
            {
                subjects.Add(entry.Subject);
            }
        }

        Assert.Equal([open.Id, once.Id, once.Id, open.Id], subjects);
    }

    private static async Task<List<Trust.Core.Storage.AuditEntry>> ChecksOfAsync(TrustStore store, string grantId)
    {
        var checks = new List<Trust.Core.Storage.AuditEntry>();
        await foreach (var entry in store.ReadAsync())
        {
            if (entry.Action == "grant.check" && entry.Subject == grantId)
            {
                checks.Add(entry);
            }
        }

        return checks;
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
