namespace Trust.LoadGen.Mixed;

/// <summary>The warm-up and measured phase of a mixed scenario, with the server's counters read around the measured one.</summary>
internal static class MixedPhase
{
    /// <summary>
    /// Runs the unmeasured warm-up, then the measured phase between two counter snapshots (when <paramref name="counters"/> is given);
    /// the measured phase ends after its duration or after <paramref name="maxRequests"/> requests (<c>--max-requests</c>, 0 = no limit),
    /// whichever comes first (tests ask for a number of requests, not a number of seconds, on a busy machine).
    /// </summary>
    public static async Task<(PhaseResult Phase, DateTimeOffset Started, IReadOnlyDictionary<string, long>? Changes)> RunAsync(
        RequestSender send, LoadPlan plan, ServerCounters? counters, TextWriter log, string what, Action? beforeMeasuring, CancellationToken cancellationToken, int maxRequests = 0)
    {
        if (plan.Warmup > TimeSpan.Zero)
        {
            await log.WriteLineAsync($"warm-up: {plan.Warmup.TotalSeconds:0.#} s").ConfigureAwait(false);
            await LoadRunner.RunAsync(send, plan.Concurrency, plan.Warmup, cancellationToken).ConfigureAwait(false);
        }

        beforeMeasuring?.Invoke();
        var before = counters is null ? null : await counters.ReadAsync(cancellationToken).ConfigureAwait(false);
        await log.WriteLineAsync($"measuring: {plan.Duration.TotalSeconds:0.#} s, {what}, concurrency {plan.Concurrency}").ConfigureAwait(false);
        var started = DateTimeOffset.UtcNow;
        var left = (long)maxRequests;
        RequestSender measured = maxRequests <= 0 ? send : async ct => Interlocked.Decrement(ref left) < 0 ? null : await send(ct).ConfigureAwait(false);
        var phase = await LoadRunner.RunAsync(measured, plan.Concurrency, plan.Duration, cancellationToken).ConfigureAwait(false);
        IReadOnlyDictionary<string, long>? changes = null;
        if (counters is not null && before is not null)
        {
            changes = ServerCounters.Difference(before, await counters.ReadAsync(cancellationToken).ConfigureAwait(false));
        }

        return (phase, started, changes);
    }

    /// <summary>The <c>--zipf</c> exponent (default 1.0, 0 to 10).</summary>
    public static double Zipf(CommandLine line)
    {
        var text = line.Text("zipf");
        if (text is null)
        {
            return 1.0;
        }

        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var s) || !(s >= 0 && s <= 10))
        {
            throw new UsageException($"--zipf: expected an exponent from 0 to 10, got '{text}'");
        }

        return s;
    }

    /// <summary>A share option (0 to 1).</summary>
    public static double Share(CommandLine line, string name, double fallback)
    {
        var text = line.Text(name);
        if (text is null)
        {
            return fallback;
        }

        if (!double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) || !(v >= 0 && v <= 1))
        {
            throw new UsageException($"--{name}: expected a share from 0 to 1, got '{text}'");
        }

        return v;
    }
}

/// <summary>Thread-safe: marks pool entries as seen and counts the distinct ones.</summary>
internal sealed class SeenSet(int size)
{
    private readonly int[] _seen = new int[size];
    private long _distinct;

    public long Distinct => Interlocked.Read(ref _distinct);

    public void Mark(int index)
    {
        if (Interlocked.Exchange(ref _seen[index], 1) == 0)
        {
            Interlocked.Increment(ref _distinct);
        }
    }

    public void Clear()
    {
        Array.Clear(_seen);
        Interlocked.Exchange(ref _distinct, 0);
    }
}
