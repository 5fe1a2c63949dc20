using System.Diagnostics;
using System.Diagnostics.Metrics;
using Trust.Core.Results;
using Trust.Grpc.V1;

namespace Trust.Grpc.Telemetry;

/// <summary>
/// The server's OpenTelemetry instruments: one <see cref="ActivitySource"/> and one
/// <see cref="Meter"/>, both named <c>Trust</c>. Recording is cheap when nobody listens (the
/// instruments check for listeners first), so call sites need no guard.
/// </summary>
/// <remarks>
/// <para>Instruments (OpenTelemetry semantic-convention style names, unit in braces):</para>
/// <list type="bullet">
/// <item><c>trust.licence.verifications</c> {licence}, tag <c>trust.verdict</c> (valid, invalid, revoked, ...):
/// recorded by <see cref="TelemetryInterceptor"/> for Verify, VerifyBatch and VerifyStream.</item>
/// <item><c>trust.licence.batch.size</c> {licence}: histogram of VerifyBatch sizes.</item>
/// <item><c>trust.cache.hits</c> / <c>trust.cache.misses</c> {lookup}, tags <c>trust.cache</c>
/// (what is cached: <c>signature</c>, <c>status</c>, ...) and <c>trust.cache.level</c> (<c>l1</c>, <c>l2</c>):
/// the cache records these itself, e.g. <c>TrustMetrics.CacheHit("signature", "l1")</c> on an
/// in-process hit and <c>TrustMetrics.CacheMiss("signature", "l2")</c> when Redis has no entry.</item>
/// <item><c>trust.seal.uses</c> {seal}, tag <c>trust.outcome</c> (ok, error): SealPdf calls, by the interceptor.</item>
/// <item><c>trust.grant.checks</c> {check}, tag <c>trust.grant.decision</c> (allowed, denied): CheckGrant and
/// CheckGrantBatch results, by the interceptor.</item>
/// </list>
/// <para>Traces: the interceptor starts one <c>Trust</c> activity per gRPC call (named after the
/// method, tagged with <c>rpc.method</c>, batch sizes and the status code on failure); code that
/// wants finer spans calls <c>TrustMetrics.Source.StartActivity("...")</c>.</para>
/// </remarks>
internal static class TrustMetrics
{
    /// <summary>Name of the activity source and the meter.</summary>
    public const string Name = "Trust";

    private static readonly string[] VerdictNames = BuildVerdictNames();

    /// <summary>The activity source of the server's spans.</summary>
    public static readonly ActivitySource Source = new(Name, typeof(TrustMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>The meter of the server's instruments.</summary>
    public static readonly Meter Meter = new(Name, typeof(TrustMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Licences verified, by verdict.</summary>
    public static readonly Counter<long> Verifications = Meter.CreateCounter<long>("trust.licence.verifications", "{licence}", "Licences verified, by verdict");

    /// <summary>Sizes of VerifyBatch requests.</summary>
    public static readonly Histogram<int> BatchSize = Meter.CreateHistogram<int>("trust.licence.batch.size", "{licence}", "Licences per VerifyBatch request");

    /// <summary>Cache lookups answered from the cache.</summary>
    public static readonly Counter<long> CacheHits = Meter.CreateCounter<long>("trust.cache.hits", "{lookup}", "Cache lookups answered from the cache, by cache and level");

    /// <summary>Cache lookups the cache could not answer.</summary>
    public static readonly Counter<long> CacheMisses = Meter.CreateCounter<long>("trust.cache.misses", "{lookup}", "Cache lookups not answered from the cache, by cache and level");

    /// <summary>PDF sealing calls.</summary>
    public static readonly Counter<long> SealUses = Meter.CreateCounter<long>("trust.seal.uses", "{seal}", "PDF sealing calls, by outcome");

    /// <summary>Grant checks, by decision.</summary>
    public static readonly Counter<long> GrantChecks = Meter.CreateCounter<long>("trust.grant.checks", "{check}", "Grant checks, by decision");

    /// <summary>Records one cache hit of <paramref name="cache"/> (signature, status, ...) at <paramref name="level"/> (l1, l2).</summary>
    public static void CacheHit(string cache, string level, long count = 1) =>
        CacheHits.Add(count, new KeyValuePair<string, object?>("trust.cache", cache), new KeyValuePair<string, object?>("trust.cache.level", level));

    /// <summary>Records one cache miss of <paramref name="cache"/> at <paramref name="level"/>.</summary>
    public static void CacheMiss(string cache, string level, long count = 1) =>
        CacheMisses.Add(count, new KeyValuePair<string, object?>("trust.cache", cache), new KeyValuePair<string, object?>("trust.cache.level", level));

    /// <summary>Records <paramref name="count"/> verifications with <paramref name="verdict"/>.</summary>
    public static void Verified(Verdict verdict, long count = 1) =>
        Verifications.Add(count, new KeyValuePair<string, object?>("trust.verdict", VerdictName(verdict)));

    /// <summary>Records the verdicts of a VerifyBatch response (one counter update per distinct verdict).</summary>
    public static void Verified(VerifyBatchResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        Span<long> counts = stackalloc long[VerdictNames.Length];
        foreach (var item in response.Items)
        {
            var v = (int)(item.Result?.Verdict ?? Verdict.Unspecified);
            counts[(uint)v < (uint)counts.Length ? v : 0]++;
        }

        for (var v = 0; v < counts.Length; v++)
        {
            if (counts[v] > 0)
            {
                Verified((Verdict)v, counts[v]);
            }
        }
    }

    /// <summary>Records one grant check with its decision.</summary>
    public static void GrantChecked(bool allowed, long count = 1) =>
        GrantChecks.Add(count, new KeyValuePair<string, object?>("trust.grant.decision", allowed ? Trust.Core.Results.VerdictWords.Allowed : Trust.Core.Results.VerdictWords.Denied));

    /// <summary>Records one PDF sealing call with its outcome (<c>ok</c> or <c>error</c>).</summary>
    public static void SealUsed(bool ok) =>
        SealUses.Add(1, new KeyValuePair<string, object?>("trust.outcome", ok ? "ok" : "error"));

    /// <summary>The verdict as the API's verdict text (<c>valid</c>, <c>not_yet_valid</c>, ...).</summary>
    internal static string VerdictName(Verdict verdict) =>
        (uint)verdict < (uint)VerdictNames.Length ? VerdictNames[(int)verdict] : "unspecified";

    private static string[] BuildVerdictNames()
    {
        var values = Enum.GetValues<Verdict>();
        var names = new string[values.Max(v => (int)v) + 1];
        Array.Fill(names, "unspecified");
        foreach (var v in values)
        {
            names[(int)v] = v switch
            {
                Verdict.Valid => VerdictWords.Valid,
                Verdict.Invalid => VerdictWords.Invalid,
                Verdict.Revoked => VerdictWords.Revoked,
                Verdict.Suspended => VerdictWords.Suspended,
                Verdict.Expired => VerdictWords.Expired,
                Verdict.NotYetValid => VerdictWords.NotYetValid,
                Verdict.Untrusted => VerdictWords.Untrusted,
                _ => "unspecified",
            };
        }

        return names;
    }
}
