using Google.Protobuf;
using Trust.Grpc.V1;

namespace Trust.LoadGen;

/// <summary>
/// <c>verify</c>: VerifyBatch with batches of <c>--batch</c> licences from a pool. Every pool
/// licence was issued valid, so any other verdict counts as unexpected.
/// </summary>
/// <remarks>
/// Modes: looping over the pool (the server sees the same licences again: warm caches), or
/// <c>--single-pass</c> (each licence once: on a fresh server process, a cold cache; the warm-up
/// then uses a reserved tenth of the pool). <c>--prefill</c> first verifies the whole pool once,
/// unmeasured (fills the cache before a warm measurement); <c>--pool-limit N</c> uses only the
/// first N licences of the pool (a working set small enough to prefill quickly); <c>--pool-skip N</c>
/// drops the first N first (licences a previous run on the same process has not used: a cold
/// cache in a process that has already run the code).
/// </remarks>
internal static class VerifyBatchScenario
{
    public static async Task<LoadReport> RunAsync(CommandLine line, ServerConnection connection, LoadPlan plan, TextWriter log, CancellationToken cancellationToken)
    {
        var batchSize = line.Int("batch", 100, 1, 100_000);
        var singlePass = line.Flag("single-pass");
        var prefill = line.Flag("prefill");
        var client = new LicenceService.LicenceServiceClient(connection.Channel);
        var pool = await ObtainPoolAsync(line, client, connection, log, cancellationToken).ConfigureAwait(false);
        var skip = line.Int("pool-skip", 0, 0, int.MaxValue);
        var limit = line.Int("pool-limit", pool.Count, 1, int.MaxValue);
        line.RejectUnknown();
        if (skip > 0)
        {
            // Licences this server process has not seen yet, after a run that used the first ones.
            if (skip >= pool.Count)
            {
                throw new UsageException($"--pool-skip {skip}: the pool has only {pool.Count} licences");
            }

            pool = pool.GetRange(skip, pool.Count - skip);
            await log.WriteLineAsync($"pool: skipping the first {skip} licences").ConfigureAwait(false);
        }

        if (limit < pool.Count)
        {
            // A smaller working set: a warm measurement must loop over licences the prefill has already cached.
            pool = pool.GetRange(0, limit);
            await log.WriteLineAsync($"pool: using the first {limit} licences").ConfigureAwait(false);
        }

        if (prefill)
        {
            await log.WriteLineAsync($"prefill: verifying all {pool.Count} licences once").ConfigureAwait(false);
            var all = new BatchCursor(pool, 0, pool.Count, batchSize, wrap: false);
            await LoadRunner.RunAsync(Sender(client, connection, all), plan.Concurrency, TimeSpan.FromDays(1), cancellationToken).ConfigureAwait(false);
        }

        // In a single pass the warm-up must not touch the measured licences.
        var reserved = singlePass ? Math.Max(batchSize, pool.Count / 10) : 0;
        if (singlePass && pool.Count - reserved < batchSize)
        {
            throw new UsageException($"--single-pass needs a pool of at least {reserved + batchSize} licences (has {pool.Count})");
        }

        if (plan.Warmup > TimeSpan.Zero)
        {
            await log.WriteLineAsync($"warm-up: {plan.Warmup.TotalSeconds:0.#} s").ConfigureAwait(false);
            var warm = new BatchCursor(pool, 0, singlePass ? reserved : pool.Count, batchSize, wrap: true);
            await LoadRunner.RunAsync(Sender(client, connection, warm), plan.Concurrency, plan.Warmup, cancellationToken).ConfigureAwait(false);
        }

        await log.WriteLineAsync($"measuring: {plan.Duration.TotalSeconds:0.#} s, batch {batchSize}, concurrency {plan.Concurrency}{(singlePass ? ", single pass" : string.Empty)}").ConfigureAwait(false);
        var cursor = new BatchCursor(pool, reserved, pool.Count, batchSize, wrap: !singlePass);
        var started = DateTimeOffset.UtcNow;
        var phase = await LoadRunner.RunAsync(Sender(client, connection, cursor), plan.Concurrency, plan.Duration, cancellationToken).ConfigureAwait(false);
        if (singlePass && cursor.Exhausted)
        {
            await log.WriteLineAsync($"  the pool was used up after {phase.Elapsed.TotalSeconds:0.0} s (every licence verified once)").ConfigureAwait(false);
        }

        var settings = new ReportSettings(plan.Concurrency, batchSize, plan.Duration.TotalSeconds, plan.Warmup.TotalSeconds, pool.Count, singlePass, prefill);
        return LoadReport.From(plan.Scenario, "verify_batch", connection.Target, started, plan.Labels, settings, phase);
    }

