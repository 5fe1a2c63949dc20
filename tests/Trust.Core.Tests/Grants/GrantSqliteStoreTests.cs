using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Services;
using Trust.Storage;

namespace Trust.Core.Tests.Grants;

/// <summary>Grants with the real SQLite store (Trust.Storage): recording, revocation and atomic single use.</summary>
public sealed class GrantSqliteStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("trust-grants-").FullName;

    private static readonly ServiceItem Item = ServiceCatalog.Default.Items.First(i => i.HolderKind == HolderKind.Person && i.RequiredLicenceTypes.Count > 0);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Concurrent_checks_of_a_single_use_grant_allow_exactly_one_with_sqlite()
    {
        await using var store = await TrustStores.OpenAsync(TrustStores.Sqlite(Path.Combine(_directory, "trust.db")));
        var f = new GrantFixture(grantStore: store, audit: store);
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
}
