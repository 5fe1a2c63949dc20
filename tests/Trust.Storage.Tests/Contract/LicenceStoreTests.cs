using Trust.Core;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Storage.Tests.Fixtures;

namespace Trust.Storage.Tests.Contract;

/// <summary>Licences, status and status indexes: the same behaviour on every provider.</summary>
public abstract class LicenceStoreTests<TFixture>(TFixture fixture) : StoreTestBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task Added_licence_reads_back_with_every_field()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var licence = NewLicence() with { ValidUntil = T0.AddTicks(1234567) };
        await store.AddAsync(licence);

        var read = await store.GetAsync(licence.Id);

        Assert.NotNull(read);
        Assert.Equal(licence.Id, read.Id);
        Assert.Equal(licence.TypeCode, read.TypeCode);
        Assert.Equal(licence.TypeVersion, read.TypeVersion);
        Assert.Equal(licence.HolderId, read.HolderId);
        Assert.Equal("张三", read.HolderName);
        Assert.Equal(licence.IssuerDepartment, read.IssuerDepartment);
        Assert.Equal(licence.StatusListId, read.StatusListId);
        Assert.Equal(licence.StatusIndex, read.StatusIndex);
        Assert.Equal(licence.IssuedAt, read.IssuedAt);
        Assert.Equal(licence.ValidFrom, read.ValidFrom);
        Assert.Equal(T0.AddTicks(1234560), read.ValidUntil); // kept to the microsecond
        Assert.Equal(licence.Signed, read.Signed);
        Assert.Equal(LicenceStatus.Valid, await store.GetStatusAsync(licence.Id));
    }

    [Fact]
    public async Task Licence_without_end_of_validity_reads_back_as_null()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var licence = NewLicence() with { ValidUntil = null };
        await store.AddAsync(licence);
        Assert.Null((await store.GetAsync(licence.Id))!.ValidUntil);
    }

    [Fact]
    public async Task Unknown_licence_is_null_and_its_status_is_null()
    {
        await using var store = await Fixture.CreateStoreAsync();
        Assert.Null(await store.GetAsync("NOPE"));
        Assert.Null(await store.GetStatusAsync("NOPE"));
        Assert.False(await store.SetStatusAsync(new StatusChange("NOPE", LicenceStatus.Revoked, "x", T0)));
    }

    [Fact]
    public async Task Adding_the_same_id_twice_is_refused()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var licence = NewLicence();
        await store.AddAsync(licence);
        await Assert.ThrowsAsync<TrustException>(() => store.AddAsync(licence with { StatusIndex = 99 }));
    }

    [Fact]
    public async Task Two_licences_cannot_share_a_status_index_in_one_list()
    {
        await using var store = await Fixture.CreateStoreAsync();
        await store.AddAsync(NewLicence(index: 5));
        await Assert.ThrowsAsync<TrustException>(() => store.AddAsync(NewLicence(index: 5)));
        await store.AddAsync(NewLicence(index: 5, list: "list-2"));
    }

    [Fact]
    public async Task Find_by_holder_returns_only_that_holders_licences_of_the_asked_types()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var a = NewLicence(holder: "H1", type: "BL", index: 0);
        var b = NewLicence(holder: "H1", type: "FOOD", index: 1);
        var c = NewLicence(holder: "H2", type: "BL", index: 2);
        foreach (var l in new[] { a, b, c })
        {
            await store.AddAsync(l);
        }

        Assert.Equal(new[] { a.Id, b.Id }.Order(), (await store.FindByHolderAsync("H1")).Select(l => l.Id).Order());
        Assert.Equal([b.Id], (await store.FindByHolderAsync("H1", ["FOOD", "MARRIAGE"])).Select(l => l.Id));
        Assert.Empty(await store.FindByHolderAsync("H1", []));
        Assert.Empty(await store.FindByHolderAsync("H3"));
    }

    [Fact]
    public async Task Suspend_resume_and_revoke_change_the_status_and_the_status_list()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var l1 = NewLicence(index: 0);
        var l2 = NewLicence(index: 1);
        await store.AddAsync(l1);
        await store.AddAsync(l2);

        Assert.True(await store.SetStatusAsync(new StatusChange(l1.Id, LicenceStatus.Suspended, "inspection", T0)));
        Assert.Equal(LicenceStatus.Suspended, await store.GetStatusAsync(l1.Id));
        Assert.Equal(new Dictionary<long, LicenceStatus> { [0] = LicenceStatus.Suspended }, await store.GetStatusListAsync("list-1"));

        Assert.True(await store.SetStatusAsync(new StatusChange(l1.Id, LicenceStatus.Valid, "resumed", T0)));
        Assert.Empty(await store.GetStatusListAsync("list-1"));

        Assert.True(await store.SetStatusAsync(new StatusChange(l2.Id, LicenceStatus.Revoked, "fraud", T0)));
        Assert.Equal(new Dictionary<long, LicenceStatus> { [1] = LicenceStatus.Revoked }, await store.GetStatusListAsync("list-1"));
        Assert.Empty(await store.GetStatusListAsync("other-list"));
    }

    [Theory]
    [InlineData(LicenceStatus.Valid)]
    [InlineData(LicenceStatus.Suspended)]
    [InlineData(LicenceStatus.Revoked)]
    public async Task Revoked_is_final(LicenceStatus next)
    {
        await using var store = await Fixture.CreateStoreAsync();
        var licence = NewLicence();
        await store.AddAsync(licence);
        Assert.True(await store.SetStatusAsync(new StatusChange(licence.Id, LicenceStatus.Revoked, "first", T0)));

        Assert.False(await store.SetStatusAsync(new StatusChange(licence.Id, next, "second", T0.AddDays(1))));
        Assert.Equal(LicenceStatus.Revoked, await store.GetStatusAsync(licence.Id));
    }

    [Fact]
    public async Task Undefined_status_value_is_rejected()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var licence = NewLicence();
        await store.AddAsync(licence);
        var e = await Assert.ThrowsAsync<TrustFormatException>(() => store.SetStatusAsync(new StatusChange(licence.Id, (LicenceStatus)3, "x", T0)));
        Assert.Equal("statusChange.status", e.Field);
    }

    [Fact]
    public async Task Status_indexes_start_at_zero_and_lists_count_separately()
    {
        await using var store = await Fixture.CreateStoreAsync();
        Assert.Equal(0, await store.AllocateStatusIndexAsync("a"));
        Assert.Equal(1, await store.AllocateStatusIndexAsync("a"));
        Assert.Equal(0, await store.AllocateStatusIndexAsync("b"));
        Assert.Equal(2, await store.AllocateStatusIndexAsync("a"));
    }

    [Fact]
    public async Task Concurrent_status_index_allocation_gives_distinct_consecutive_indexes()
    {
        await using var store = await Fixture.CreateStoreAsync();
        const int count = 200;
        var indexes = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => Task.Run(() => store.AllocateStatusIndexAsync("busy-list"))));
        Assert.Equal(Enumerable.Range(0, count).Select(i => (long)i), indexes.Order());
    }

    [Fact]
    public async Task Two_store_instances_on_one_database_share_the_counter()
    {
        var spec = await Fixture.NewStoreSpecAsync();
        await using var node1 = await TrustStores.OpenAsync(spec);
        await using var node2 = await TrustStores.OpenAsync(spec);
        var indexes = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(() => (i % 2 == 0 ? node1 : node2).AllocateStatusIndexAsync("shared"))));
        Assert.Equal(60, indexes.Distinct().Count());
    }
}

public sealed class SqliteLicenceStoreTests(SqliteFixture fixture) : LicenceStoreTests<SqliteFixture>(fixture);

public sealed class PostgresLicenceStoreTests(PostgresFixture fixture) : LicenceStoreTests<PostgresFixture>(fixture);
