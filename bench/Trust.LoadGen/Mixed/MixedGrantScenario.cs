using System.Collections.Concurrent;
using System.Globalization;
using Google.Protobuf;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.Core.Services;
using Trust.Grpc.V1;

namespace Trust.LoadGen.Mixed;

/// <summary>
/// <c>mixed-grants</c>: grant checks across every service item of the catalogue (317). For each item and each of
/// <c>--holders</c> holders of the item's holder kind, the licences of every type the item requires are issued through the
/// API (each by a department of the type's kind, when the PKI has one) and a grant is created for the item, a share
/// (<c>--single-use</c>) of them single-use. CheckGrantBatch then checks <c>--batch</c> grants per request: reusable ones
/// drawn with Zipf repeats, a fresh single-use grant in each batch while any are left (must be allowed), and single-use
/// grants already used presented again (must be denied with grant.already_used). An allowed check must be complete exactly
/// when every required type could be issued; anything else is unexpected.
/// </summary>
internal static class MixedGrantScenario
{
    private const string Clerk = "loadgen-clerk";

    /// <summary>One grant and the answer it must get while unused.</summary>
    internal sealed record GrantCase(int Index, string Item, ByteString Grant, bool SingleUse, bool Complete);

    public static async Task<LoadReport> RunAsync(CommandLine line, ServerConnection connection, LoadPlan plan, TextWriter log, CancellationToken cancellationToken)
    {
        var batchSize = line.Int("batch", 10, 1, 10_000);
        var holders = line.Int("holders", 2, 1, 10_000);
        var singleUseShare = MixedPhase.Share(line, "single-use", 0.2);
        var zipf = MixedPhase.Zipf(line);
        var seed = line.Int("seed", 20, int.MinValue, int.MaxValue);
        var setupConcurrency = line.Int("issue-concurrency", 8, 1, 1_000);
        var pki = line.RequiredText("pki");
        var maxRequests = line.Int("max-requests", 0, 0, int.MaxValue);
        using var counters = ServerCounters.Open(line);
        line.RejectUnknown();

        var licences = new LicenceService.LicenceServiceClient(connection.Channel);
        var grants = new GrantService.GrantServiceClient(connection.Channel);
        var departments = MixedPool.IssuingDepartments(DevelopmentPkiManifest.Load(pki).Departments, LicenceCatalog.Default);
        var items = ServiceCatalog.Default.Items;
        var cases = await SetUpAsync(licences, grants, connection, departments, items, holders, singleUseShare, seed, setupConcurrency, log, cancellationToken).ConfigureAwait(false);

        var reusable = cases.Where(c => !c.SingleUse).ToArray();
        if (reusable.Length == 0)
        {
            throw new UsageException("--single-use 1 leaves no reusable grant to check");
        }

        var permutation = Enumerable.Range(0, reusable.Length).ToArray();
        new Random(seed).Shuffle(permutation);
        var sampler = new ZipfSampler(reusable.Length, zipf);
        var random = new Random(seed + 1);
        var fresh = new ConcurrentQueue<GrantCase>(cases.Where(c => c.SingleUse));
        var used = new ConcurrentQueue<GrantCase>();
        var seen = new SeenSet(cases.Count);
        var expected = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var measuring = false;
        RequestSender send = async ct =>
        {
            var batch = new List<(GrantCase Case, bool Used)>(batchSize);
            if (batchSize > 1 && fresh.TryDequeue(out var first))
            {
                batch.Add((first, false));
            }

            if (batchSize > 2 && used.TryDequeue(out var again))
            {
                batch.Add((again, true));
            }

            lock (random)
            {
                while (batch.Count < batchSize)
                {
                    batch.Add((reusable[permutation[sampler.Sample(random)]], false));
                }
            }

            if (Volatile.Read(ref measuring))
            {
                foreach (var (c, u) in batch)
                {
                    seen.Mark(c.Index);
                    expected.AddOrUpdate(Expectation(c, u), 1, (_, n) => n + 1);
                }
            }

            var request = new CheckGrantBatchRequest();
            request.Checks.AddRange(batch.Select(b => new CheckGrantRequest { Grant = b.Case.Grant, ServiceItem = b.Case.Item, Clerk = new ClerkIdentity { ClerkId = Clerk } }));
            var response = await grants.CheckGrantBatchAsync(request, connection.Call(ct)).ConfigureAwait(false);
            var outcome = Judge(batch, [.. response.Items.Select(i => (i.Index, Describe(i)))]);

            // A single-use grant is presented again only after the answer that used it came back.
            foreach (var (c, _) in batch.Where(b => b.Case.SingleUse))
            {
                used.Enqueue(c);
            }

            return outcome;
        };

        var (phase, started, changes) = await MixedPhase.RunAsync(send, plan, counters, log, $"batch {batchSize}, zipf {zipf.ToString(CultureInfo.InvariantCulture)}", () => Volatile.Write(ref measuring, true), cancellationToken, maxRequests).ConfigureAwait(false);
        var (hits, misses, rate) = changes is null ? (0L, 0L, (double?)null) : ServerCounters.SignatureCache(changes);
        var covered = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["service_items"] = cases.Select(c => c.Item).Distinct(StringComparer.Ordinal).Count(),
            ["grants"] = cases.Count,
            ["grants_single_use"] = cases.Count(c => c.SingleUse),
            ["grants_complete"] = cases.Count(c => c.Complete),
            ["single_use_left_unused"] = fresh.Count,
        };
        var types = items.SelectMany(i => i.RequiredLicenceTypes).Distinct(StringComparer.Ordinal).Count(t => departments.Any(d => d.Kinds.Contains(LicenceCatalog.Default.Get(t).DepartmentKind, StringComparer.Ordinal)));
        var mix = new MixSummary(zipf, types, departments.Count, cases.Count, seen.Distinct, rate, hits, misses,
            new SortedDictionary<string, long>(expected, StringComparer.Ordinal), covered, changes);
        await log.WriteLineAsync($"  mix: {covered["service_items"]} service items, {cases.Count} grants ({covered["grants_single_use"]} single-use, {covered["grants_complete"]} with every required licence), {seen.Distinct} distinct checked").ConfigureAwait(false);
        var settings = new ReportSettings(plan.Concurrency, batchSize, plan.Duration.TotalSeconds, plan.Warmup.TotalSeconds, cases.Count, false, false);
        return LoadReport.From(plan.Scenario, "grant_check", connection.Target, started, plan.Labels, settings, phase, mix);
    }

    private static async Task<List<GrantCase>> SetUpAsync(
        LicenceService.LicenceServiceClient licences, GrantService.GrantServiceClient grants, ServerConnection connection, IReadOnlyList<IssuingDepartment> departments,
        IReadOnlyList<Trust.Core.Services.ServiceItem> items, int holders, double singleUseShare, int seed, int concurrency, TextWriter log, CancellationToken cancellationToken)
    {
        var byKind = departments.SelectMany(d => d.Kinds.Select(k => (Kind: k, Department: d.Code))).GroupBy(x => x.Kind, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Department).ToArray(), StringComparer.Ordinal);
        var work = (from i in Enumerable.Range(0, items.Count) from h in Enumerable.Range(0, holders) select (Item: i, Holder: h)).ToArray();
        var planRandom = new Random(seed);
        var singleUse = work.Select(_ => planRandom.NextDouble() < singleUseShare).ToArray();
        await log.WriteLineAsync($"setup: {items.Count} service items x {holders} holder(s): their required licences and one grant each ({singleUseShare:P0} single-use)").ConfigureAwait(false);
        var cases = new GrantCase[work.Length];
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(concurrency, work.Length)).Select(w => Task.Run(
            async () =>
            {
                var random = new Random(seed ^ (31 * (w + 1)));
                int n;
                while ((n = Interlocked.Increment(ref next)) < work.Length)
                {
                    var (itemIndex, holder) = work[n];
                    var item = items[itemIndex];
                    var holderId = HolderIds.For(item.HolderKind, (((long)seed & 0xffff) * 1_000_000) + (itemIndex * 1_000L) + holder + 500_000);
                    var complete = true;
                    foreach (var code in item.RequiredLicenceTypes)
                    {
                        var type = LicenceCatalog.Default.Get(code);
                        if (type.HolderKind != item.HolderKind || !byKind.TryGetValue(type.DepartmentKind, out var issuers))
                        {
                            complete = false;
                            continue;
                        }

                        var generated = LicenceFieldGenerator.Generate(type, n, random, holderId);
                        var request = new IssueLicenceRequest { Department = issuers[n % issuers.Length], TypeCode = type.Code, HolderId = holderId, HolderName = generated.HolderName };
                        foreach (var (field, value) in generated.Fields)
                        {
                            request.Fields.Add(field, value);
                        }

                        await licences.IssueAsync(request, connection.Call(cancellationToken)).ConfigureAwait(false);
                    }

                    var grant = await grants.CreateGrantAsync(
                        new CreateGrantRequest { HolderId = holderId, ServiceItem = item.Code, Grantee = new ClerkIdentity { ClerkId = Clerk }, ValidityMinutes = 1440, SingleUse = singleUse[n] },
                        connection.Call(cancellationToken)).ConfigureAwait(false);
                    cases[n] = new GrantCase(n, item.Code, grant.Grant, singleUse[n], complete);
                }
            },
            cancellationToken));
        await Task.WhenAll(workers).ConfigureAwait(false);
        return [.. cases];
    }

    /// <summary>What a check must answer: <c>allowed</c> or <c>allowed_incomplete</c> for an unused grant, <c>denied:grant.already_used</c> for a used single-use one.</summary>
    internal static string Expectation(GrantCase grant, bool used) =>
        used ? "denied:grant.already_used" : grant.Complete ? "allowed" : "allowed_incomplete";

    private static string Describe(CheckGrantBatchItem item) =>
        item.Error is not null ? "item_error"
        : item.Result is not { } r ? "missing"
        : r.Allowed ? (r.Complete ? "allowed" : "allowed_incomplete")
        : "denied:" + string.Join('+', r.Reasons);

    /// <summary>Counts the answers of one batch; an answer other than the check's expectation, or a missing one, is unexpected.</summary>
    internal static RequestOutcome Judge(IReadOnlyList<(GrantCase Case, bool Used)> sent, IReadOnlyList<(int Index, string Answer)> answers)
    {
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var unexpected = 0;
        var answered = new bool[sent.Count];
        foreach (var (index, answer) in answers)
        {
            outcomes[answer] = outcomes.GetValueOrDefault(answer) + 1;
            if (index < 0 || index >= sent.Count || answered[index])
            {
                unexpected++;
                continue;
            }

            answered[index] = true;
            if (answer != Expectation(sent[index].Case, sent[index].Used))
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
}
