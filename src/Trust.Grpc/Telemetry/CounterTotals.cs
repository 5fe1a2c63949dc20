using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Trust.Grpc.Telemetry;

/// <summary>
/// Running totals of the server's <c>Trust</c> counters (cache hits and misses, verifications by verdict, grant checks,
/// seal uses), kept by a <see cref="MeterListener"/> in the process and served as JSON at <c>GET /metrics/counters</c>
/// when <c>Trust:Otlp:Counters</c> is true (off by default). For load tests and operators without an OpenTelemetry
/// collector: a reader takes two snapshots and subtracts them (for example the signature-cache hit rate of one run).
/// </summary>
/// <remarks>
/// Each key is the instrument name followed by its tags in braces, sorted by tag name, for example
/// <c>trust.cache.hits{trust.cache=signature,trust.cache.level=l1}</c>. Recording costs one dictionary lookup on a
/// struct key (no allocation once a tag combination has been seen) and an interlocked add.
/// </remarks>
internal sealed class CounterTotals : IDisposable
{
    /// <summary>The path of the endpoint.</summary>
    public const string Path = "/metrics/counters";

    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<Key, Total> _totals = new();

    public CounterTotals(string meterName = TrustMetrics.Name)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && instrument is Counter<long>)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>(Record);
        _listener.Start();
    }

    /// <summary>The totals so far, by key (see the remarks), sorted.</summary>
    public SortedDictionary<string, long> Snapshot()
    {
        var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, total) in _totals)
        {
            var name = key.Name();
            result[name] = result.GetValueOrDefault(name) + Interlocked.Read(ref total.Value);
        }

        return result;
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Instrument instrument, long measurement, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var key = tags.Length switch
        {
            0 => new Key(instrument, null, null, null, null),
            1 => new Key(instrument, tags[0].Key, tags[0].Value as string, null, null),
            _ => new Key(instrument, tags[0].Key, tags[0].Value as string, tags[1].Key, tags[1].Value as string),
        };
        var total = _totals.GetOrAdd(key, static _ => new Total());
        Interlocked.Add(ref total.Value, measurement);
    }

    private sealed class Total
    {
        public long Value;
    }

    /// <summary>An instrument and up to two tags (the Trust counters have at most two).</summary>
    private readonly record struct Key(Instrument Instrument, string? Tag1, string? Value1, string? Tag2, string? Value2)
    {
        public string Name()
        {
            var tags = new List<string>(2);
            if (Tag1 is not null)
            {
                tags.Add(Tag1 + "=" + Value1);
            }

            if (Tag2 is not null)
            {
                tags.Add(Tag2 + "=" + Value2);
            }

            tags.Sort(StringComparer.Ordinal);
            var name = new StringBuilder(Instrument.Name);
            if (tags.Count > 0)
            {
                name.Append(CultureInfo.InvariantCulture, $"{{{string.Join(',', tags)}}}");
            }

            return name.ToString();
        }
    }
}
