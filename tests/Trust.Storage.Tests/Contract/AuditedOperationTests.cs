using Trust.Core;
using Trust.Core.Audit;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Storage.Tests.Fixtures;

namespace Trust.Storage.Tests.Contract;

/// <summary>Issuance, status changes and the use of single-use grants together with their audit entries: both or neither.</summary>
public abstract class AuditedOperationTests<TFixture>(TFixture fixture) : StoreTestBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task Issuing_with_audit_records_the_licence_and_one_issue_entry()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var licence = NewLicence();
        var entry = await store.AddWithAuditAsync(licence, "dept:D310000", """{"type":"BL"}""");

        Assert.NotNull(await store.GetAsync(licence.Id));
        var stored = Assert.Single(await store.ReadAsync().ToListAsync());
        Assert.Equal(("licence.issue", licence.Id), (stored.Action, stored.Subject));
        Assert.Equal(entry.Hash, stored.Hash);
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Refused_issue_appends_no_audit_entry()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var licence = NewLicence();
        await store.AddWithAuditAsync(licence, "cli", "{}");
        await Assert.ThrowsAsync<TrustException>(() => store.AddWithAuditAsync(licence with { StatusIndex = 7 }, "cli", "{}"));

        Assert.Single(await store.ReadAsync().ToListAsync());
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Status_changes_with_audit_name_the_action_and_revoked_stays_final()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var licence = NewLicence();
        await store.AddAsync(licence);

        Assert.Equal("licence.suspend", (await store.SetStatusWithAuditAsync(new StatusChange(licence.Id, LicenceStatus.Suspended, "check", T0), "clerk:1", "{}"))!.Action);
        Assert.Equal("licence.resume", (await store.SetStatusWithAuditAsync(new StatusChange(licence.Id, LicenceStatus.Valid, "ok", T0), "clerk:1", "{}"))!.Action);
        Assert.Equal("licence.revoke", (await store.SetStatusWithAuditAsync(new StatusChange(licence.Id, LicenceStatus.Revoked, "fraud", T0), "clerk:1", "{}"))!.Action);
        Assert.Null(await store.SetStatusWithAuditAsync(new StatusChange(licence.Id, LicenceStatus.Valid, "undo", T0), "clerk:1", "{}"));
        Assert.Null(await store.SetStatusWithAuditAsync(new StatusChange("UNKNOWN", LicenceStatus.Revoked, "x", T0), "clerk:1", "{}"));

        Assert.Equal(LicenceStatus.Revoked, await store.GetStatusAsync(licence.Id));
        Assert.Equal(3, (await store.ReadAsync().ToListAsync()).Count);
        Assert.True((await AuditChainVerifier.VerifyAsync(store)).IsIntact);
    }

    [Fact]
    public async Task Consuming_a_grant_with_audit_writes_the_use_and_one_entry_once()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var grantId = NewId("G");

        var entry = await store.TryConsumeWithAuditAsync(grantId, T0, "grant.check", "clerk-1", """{"verdict":"allowed"}""");

        Assert.NotNull(entry);
        Assert.Equal(("grant.check", "clerk-1", grantId, T0.ToUniversalTime()), (entry.Action, entry.Actor, entry.Subject, entry.At));
        Assert.True(await store.IsConsumedAsync(grantId));
        Assert.Null(await store.TryConsumeWithAuditAsync(grantId, T0.AddMinutes(1), "grant.check", "clerk-1", "{}"));
        Assert.False(await store.TryConsumeAsync(grantId, T0.AddMinutes(1)));
        var stored = Assert.Single(await store.ReadAsync().ToListAsync());
        Assert.Equal(entry.Hash, stored.Hash);
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Revoked_or_two_step_consumed_grant_is_not_consumed_with_audit()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var revoked = NewId("G");
        var used = NewId("G");
        Assert.True(await store.RevokeGrantAsync(revoked, "withdrawn", T0));
        Assert.True(await store.TryConsumeAsync(used, T0));

        Assert.Null(await store.TryConsumeWithAuditAsync(revoked, T0, "grant.check", "clerk-1", "{}"));
        Assert.Null(await store.TryConsumeWithAuditAsync(used, T0, "grant.check", "clerk-1", "{}"));

        Assert.False(await store.IsConsumedAsync(revoked));
        Assert.Empty(await store.ReadAsync().ToListAsync());
    }

    [Fact]
    public async Task Concurrent_consumptions_with_audit_let_exactly_one_through()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var grantId = NewId("G");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Task.Run(() => store.TryConsumeWithAuditAsync(grantId, T0, "grant.check", "clerk-" + i, "{}"))));

        var winner = Assert.Single(results, r => r is not null);
        var stored = Assert.Single(await store.ReadAsync().ToListAsync());
        Assert.Equal(winner!.Hash, stored.Hash);
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Consuming_with_audit_refuses_oversized_values_before_writing()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var grantId = NewId("G");

        Assert.Equal("grantId", (await Assert.ThrowsAsync<TrustFormatException>(() => store.TryConsumeWithAuditAsync(new string('g', 129), T0, "grant.check", "c", "{}"))).Field);
        Assert.Equal("audit.details", (await Assert.ThrowsAsync<TrustFormatException>(() => store.TryConsumeWithAuditAsync(grantId, T0, "grant.check", "c", "x\0y"))).Field);

        Assert.False(await store.IsConsumedAsync(grantId));
        Assert.Empty(await store.ReadAsync().ToListAsync());
    }
}

public sealed class SqliteAuditedOperationTests(SqliteFixture fixture) : AuditedOperationTests<SqliteFixture>(fixture);

public sealed class PostgresAuditedOperationTests(PostgresFixture fixture) : AuditedOperationTests<PostgresFixture>(fixture);
