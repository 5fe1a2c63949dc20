using Trust.Core;
using Trust.Storage.Postgres;
using Trust.Storage.Sqlite;

namespace Trust.Storage;

/// <summary>
/// Opens a <see cref="TrustStore"/> from one configuration string:
/// <list type="bullet">
/// <item><c>sqlite:PATH</c> — the embedded store in the file PATH (created with its folder if missing),</item>
/// <item><c>postgres:CONNECTION-STRING</c> (or <c>postgresql:</c>) — PostgreSQL, with an Npgsql
/// connection string such as <c>postgres:Host=db;Port=5432;Database=trust;Username=trust;Password=...</c>.</item>
/// </list>
/// Schema migrations run on open.
/// </summary>
public static class TrustStores
{
    /// <summary>Longest accepted configuration string.</summary>
    private const int MaxSpecLength = 4096;

    /// <summary>
    /// Opens the store named by <paramref name="spec"/>. Throws <see cref="TrustFormatException"/>
    /// (field <c>store</c>) when the string names no known provider.
    /// </summary>
    public static async Task<TrustStore> OpenAsync(string spec, CancellationToken cancellationToken = default)
    {
        var (kind, target) = Parse(spec);
        return kind switch
        {
            "sqlite" => await SqliteTrustStore.OpenAsync(target, cancellationToken).ConfigureAwait(false),
            _ => await PostgresTrustStore.OpenAsync(target, cancellationToken).ConfigureAwait(false),
        };
    }

    /// <summary>Synchronous <see cref="OpenAsync"/> for command-line tools.</summary>
    public static TrustStore Open(string spec) => OpenAsync(spec).GetAwaiter().GetResult();

    /// <summary>The configuration string of the embedded store in <paramref name="path"/>.</summary>
    public static string Sqlite(string path) => "sqlite:" + path;

    /// <summary>Splits a configuration string into provider and target.</summary>
    internal static (string Kind, string Target) Parse(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new TrustFormatException("store", "is empty; use sqlite:PATH or postgres:CONNECTION-STRING");
        }

        if (spec.Length > MaxSpecLength)
        {
            throw new TrustFormatException("store", $"is longer than {MaxSpecLength} characters");
        }

        var colon = spec.IndexOf(':', StringComparison.Ordinal);
        var kind = colon < 0 ? string.Empty : spec[..colon].Trim().ToUpperInvariant();
        var target = colon < 0 ? string.Empty : spec[(colon + 1)..].Trim();
        kind = kind switch
        {
            "SQLITE" => "sqlite",
            "POSTGRES" or "POSTGRESQL" => "postgres",
            _ => throw new TrustFormatException("store", "names no known provider; use sqlite:PATH or postgres:CONNECTION-STRING"),
        };
        if (target.Length == 0)
        {
            throw new TrustFormatException("store", $"{kind}: the {(kind == "sqlite" ? "file path" : "connection string")} is missing");
        }

        return (kind, target);
    }
}
