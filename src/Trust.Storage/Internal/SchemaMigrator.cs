using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Trust.Storage.Internal;

/// <summary>One embedded migration script.</summary>
internal sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Runs the ordered, embedded migrations of a provider (<c>migrations/&lt;Provider&gt;/NNNN_name.sql</c>)
/// that the <c>schema_version</c> table does not list yet. Each runs in the caller's transaction
/// together with its row in <c>schema_version</c>, so a migration is applied entirely or not at all,
/// and running again changes nothing.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>The migrations of <paramref name="provider"/> (<c>Sqlite</c> or <c>Postgres</c>), by version.</summary>
    public static IReadOnlyList<Migration> Load(string provider)
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var prefix = $"migrations/{provider}/";
        var result = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var name = resource.Replace('\\', '/');
            if (!name.StartsWith(prefix, StringComparison.Ordinal) || !name.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var file = name[prefix.Length..^4];
            var underscore = file.IndexOf('_', StringComparison.Ordinal);
            if (underscore <= 0 || !int.TryParse(file.AsSpan(0, underscore), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
            {
                throw new InvalidOperationException($"migration resource {resource} is not named NNNN_name.sql");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            result.Add(new Migration(version, file, reader.ReadToEnd()));
        }

        result.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < result.Count; i++)
        {
            if (result[i].Version != i + 1)
            {
                throw new InvalidOperationException($"{provider} migrations are not numbered 1, 2, 3, ...");
            }
        }

        return result;
    }

    /// <summary>
    /// Applies the pending migrations inside <paramref name="transaction"/>, which the caller
    /// holds exclusively (SQLite: BEGIN IMMEDIATE; PostgreSQL: an advisory lock). Returns the schema version.
    /// </summary>
    public static async Task<int> MigrateAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<Migration> migrations, CancellationToken cancellationToken)
    {
        await Db.ExecuteAsync(connection, transaction,
            "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, name text NOT NULL, applied_at_us bigint NOT NULL)",
            cancellationToken).ConfigureAwait(false);
        var current = Convert.ToInt32(
            await Db.ScalarAsync(connection, transaction, "SELECT COALESCE(MAX(version), 0) FROM schema_version", cancellationToken).ConfigureAwait(false),
            CultureInfo.InvariantCulture);
        if (current > migrations.Count)
        {
            throw new InvalidOperationException($"the store's schema version {current} is newer than this program knows ({migrations.Count}); upgrade the program");
        }

        foreach (var migration in migrations)
        {
            if (migration.Version <= current)
            {
                continue;
            }

            await Db.ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await Db.ExecuteAsync(connection, transaction,
                "INSERT INTO schema_version (version, name, applied_at_us) VALUES (@version, @name, @at)",
                cancellationToken, ("version", migration.Version), ("name", migration.Name), ("at", Db.ToMicros(DateTimeOffset.UtcNow))).ConfigureAwait(false);
            current = migration.Version;
        }

        return current;
    }
}
