using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Configuration;
using Trust.Core.Licences;
using Trust.Grpc.Security;
using Trust.Grpc.Telemetry;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests;

/// <summary>The Trust meter and activity source (brief section 8: OpenTelemetry metrics and traces).</summary>
public sealed class TelemetryTests
{
    [Fact]
    public void Batch_verdicts_are_counted_by_verdict_on_the_Trust_meter()
    {
        using var listener = new MeterCapture("trust.licence.verifications");
        var response = new VerifyBatchResponse();
        foreach (var verdict in new[] { Verdict.Valid, Verdict.Valid, Verdict.Revoked, Verdict.Valid, Verdict.NotYetValid })
        {
            response.Items.Add(new VerifyBatchItem { Result = new VerificationResult { Verdict = verdict } });
        }

        TelemetryInterceptor.Record(response);
        TelemetryInterceptor.Record(new VerifyLicenceResponse { Result = new VerificationResult { Verdict = Verdict.Invalid } });

        Assert.Equal(3, listener.Sum("trust.verdict", "valid"));
        Assert.Equal(1, listener.Sum("trust.verdict", "revoked"));
        Assert.Equal(1, listener.Sum("trust.verdict", "not_yet_valid"));
        Assert.Equal(1, listener.Sum("trust.verdict", "invalid"));
    }

    [Fact]
    public void Cache_grant_and_seal_instruments_record_with_their_tags()
    {
        using var hits = new MeterCapture("trust.cache.hits");
        using var misses = new MeterCapture("trust.cache.misses");
        using var grants = new MeterCapture("trust.grant.checks");
        using var seals = new MeterCapture("trust.seal.uses");

        TrustMetrics.CacheHit("signature", "l1");
        TrustMetrics.CacheHit("signature", "l1");
        TrustMetrics.CacheMiss("signature", "l2");
        TelemetryInterceptor.Record(new CheckGrantBatchResponse { Items = { Item(true), Item(false), Item(true) } });
        TrustMetrics.SealUsed(ok: true);

        Assert.Equal(2, hits.Sum("trust.cache.level", "l1"));
        Assert.Equal(1, misses.Sum("trust.cache", "signature"));
        Assert.Equal(2, grants.Sum("trust.grant.decision", "allowed"));
        Assert.Equal(1, grants.Sum("trust.grant.decision", "denied"));
        Assert.Equal(1, seals.Sum("trust.outcome", "ok"));
    }

    private static CheckGrantBatchItem Item(bool allowed) => new() { Result = new CheckGrantResponse { Allowed = allowed } };

    [Fact]
    public void No_exporter_is_configured_by_default()
    {
        var empty = new ConfigurationBuilder().Build();
        Assert.Null(TelemetryExtensions.ExporterEndpoint(new TelemetryOptions(), empty));

        var standard = new ConfigurationBuilder().AddInMemoryCollection([new(TelemetryExtensions.StandardEndpointVariable, "http://127.0.0.1:4317")]).Build();
        Assert.Equal("http://127.0.0.1:4317", TelemetryExtensions.ExporterEndpoint(new TelemetryOptions(), standard));
        Assert.Equal("http://collector:4318", TelemetryExtensions.ExporterEndpoint(new TelemetryOptions { Endpoint = "http://collector:4318" }, standard));
    }

