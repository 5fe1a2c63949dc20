using System.Globalization;
using Trust.Core.Storage;
using Trust.Storage.Internal;
using Trust.Storage.Tests.Fixtures;

namespace Trust.Storage.Tests.Contract;

/// <summary>Schema migrations run on open, once, also when several openers start together.</summary>
public abstract class MigrationTests<TFixture>(TFixture fixture) : StoreTestBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    private static async Task<long> ScalarAsync(TrustStore store, string sql)
    {
        await using var connection = await store.OpenConnectionAsync(CancellationToken.None);
        return Convert.ToInt64(await Db.ScalarAsync(connection, null, sql, CancellationToken.None), CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Opening_twice_keeps_the_data_and_applies_each_migration_once()
    {
        var spec = await Fixture.NewStoreSpecAsync();
        var licence = NewLicence();
        int migrations;
        await using (var first = await TrustStores.OpenAsync(spec))
        {
            migrations = SchemaMigrator.Load(first.Kind == "sqlite" ? "Sqlite" : "Postgres").Count;
            Assert.Equal(migrations, first.SchemaVersion);
            await first.AddAsync(licence);
            await first.AppendAsync("licence.issue", "cli", licence.Id, "{}", T0);
        }

        await using var second = await TrustStores.OpenAsync(spec);
        Assert.Equal(migrations, second.SchemaVersion);
        Assert.NotNull(await second.GetAsync(licence.Id));
        Assert.Equal(migrations, await ScalarAsync(second, "SELECT COUNT(*) FROM schema_version"));
        Assert.True((await Trust.Core.Audit.AuditChainVerifier.VerifyAsync(second)).IsIntact);
    }

    [Fact]
    public async Task Concurrent_openers_of_a_new_store_all_succeed_and_migrate_once()
    {
        var spec = await Fixture.NewStoreSpecAsync();
        var stores = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => TrustStores.OpenAsync(spec))));
        try
        {
            // Every opener sees the whole schema, and each migration was applied exactly once.
            var migrations = SchemaMigrator.Load(stores[0].Kind == "sqlite" ? "Sqlite" : "Postgres").Count;
            Assert.All(stores, s => Assert.Equal(migrations, s.SchemaVersion));
            Assert.Equal(migrations, await ScalarAsync(stores[0], "SELECT COUNT(*) FROM schema_version"));
            Assert.Equal(1, await ScalarAsync(stores[0], "SELECT COUNT(*) FROM audit_head"));
        }
        finally
        {
            foreach (var s in stores)
            {
                await s.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Store_newer_than_the_program_is_refused()
    {
        var spec = await Fixture.NewStoreSpecAsync();
        await using (var store = await TrustStores.OpenAsync(spec))
        {
            await using var connection = await store.OpenConnectionAsync(CancellationToken.None);
            await Db.ExecuteAsync(connection, null, "INSERT INTO schema_version (version, name, applied_at_us) VALUES (999, 'future', 0)", CancellationToken.None);
        }

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => TrustStores.OpenAsync(spec));
        Assert.Contains("999", e.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteMigrationTests(SqliteFixture fixture) : MigrationTests<SqliteFixture>(fixture);

public sealed class PostgresMigrationTests(PostgresFixture fixture) : MigrationTests<PostgresFixture>(fixture);
