namespace Trust.LoadGen;

/// <summary>The options every load command shares.</summary>
/// <param name="Scenario">Name written into the report (<c>--scenario</c>).</param>
/// <param name="Labels">From <c>--labels k=v,k=v</c>.</param>
/// <param name="Concurrency">Requests in flight (<c>--concurrency</c>, default 8).</param>
/// <param name="Duration">Measured time (<c>--duration</c> seconds, default 10).</param>
/// <param name="Warmup">Unmeasured time before it (<c>--warmup</c> seconds, default 2).</param>
internal sealed record LoadPlan(string Scenario, IReadOnlyDictionary<string, string> Labels, int Concurrency, TimeSpan Duration, TimeSpan Warmup)
{
    public static LoadPlan Read(CommandLine line, string defaultScenario)
    {
        ArgumentNullException.ThrowIfNull(line);
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in (line.Text("labels") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new UsageException($"--labels: expected key=value, got '{pair}'");
            }

            labels[pair[..eq]] = pair[(eq + 1)..];
        }

        var duration = line.Seconds("duration", 10);
        if (duration <= TimeSpan.Zero)
        {
            throw new UsageException("--duration must be more than 0 seconds");
        }

        return new LoadPlan(
            line.Text("scenario", defaultScenario)!,
            labels,
            line.Int("concurrency", 8, 1, 10_000),
            duration,
            line.Seconds("warmup", 2));
    }
}
