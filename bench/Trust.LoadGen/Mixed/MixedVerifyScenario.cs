using System.Globalization;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.Grpc.V1;

namespace Trust.LoadGen.Mixed;

/// <summary>
/// <c>mixed-verify</c>: VerifyBatch over a mixed pool (<see cref="MixedPool"/>: every licence type by its own departments,
/// SM2 and RSA issuers, shares revoked and expired) with repeats drawn from a Zipf distribution (<c>--zipf S</c>): the
/// popular licences come back again and again, most are seen once or never. Every answer is judged against the verdict its
/// licence must get (valid, revoked, expired); anything else is counted as unexpected. With <c>--metrics URL</c> the report
/// carries the server's signature-cache hit rate over the measured phase.
/// </summary>
internal static class MixedVerifyScenario
{
    public static async Task<LoadReport> RunAsync(CommandLine line, ServerConnection connection, LoadPlan plan, TextWriter log, CancellationToken cancellationToken)
    {
        var batchSize = line.Int("batch", 100, 1, 100_000);
        var zipf = MixedPhase.Zipf(line);
        var seed = line.Int("seed", 20, int.MinValue, int.MaxValue);
        var client = new LicenceService.LicenceServiceClient(connection.Channel);
        var pool = await ObtainAsync(line, client, connection, seed, log, cancellationToken).ConfigureAwait(false);
        var maxRequests = line.Int("max-requests", 0, 0, int.MaxValue);
        using var counters = ServerCounters.Open(line);
        line.RejectUnknown();

        // Ranks are spread over the pool by a seeded permutation, so the popular licences are of every type and department.
        var permutation = Enumerable.Range(0, pool.Count).ToArray();
        new Random(seed).Shuffle(permutation);
        var sampler = new ZipfSampler(pool.Count, zipf);
        var random = new Random(seed + 1);
        var seen = new SeenSet(pool.Count);
        var expected = new long[3];
        var measuring = false;
        RequestSender send = async ct =>
        {
            var batch = new MixedLicence[batchSize];
            lock (random)
            {
                for (var i = 0; i < batchSize; i++)
                {
                    var index = permutation[sampler.Sample(random)];
                    batch[i] = pool[index];
                    if (Volatile.Read(ref measuring))
                    {
                        seen.Mark(index);
                        Interlocked.Increment(ref expected[(int)batch[i].Expected]);
                    }
                }
            }

            var request = new VerifyBatchRequest();
            foreach (var licence in batch)
            {
                request.Licences.Add(licence.Bytes);
            }

            var response = await client.VerifyBatchAsync(request, connection.Call(ct)).ConfigureAwait(false);
            return Judge(batch, response);
        };

        var (phase, started, changes) = await MixedPhase.RunAsync(send, plan, counters, log, $"batch {batchSize}, zipf {zipf.ToString(CultureInfo.InvariantCulture)}", () => Volatile.Write(ref measuring, true), cancellationToken, maxRequests).ConfigureAwait(false);
        var (hits, misses, rate) = changes is null ? (0L, 0L, (double?)null) : ServerCounters.SignatureCache(changes);
        var covered = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["licences_sm2"] = pool.Count(l => l.Algorithm == "SM2"),
            ["licences_rsa"] = pool.Count(l => l.Algorithm == "RSA"),
            ["departments_sm2"] = pool.Where(l => l.Algorithm == "SM2").Select(l => l.Department).Distinct(StringComparer.Ordinal).Count(),
            ["departments_rsa"] = pool.Where(l => l.Algorithm == "RSA").Select(l => l.Department).Distinct(StringComparer.Ordinal).Count(),
            ["pool_revoked"] = pool.Count(l => l.Expected == ExpectedVerdict.Revoked),
            ["pool_expired"] = pool.Count(l => l.Expected == ExpectedVerdict.Expired),
        };
        var mix = new MixSummary(
            zipf,
            pool.Select(l => l.TypeCode).Distinct(StringComparer.Ordinal).Count(),
            pool.Select(l => l.Department).Distinct(StringComparer.Ordinal).Count(),
            pool.Count,
            seen.Distinct,
            rate,
            hits,
            misses,
            new SortedDictionary<string, long>(StringComparer.Ordinal) { ["valid"] = expected[0], ["revoked"] = expected[1], ["expired"] = expected[2] },
            covered,
            changes);
        await log.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"  mix: {mix.Types} types, {mix.Departments} departments, {pool.Count} licences, {seen.Distinct} distinct in the measured phase, signature-cache hit rate {(rate is { } r ? r.ToString("P1", CultureInfo.InvariantCulture) : "not read")}")).ConfigureAwait(false);
        var settings = new ReportSettings(plan.Concurrency, batchSize, plan.Duration.TotalSeconds, plan.Warmup.TotalSeconds, pool.Count, false, false);
        return LoadReport.From(plan.Scenario, "verify_batch", connection.Target, started, plan.Labels, settings, phase, mix);
    }

    /// <summary>The pool from <c>--pool-file</c> when it exists, else issued now (<c>--licences N</c>, shares <c>--revoked</c> and <c>--expired</c>) and saved there.</summary>
    internal static async Task<List<MixedLicence>> ObtainAsync(CommandLine line, LicenceService.LicenceServiceClient client, ServerConnection connection, int seed, TextWriter log, CancellationToken cancellationToken, bool rejectUnknown = false)
    {
        var file = line.Text("pool-file");
        var count = line.Int("licences", 10_000, 1, 10_000_000);
        var revoked = MixedPhase.Share(line, "revoked", 0.02);
        var expired = MixedPhase.Share(line, "expired", 0.02);
        var concurrency = line.Int("issue-concurrency", 8, 1, 1_000);
        var pki = line.Text("pki");
        if (rejectUnknown)
        {
            line.RejectUnknown();
        }

        if (revoked + expired > 1)
        {
            throw new UsageException("--revoked and --expired add up to more than 1");
        }

        if (file is not null && File.Exists(file))
        {
            var loaded = MixedPool.Load(file);
            await log.WriteLineAsync($"pool: {loaded.Count} mixed licences from {file}").ConfigureAwait(false);
            return loaded;
        }

        if (pki is null)
        {
            throw new UsageException("give --pool-file FILE (an existing mixed pool) or --pki DIR (the server's PKI: which departments issue what)");
        }

        var departments = MixedPool.IssuingDepartments(DevelopmentPkiManifest.Load(pki).Departments, LicenceCatalog.Default);
        var planned = MixedPool.Plan(departments, LicenceCatalog.Default, count, revoked, expired, seed);
        var pairs = MixedPool.PairCount(departments, LicenceCatalog.Default);
        await log.WriteLineAsync($"pool: issuing {count} licences over {planned.Select(p => p.Type.Code).Distinct().Count()} types and {planned.Select(p => p.Department).Distinct().Count()} departments ({pairs} type-department pairs; {revoked:P0} revoked, {expired:P0} expired)").ConfigureAwait(false);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pool = await MixedPool.IssueAsync(client, planned, seed, concurrency, connection.Headers, log, cancellationToken).ConfigureAwait(false);
        await log.WriteLineAsync($"pool: issued in {clock.Elapsed.TotalSeconds:0.0} s").ConfigureAwait(false);
        if (file is not null)
        {
            MixedPool.Save(file, pool);
            await log.WriteLineAsync($"pool: saved to {file}").ConfigureAwait(false);
        }

        return pool;
    }

    /// <summary>Counts the verdicts of one batch; an answer other than the licence's expected verdict, an item error or a missing item is unexpected.</summary>
    internal static RequestOutcome Judge(IReadOnlyList<MixedLicence> sent, VerifyBatchResponse response) =>
        Judge(sent, response.Items.Select(item => (item.Index, item.Error is not null ? "item_error" : item.Result?.VerdictText is { Length: > 0 } text ? text : "missing")));

    /// <summary>As above, from (index, verdict text) answers (<c>item_error</c> for an item error).</summary>
    internal static RequestOutcome Judge(IReadOnlyList<MixedLicence> sent, IEnumerable<(int Index, string Verdict)> answers)
    {
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var unexpected = 0;
        var answered = new bool[sent.Count];
        foreach (var (index, verdict) in answers)
        {
            outcomes[verdict] = outcomes.GetValueOrDefault(verdict) + 1;
            if (index < 0 || index >= sent.Count || answered[index])
            {
                unexpected++;
                continue;
            }

            answered[index] = true;
            if (verdict != Word(sent[index].Expected))
            {
                unexpected++;
            }
        }

        var missing = answered.Count(a => !a);
        if (missing > 0)
        {
            outcomes["missing"] = outcomes.GetValueOrDefault("missing") + missing;
            unexpected += missing;
        }

        return new RequestOutcome(sent.Count, unexpected, outcomes);
    }

    /// <summary>The verdict text the server uses for an expected verdict.</summary>
    internal static string Word(ExpectedVerdict expected) => expected switch
    {
        ExpectedVerdict.Revoked => "revoked",
        ExpectedVerdict.Expired => "expired",
        _ => "valid",
    };
}
