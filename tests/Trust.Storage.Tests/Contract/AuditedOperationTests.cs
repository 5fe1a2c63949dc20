using Trust.Core;
using Trust.Core.Audit;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Storage.Tests.Fixtures;

namespace Trust.Storage.Tests.Contract;

/// <summary>Issuance and status changes together with their audit entries: both or neither.</summary>
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
}

public sealed class SqliteAuditedOperationTests(SqliteFixture fixture) : AuditedOperationTests<SqliteFixture>(fixture);

public sealed class PostgresAuditedOperationTests(PostgresFixture fixture) : AuditedOperationTests<PostgresFixture>(fixture);
