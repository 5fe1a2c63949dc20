using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Trust.LoadGen;

/// <summary>The JSON report of one scenario (snake_case; see README.md for the fields).</summary>
internal sealed record LoadReport
{
    /// <summary>Report format version.</summary>
    public int Version { get; init; } = 1;

    public required string Scenario { get; init; }

    /// <summary><c>verify_batch</c>, <c>grant_check</c> or <c>seal_pdf</c>.</summary>
    public required string Operation { get; init; }

    public required string Target { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Free-form labels from <c>--labels</c> (for example algorithm=SM2, cache=cold).</summary>
    public required IReadOnlyDictionary<string, string> Labels { get; init; }

    public required ReportSettings Settings { get; init; }

    public required double ElapsedSeconds { get; init; }

    /// <summary>Successful requests.</summary>
    public required long Requests { get; init; }

    /// <summary>Items in the successful requests (licences, grant checks, PDFs).</summary>
    public required long Items { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required double ItemsPerSecond { get; init; }

    /// <summary>Latency of the successful requests, milliseconds.</summary>
    public required LatencySummary LatencyMs { get; init; }

    /// <summary>Failed requests.</summary>
    public required long ErrorCount { get; init; }

    /// <summary>Failed requests by gRPC status code name (or exception type for transport failures).</summary>
    public required IReadOnlyDictionary<string, long> Errors { get; init; }

    /// <summary>Items answered with something other than the expected outcome (a wrong verdict).</summary>
    public required long Unexpected { get; init; }

    /// <summary>Item outcomes by name (verdicts, grant decisions).</summary>
    public required IReadOnlyDictionary<string, long> Outcomes { get; init; }

    public required IReadOnlyList<TimelineSecond> Timeline { get; init; }

    public required MachineInfo Machine { get; init; }

    /// <summary>What a mixed scenario covered and what the server counted during it (absent for the other scenarios).</summary>
    public MixSummary? Mix { get; init; }

    /// <summary>Builds the report of a measured phase.</summary>
    public static LoadReport From(string scenario, string operation, string target, DateTimeOffset startedAt, IReadOnlyDictionary<string, string> labels, ReportSettings settings, PhaseResult phase, MixSummary? mix = null)
    {
        var seconds = Math.Max(phase.Elapsed.TotalSeconds, 1e-9);
        return new LoadReport
        {
            Scenario = scenario,
            Operation = operation,
            Target = target,
            StartedAt = startedAt,
            Labels = labels,
            Settings = settings,
            ElapsedSeconds = Math.Round(phase.Elapsed.TotalSeconds, 3),
            Requests = phase.Requests,
            Items = phase.Items,
            RequestsPerSecond = Math.Round(phase.Requests / seconds, 1),
            ItemsPerSecond = Math.Round(phase.Items / seconds, 1),
            LatencyMs = LatencySummary.From(phase.Latency),
            ErrorCount = phase.ErrorCount,
            Errors = new SortedDictionary<string, long>(phase.Errors, StringComparer.Ordinal),
            Unexpected = phase.Unexpected,
            Outcomes = new SortedDictionary<string, long>(phase.Outcomes, StringComparer.Ordinal),
            Timeline = phase.Timeline(),
            Machine = MachineInfo.Current(),
            Mix = mix,
        };
    }

    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Writes the report to <paramref name="path"/> (atomically: a temporary file, then a rename).</summary>
    public void Save(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        var temp = path + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(this, Json) + "\n");
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Reads a report written by <see cref="Save"/>.</summary>
    public static LoadReport Load(string path) =>
        JsonSerializer.Deserialize<LoadReport>(File.ReadAllText(path), Json) ?? throw new UsageException($"{path}: empty report");
}

/// <summary>What a mixed scenario covered, and the server's counters over its measured phase.</summary>
/// <param name="Zipf">Zipf exponent of the repeats (null when the scenario draws uniformly).</param>
/// <param name="Types">Licence types in the pool (or service items' types, or seals for sealing).</param>
/// <param name="Departments">Departments in the pool (issuers, or seal owners).</param>
/// <param name="Items">Pool entries the scenario draws from (licences, grants, seals).</param>
/// <param name="Distinct">Distinct pool entries sent in the measured phase.</param>
/// <param name="CacheHitRate">Signature-cache hits / lookups the server counted in the measured phase (null: not read).</param>
/// <param name="CacheHits">Signature-cache hits the server counted.</param>
/// <param name="CacheMisses">Signature-cache misses the server counted.</param>
/// <param name="Expected">Items sent in the measured phase by the outcome they had to get.</param>
/// <param name="Covered">Free-form coverage figures (seals, service items, PDF sizes, algorithms...).</param>
/// <param name="ServerCounters">Changes of the server's counters over the measured phase (null: not read).</param>
internal sealed record MixSummary(
    double? Zipf,
    int Types,
    int Departments,
    int Items,
    long Distinct,
    double? CacheHitRate,
    long CacheHits,
    long CacheMisses,
    IReadOnlyDictionary<string, long> Expected,
    IReadOnlyDictionary<string, long> Covered,
    IReadOnlyDictionary<string, long>? ServerCounters);

/// <summary>What the scenario was run with.</summary>
internal sealed record ReportSettings(int Concurrency, int BatchSize, double DurationSeconds, double WarmupSeconds, int PoolSize, bool SinglePass, bool Prefill);

/// <summary>Latency percentiles in milliseconds (from <see cref="LatencyHistogram"/>, within 1.6 %).</summary>
internal sealed record LatencySummary(double Mean, double P50, double P90, double P95, double P99, double P999, double Max, double Min)
{
    public static LatencySummary From(LatencyHistogram h)
    {
        ArgumentNullException.ThrowIfNull(h);
        static double Ms(double us) => Math.Round(us / 1000.0, 3);
        return new LatencySummary(
            Ms(h.Count == 0 ? 0 : h.Sum / h.Count),
            Ms(h.ValueAt(50)),
            Ms(h.ValueAt(90)),
            Ms(h.ValueAt(95)),
            Ms(h.ValueAt(99)),
            Ms(h.ValueAt(99.9)),
            Ms(h.Max),
            Ms(h.Min));
    }
}

/// <summary>Where the numbers were taken.</summary>
internal sealed record MachineInfo(int ProcessorCount, string Os, string Runtime, string Architecture)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.ProcessArchitecture.ToString());
}
