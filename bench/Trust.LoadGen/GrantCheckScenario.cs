using System.Globalization;
using Google.Protobuf;
using Trust.Core.Licences;
using Trust.Core.Services;
using Trust.Grpc.V1;

namespace Trust.LoadGen;

/// <summary>
/// <c>grants</c>: grant checks. First issues, through the API, one licence and one reusable grant
/// (30 minutes... up to a day, for the clerk <c>loadgen-clerk</c>) for each of <c>--holders</c>
/// persons; then loops CheckGrantBatch with <c>--batch</c> checks per request (CheckGrant when the
/// batch is 1). Every check should be allowed; anything else counts as unexpected.
/// </summary>
internal static class GrantCheckScenario
{
    private const string Clerk = "loadgen-clerk";

    public static async Task<LoadReport> RunAsync(CommandLine line, ServerConnection connection, LoadPlan plan, TextWriter log, CancellationToken cancellationToken)
    {
        var batchSize = line.Int("batch", 10, 1, 100_000);
        var holders = line.Int("holders", 200, 1, 1_000_000);
        var department = line.RequiredText("department");
        var setupConcurrency = line.Int("issue-concurrency", 8, 1, 1_000);
        line.RejectUnknown();

        // A department issues only the licence types of its own kind: take an item for persons that needs one such type.
        var kind = department.Split('-')[0];
        var item = ServiceCatalog.Default.Items.FirstOrDefault(i => i.HolderKind == HolderKind.Person && i.RequiredLicenceTypes.Count == 1
                && LicenceCatalog.Default.Get(i.RequiredLicenceTypes[0]).DepartmentKind == kind)
            ?? throw new UsageException($"--department {department}: no service item for persons needs exactly one licence type of kind {kind} (use a PSB department)");
        var type = LicenceCatalog.Default.Get(item.RequiredLicenceTypes[0]);
        var licences = new LicenceService.LicenceServiceClient(connection.Channel);
        var grants = new GrantService.GrantServiceClient(connection.Channel);

        await log.WriteLineAsync($"setup: {holders} holders, one {type.Code} licence from {department} and one grant for item {item.Code} each").ConfigureAwait(false);
        var granted = new ByteString[holders];
        var next = -1;
        var workers = Enumerable.Range(0, Math.Min(setupConcurrency, holders)).Select(w => Task.Run(
            async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < holders)
                {
                    var holder = HolderId(i);
                    await licences.IssueAsync(IssueRequest(type, department, holder), connection.Call(cancellationToken)).ConfigureAwait(false);
                    var grant = await grants.CreateGrantAsync(
                        new CreateGrantRequest { HolderId = holder, ServiceItem = item.Code, Grantee = new ClerkIdentity { ClerkId = Clerk }, ValidityMinutes = 1440 },
                        connection.Call(cancellationToken)).ConfigureAwait(false);
                    granted[i] = grant.Grant;
                }
            },
            cancellationToken));
        await Task.WhenAll(workers).ConfigureAwait(false);

        var cursor = -1L;
        RequestSender send = async ct =>
        {
            var first = Interlocked.Increment(ref cursor) * batchSize;
            var checks = Enumerable.Range(0, batchSize).Select(k => new CheckGrantRequest
            {
                Grant = granted[(int)((first + k) % holders)],
                ServiceItem = item.Code,
                Clerk = new ClerkIdentity { ClerkId = Clerk },
            }).ToList();
            if (batchSize == 1)
            {
                var one = await grants.CheckGrantAsync(checks[0], connection.Call(ct)).ConfigureAwait(false);
                return Judge([one]);
            }

            var request = new CheckGrantBatchRequest();
            request.Checks.AddRange(checks);
            var response = await grants.CheckGrantBatchAsync(request, connection.Call(ct)).ConfigureAwait(false);
            var outcome = Judge([.. response.Items.Select(i => i.Result ?? new CheckGrantResponse())]);
            return outcome with { Unexpected = outcome.Unexpected + Math.Max(0, batchSize - response.Items.Count) };
        };

        if (plan.Warmup > TimeSpan.Zero)
        {
            await LoadRunner.RunAsync(send, plan.Concurrency, plan.Warmup, cancellationToken).ConfigureAwait(false);
        }

        await log.WriteLineAsync($"measuring: {plan.Duration.TotalSeconds:0.#} s, batch {batchSize}, concurrency {plan.Concurrency}").ConfigureAwait(false);
        var started = DateTimeOffset.UtcNow;
        var phase = await LoadRunner.RunAsync(send, plan.Concurrency, plan.Duration, cancellationToken).ConfigureAwait(false);
        var settings = new ReportSettings(plan.Concurrency, batchSize, plan.Duration.TotalSeconds, plan.Warmup.TotalSeconds, holders, false, false);
        return LoadReport.From(plan.Scenario, "grant_check", connection.Target, started, plan.Labels, settings, phase);
    }

    private static RequestOutcome Judge(IReadOnlyList<CheckGrantResponse> results)
    {
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        var unexpected = 0;
        foreach (var r in results)
        {
            var verdict = r.Allowed ? "allowed" : "denied";
            outcomes[verdict] = outcomes.GetValueOrDefault(verdict) + 1;
            if (!r.Allowed)
            {
                unexpected++;
            }
        }

        return new RequestOutcome(results.Count, unexpected, outcomes);
    }

    private static IssueLicenceRequest IssueRequest(LicenceType type, string department, string holder)
    {
        var fields = type.ExampleFields();
        var request = new IssueLicenceRequest { Department = department, TypeCode = type.Code, HolderId = holder, HolderName = fields[LicenceType.HolderNameField] };
        foreach (var (code, value) in fields)
        {
            if (code is not (LicenceType.HolderIdField or LicenceType.HolderNameField))
            {
                request.Fields.Add(code, value);
            }
        }

        return request;
    }

    /// <summary>A valid resident ID number (GB 11643 check character) that differs per <paramref name="n"/> and per run.</summary>
    internal static string HolderId(int n)
    {
        var serial = (n + Environment.TickCount64) % 1_000_000;
        var day = 1 + (int)(serial % 28);
        var month = 1 + (int)(serial / 28 % 12);
        var sequence = (int)(serial / 336 % 1000);
        var body = string.Create(CultureInfo.InvariantCulture, $"1101011990{month:00}{day:00}{sequence:000}");
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }
}
