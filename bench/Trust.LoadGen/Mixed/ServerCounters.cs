using System.Net.Http.Json;

namespace Trust.LoadGen.Mixed;

/// <summary>
/// Reads the server's counter totals (<c>GET /metrics/counters</c> on its web endpoint, served when it runs with
/// <c>--Trust:Otlp:Counters=true</c>) so a run can report what the server saw: the signature-cache hit rate, verdicts
/// and grant decisions it counted. Two snapshots, before and after the measured phase, are subtracted.
/// </summary>
internal sealed class ServerCounters : IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _url;

    private ServerCounters(Uri baseAddress)
    {
        _http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        _url = new Uri(baseAddress, "/metrics/counters");
    }

    /// <summary>The reader for <c>--metrics URL</c> (the server's web address), or null when the option is absent.</summary>
    public static ServerCounters? Open(CommandLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        if (line.Text("metrics") is not { Length: > 0 } text)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new UsageException($"--metrics: expected the server's web address http://host:port, got '{text}'");
        }

        return new ServerCounters(uri);
    }

    /// <summary>The current totals.</summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadAsync(CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(_url, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new UsageException($"--metrics: {_url} answered {(int)response.StatusCode} (start the server with --Trust:Otlp:Counters=true)");
        }

        return await response.Content.ReadFromJsonAsync<Dictionary<string, long>>(cancellationToken).ConfigureAwait(false) ?? [];
    }

    /// <summary><paramref name="after"/> minus <paramref name="before"/>, keys with a change only, sorted.</summary>
    public static SortedDictionary<string, long> Difference(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, value) in after)
        {
            var change = value - before.GetValueOrDefault(key);
            if (change != 0)
            {
                result[key] = change;
            }
        }

        return result;
    }

    /// <summary>Signature-cache hits and misses (every level) in a set of counter changes, and the hit rate (null without lookups).</summary>
    public static (long Hits, long Misses, double? Rate) SignatureCache(IReadOnlyDictionary<string, long> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        long hits = 0, misses = 0;
        foreach (var (key, value) in changes)
        {
            if (!key.Contains("trust.cache=signature", StringComparison.Ordinal))
            {
                continue;
            }

            if (key.StartsWith("trust.cache.hits", StringComparison.Ordinal))
            {
                hits += value;
            }
            else if (key.StartsWith("trust.cache.misses", StringComparison.Ordinal))
            {
                misses += value;
            }
        }

        return (hits, misses, hits + misses == 0 ? null : Math.Round((double)hits / (hits + misses), 4));
    }

    public void Dispose() => _http.Dispose();
}