    [Fact]
    public async Task Server_process_exports_Trust_metrics_and_spans_over_OTLP_when_configured()
    {
        using var collector = new FakeCollector();
        var server = new OtlpServerProcess(collector.Port);
        await server.InitializeAsync();
        try
        {
            await ExportsAsync(server, collector);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task ExportsAsync(ServerProcess server, FakeCollector collector)
    {
        var licences = new LicenceService.LicenceServiceClient(server.ChannelFor(TrustRoles.Issuer, server.Departments[0]));
        var issued = await licences.IssueAsync(TestLicences.Example(server.Departments[0]));
        var verified = await licences.VerifyBatchAsync(new VerifyBatchRequest { Licences = { issued.Licence, issued.Licence } });
        Assert.All(verified.Items, i => Assert.Equal(Verdict.Valid, i.Result.Verdict));
        var again = await licences.VerifyAsync(new VerifyLicenceRequest { Licence = issued.Licence });
        Assert.Equal(Verdict.Valid, again.Result.Verdict);

        // OTLP/HTTP bodies are protobuf: instrument, span and attribute names appear as plain UTF-8.
        var metrics = await collector.WaitForAsync("/v1/metrics", "trust.licence.verifications", TimeSpan.FromSeconds(60));
        Assert.Contains("trust.verdict", metrics, StringComparison.Ordinal);
        Assert.Contains("trust.licence.batch.size", metrics, StringComparison.Ordinal);

        // The signature cache records its lookups: two misses in the first batch, then a hit.
        var cache = await collector.WaitForAsync("/v1/metrics", "trust.cache.hits", TimeSpan.FromSeconds(60));
        Assert.Contains("trust.cache.misses", cache, StringComparison.Ordinal);
        await collector.WaitForAsync("/v1/metrics", "trust.cache.l1.entries", TimeSpan.FromSeconds(60));
        var traces = await collector.WaitForAsync("/v1/traces", "trust.v1.LicenceService/VerifyBatch", TimeSpan.FromSeconds(60));
        Assert.Contains("trust-server", traces, StringComparison.Ordinal);
    }

    /// <summary>A server process that exports to the fake collector over OTLP/HTTP, metrics every 300 ms.</summary>
    private sealed class OtlpServerProcess(int collectorPort) : ServerProcess(
        [
            $"--Trust:Otlp:Endpoint=http://127.0.0.1:{collectorPort}",
            "--Trust:Otlp:Protocol=http/protobuf",
            "--Trust:Otlp:MetricIntervalMilliseconds=300",
        ],
        new Dictionary<string, string>());

    /// <summary>Sums the measurements of one instrument of the Trust meter with a given tag value.</summary>
    private sealed class MeterCapture : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly List<(long Value, KeyValuePair<string, object?>[] Tags)> _measurements = [];

        public MeterCapture(string instrument)
        {
            _listener.InstrumentPublished = (i, l) =>
            {
                if (i.Meter.Name == TrustMetrics.Name && i.Name == instrument)
                {
                    l.EnableMeasurementEvents(i);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                lock (_measurements)
                {
                    _measurements.Add((value, tags.ToArray()));
                }
            });
            _listener.Start();
        }

        // Other tests may record on the same static instruments in parallel: count only matching tags.
        public long Sum(string tag, string value)
        {
            lock (_measurements)
            {
                return _measurements.Where(m => m.Tags.Any(t => t.Key == tag && Equals(t.Value, value))).Sum(m => m.Value);
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>An OTLP/HTTP endpoint that keeps what it is sent.</summary>
    private sealed class FakeCollector : IDisposable
    {
        private readonly HttpListener _http = new();
        private readonly List<(string Path, string Body)> _received = [];
        private readonly Task _loop;

        public FakeCollector()
        {
            using (var probe = new TcpListener(IPAddress.Loopback, 0))
            {
                probe.Start();
                Port = ((IPEndPoint)probe.LocalEndpoint).Port;
            }

            _http.Prefixes.Add($"http://127.0.0.1:{Port}/");
            _http.Start();
            _loop = Task.Run(LoopAsync);
        }

        public int Port { get; }

        public async Task<string> WaitForAsync(string path, string text, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                lock (_received)
                {
                    var all = string.Join("\n", _received.Where(r => r.Path == path).Select(r => r.Body));
                    if (all.Contains(text, StringComparison.Ordinal))
                    {
                        return all;
                    }
                }

                Assert.True(DateTime.UtcNow < deadline, $"nothing containing '{text}' was posted to {path} (received: {string.Join(", ", _received.Select(r => r.Path))})");
                await Task.Delay(100);
            }
        }

        public void Dispose()
        {
            _http.Close();
            try
            {
                _loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
                // listener closed
            }
        }

        private async Task LoopAsync()
        {
            while (_http.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _http.GetContextAsync();
                }
                catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    return;
                }

                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                lock (_received)
                {
                    _received.Add((context.Request.Url!.AbsolutePath, Encoding.UTF8.GetString(body.ToArray())));
                }

                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
                context.Response.Close();
            }
        }
    }
}
