using Microsoft.Data.Sqlite;
using Npgsql;
using Trust.Core.Storage;
using Trust.Storage.Tests.Fixtures;

namespace Trust.Storage.Tests.Contract;

/// <summary>
/// The audited writes are one transaction: when the audit insert fails (a trigger on <c>audit_log</c> that raises
/// for a marker actor, created by the test in its own store), the licence or grant write (issue, revocation, use of a
/// single-use grant) is rolled back too.
/// </summary>
public abstract class AuditFailureTests<TFixture>(TFixture fixture) : StoreTestBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    private const string Marker = "fail-me";

    [Fact]
    public async Task Issue_whose_audit_insert_fails_stores_no_licence()
    {
        await using var store = await OpenFailingStoreAsync();
        var licence = NewLicence();

        await Assert.ThrowsAnyAsync<Exception>(() => store.AddWithAuditAsync(licence, Marker, "{}"));

        Assert.Null(await store.GetAsync(licence.Id));
        Assert.Empty(await store.ReadAsync().ToListAsync());
        await store.AddWithAuditAsync(licence, "dept:D310000", "{}"); // the same licence goes in once the audit works
        Assert.NotNull(await store.GetAsync(licence.Id));
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Status_change_whose_audit_insert_fails_changes_nothing()
    {
        await using var store = await OpenFailingStoreAsync();
        var licence = NewLicence();
        await store.AddAsync(licence);

        await Assert.ThrowsAnyAsync<Exception>(() => store.SetStatusWithAuditAsync(new StatusChange(licence.Id, Core.Status.LicenceStatus.Revoked, "x", T0), Marker, "{}"));

        Assert.Equal(Core.Status.LicenceStatus.Valid, await store.GetStatusAsync(licence.Id));
        Assert.Empty(await store.ReadAsync().ToListAsync());
    }

    [Fact]
    public async Task Grant_issue_and_revocation_whose_audit_insert_fails_store_nothing()
    {
        await using var store = await OpenFailingStoreAsync();
        var grant = new GrantRecord(NewId("G"), "110101199003070011", T0.AddHours(1));

        await Assert.ThrowsAnyAsync<Exception>(() => store.RecordGrantWithAuditAsync(grant, Marker, "{}", T0));
        Assert.Null(await store.GetGrantAsync(grant.Id));

        Assert.NotNull(await store.RecordGrantWithAuditAsync(grant, "grpc", "{}", T0));
        await Assert.ThrowsAnyAsync<Exception>(() => store.RevokeGrantWithAuditAsync(grant.Id, "withdrawn", T0, Marker, "{}"));
        Assert.False(await store.IsGrantRevokedAsync(grant.Id));

        Assert.NotNull(await store.RevokeGrantWithAuditAsync(grant.Id, "withdrawn", T0, "grpc", "{}"));
        Assert.Null(await store.RevokeGrantWithAuditAsync(grant.Id, "again", T0, "grpc", "{}"));
        Assert.True(await store.IsGrantRevokedAsync(grant.Id));
        var entries = await store.ReadAsync().ToListAsync();
        Assert.Equal(["grant.issue", "grant.revoke"], entries.Select(e => e.Action));
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    [Fact]
    public async Task Seal_revocation_whose_audit_insert_fails_leaves_the_seal_unrevoked_and_is_final_once_written()
    {
        await using var store = await OpenFailingStoreAsync();
        var sealId = NewId("S");

        await Assert.ThrowsAnyAsync<Exception>(() => store.RevokeSealWithAuditAsync(new SealRevocation(sealId, T0, "compromised"), Marker, "{}"));
        Assert.False(await store.IsSealRevokedAsync(sealId));
        Assert.Empty(await store.ReadAsync().ToListAsync());

        var entry = await store.RevokeSealWithAuditAsync(new SealRevocation(sealId, T0, "compromised"), "admin-1", "{\"reason\":\"compromised\"}");
        Assert.NotNull(entry);
        Assert.Equal(("seal.revoke", "admin-1", sealId), (entry.Action, entry.Actor, entry.Subject));
        Assert.True(await store.IsSealRevokedAsync(sealId));
        Assert.True((await store.GetSealRevocationSnapshotAsync()).IsRevoked(sealId));
        Assert.Null(await store.RevokeSealWithAuditAsync(new SealRevocation(sealId, T0, "again"), "admin-1", "{}"));
        Assert.Equal("compromised", (await store.GetRevocationAsync(sealId))!.Reason);
        Assert.Single(await store.ReadAsync().ToListAsync());
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);

        // Hostile input is refused before anything is written.
        Assert.Equal("seal.id", (await Assert.ThrowsAsync<Core.TrustFormatException>(() => store.RevokeSealWithAuditAsync(new SealRevocation(new string('s', 129), T0, "x"), "admin-1", "{}"))).Field);
        Assert.Equal("seal.reason", (await Assert.ThrowsAsync<Core.TrustFormatException>(() => store.RevokeSealWithAuditAsync(new SealRevocation(NewId("S"), T0, new string('r', 1025)), "admin-1", "{}"))).Field);
        Assert.Single(await store.ReadAsync().ToListAsync());
    }

    [Fact]
    public async Task Grant_consumption_whose_audit_insert_fails_leaves_the_grant_unused()
    {
        await using var store = await OpenFailingStoreAsync();
        var grantId = NewId("G");

        await Assert.ThrowsAnyAsync<Exception>(() => store.TryConsumeWithAuditAsync(grantId, T0, "grant.check", Marker, "{}"));
        Assert.False(await store.IsConsumedAsync(grantId));
        Assert.Empty(await store.ReadAsync().ToListAsync());

        // Once the audit works the same grant is consumed once, with one entry.
        var entry = await store.TryConsumeWithAuditAsync(grantId, T0, "grant.check", "clerk-1", "{}");
        Assert.NotNull(entry);
        Assert.True(await store.IsConsumedAsync(grantId));
        Assert.Null(await store.TryConsumeWithAuditAsync(grantId, T0, "grant.check", "clerk-1", "{}"));
        var stored = Assert.Single(await store.ReadAsync().ToListAsync());
        Assert.Equal(("grant.check", "clerk-1", grantId), (stored.Action, stored.Actor, stored.Subject));
        Assert.True((await store.VerifyAuditChainAsync()).IsIntact);
    }

    /// <summary>A new store whose audit inserts by <see cref="Marker"/> raise an error.</summary>
    private async Task<TrustStore> OpenFailingStoreAsync()
    {
        var spec = await Fixture.NewStoreSpecAsync();
        var store = await TrustStores.OpenAsync(spec);
        if (spec.StartsWith("sqlite:", StringComparison.Ordinal))
        {
            await using var connection = new SqliteConnection($"Data Source={spec["sqlite:".Length..]};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log WHEN NEW.actor = '{Marker}' BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END";
            await command.ExecuteNonQueryAsync();
        }
        else
        {
            await using var connection = new NpgsqlConnection(spec["postgres:".Length..]);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "CREATE FUNCTION fail_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN " +
                $"IF NEW.actor = '{Marker}' THEN RAISE EXCEPTION 'injected audit failure'; END IF; RETURN NEW; END $$; " +
                "CREATE TRIGGER fail_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION fail_audit();",
                connection);
            await command.ExecuteNonQueryAsync();
        }

        return store;
    }
}

public sealed class SqliteAuditFailureTests(SqliteFixture fixture) : AuditFailureTests<SqliteFixture>(fixture);

public sealed class PostgresAuditFailureTests(PostgresFixture fixture) : AuditFailureTests<PostgresFixture>(fixture);