    private static async Task<List<ByteString>> ObtainPoolAsync(CommandLine line, LicenceService.LicenceServiceClient client, ServerConnection connection, TextWriter log, CancellationToken cancellationToken)
    {
        var file = line.Text("pool-file");
        var department = line.Text("department");
        var size = line.Int("pool", 2_000, 1, 10_000_000);
        var issueConcurrency = line.Int("issue-concurrency", 8, 1, 1_000);
        if (file is not null && File.Exists(file) && department is null)
        {
            var loaded = LicencePool.Load(file);
            await log.WriteLineAsync($"pool: {loaded.Count} licences from {file}").ConfigureAwait(false);
            return loaded;
        }

        if (department is null)
        {
            throw new UsageException("give --pool-file FILE (an existing pool) or --department CODE (issue a pool first)");
        }

        await log.WriteLineAsync($"pool: issuing {size} licences for {department}").ConfigureAwait(false);
        var issued = await LicencePool.IssueAsync(client, department, size, issueConcurrency, connection.Headers, log, cancellationToken).ConfigureAwait(false);
        if (file is not null)
        {
            LicencePool.Save(file, issued);
            await log.WriteLineAsync($"pool: saved to {file}").ConfigureAwait(false);
        }

        return issued;
    }

    private static RequestSender Sender(LicenceService.LicenceServiceClient client, ServerConnection connection, BatchCursor cursor) => async cancellationToken =>
    {
        if (cursor.Next() is not { } batch)
        {
            return null;
        }

        var request = new VerifyBatchRequest();
        request.Licences.AddRange(batch);
        var response = await client.VerifyBatchAsync(request, connection.Call(cancellationToken)).ConfigureAwait(false);
        return Judge(batch.Count, response);
    };

    internal static RequestOutcome Judge(int sent, VerifyBatchResponse response)
    {
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var unexpected = Math.Max(0, sent - response.Items.Count);
        foreach (var item in response.Items)
        {
            var verdict = item.Result?.VerdictText is { Length: > 0 } text ? text : "missing";
            if (item.Error is not null)
            {
                verdict = "item_error";
            }

            outcomes[verdict] = outcomes.GetValueOrDefault(verdict) + 1;
            if (verdict != "valid")
            {
                unexpected++;
            }
        }

        if (response.Items.Count != sent)
        {
            outcomes["missing"] = outcomes.GetValueOrDefault("missing") + Math.Max(0, sent - response.Items.Count);
        }

        return new RequestOutcome(sent, unexpected, outcomes);
    }
}

/// <summary>Hands out consecutive batches of a slice of the pool to concurrent workers.</summary>
internal sealed class BatchCursor
{
    private readonly IReadOnlyList<ByteString> _pool;
    private readonly int _start;
    private readonly int _length;
    private readonly int _batchSize;
    private readonly bool _wrap;
    private long _next = -1;

    public BatchCursor(IReadOnlyList<ByteString> pool, int start, int end, int batchSize, bool wrap)
    {
        _pool = pool;
        _start = start;
        _length = end - start;
        _batchSize = batchSize;
        _wrap = wrap;
    }

    /// <summary>Whether a single pass ran out of licences.</summary>
    public bool Exhausted { get; private set; }

    /// <summary>The next batch, or null when a single pass is over (a last partial batch is dropped).</summary>
    public IReadOnlyList<ByteString>? Next()
    {
        var n = Interlocked.Increment(ref _next);
        long first = n * _batchSize;
        if (!_wrap && first + _batchSize > _length)
        {
            Exhausted = true;
            return null;
        }

        var batch = new ByteString[_batchSize];
        for (var i = 0; i < _batchSize; i++)
        {
            batch[i] = _pool[_start + (int)((first + i) % _length)];
        }

        return batch;
    }
}
