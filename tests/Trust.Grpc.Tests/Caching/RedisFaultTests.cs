using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Health.V1;
using Trust.Grpc.Security;
using Trust.Grpc.V1;
using Xunit.Abstractions;

namespace Trust.Grpc.Tests.Caching;

/// <summary>
/// Redis freezes, then dies during a load of verifications, and comes back: every answer stays
/// right (from the store), health says degraded during the outage and healthy after, and the
/// node reconnects by itself.
/// </summary>
public sealed class RedisFaultTests : IAsyncLifetime
{
    private const int Licences = 40;

    private readonly ITestOutputHelper _output;
    private readonly NodeWithPrivateRedis _setup = new("--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");

    public RedisFaultTests(ITestOutputHelper output) => _output = output;

    public Task InitializeAsync() => _setup.InitializeAsync();

    public Task DisposeAsync() => _setup.DisposeAsync();

    private enum Phase
    {
        Before,
        Slow,
        During,
        After,
    }

    private sealed record Sample(Phase Phase, double Milliseconds, bool Failed, int Wrong);

    [Fact]
    public async Task Redis_outage_never_gives_a_wrong_verdict_and_health_reports_it()
    {
        var node = _setup.Node;
        var department = node.Departments[0];
        var issuer = new LicenceService.LicenceServiceClient(node.ChannelFor(TrustRoles.Issuer, department));
        var client = new LicenceService.LicenceServiceClient(node.ChannelFor(TrustRoles.Verifier));
        var batch = new VerifyBatchRequest();
        var expected = new List<Verdict>();
        for (var i = 0; i < Licences; i++)
        {
            var issued = await issuer.IssueAsync(TestLicences.Example(department));
            batch.Licences.Add(issued.Licence);
            if (i % 3 == 0)
            {
                await issuer.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = issued.LicenceId, Reason = "fault test" });
                expected.Add(Verdict.Revoked);
            }
            else if (i % 3 == 1)
            {
                var tampered = issued.Licence.ToByteArray();
                tampered[^3] ^= 0x40;
                batch.Licences[i] = Google.Protobuf.ByteString.CopyFrom(tampered);
                expected.Add(Verdict.Invalid);
            }
            else
            {
                expected.Add(Verdict.Valid);
            }
        }

        Assert.Equal("ok", await node.HealthzAsync());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await node.HealthAsync("redis"));

        var phase = Phase.Before;
        var samples = new ConcurrentQueue<Sample>();
        using var stop = new CancellationTokenSource();
        async Task LoadAsync()
        {
            while (!stop.IsCancellationRequested)
            {
                var current = phase;
                var clock = Stopwatch.StartNew();
                try
                {
                    var reply = await client.VerifyBatchAsync(batch, deadline: DateTime.UtcNow.AddSeconds(10));
                    var wrong = reply.Items.Count(item => item.Result.Verdict != expected[item.Index]) + (reply.Items.Count == Licences ? 0 : 1);
                    samples.Enqueue(new Sample(current, clock.Elapsed.TotalMilliseconds, false, wrong));
                }
                catch (RpcException)
                {
                    samples.Enqueue(new Sample(current, clock.Elapsed.TotalMilliseconds, true, 0));
                }
            }
        }

        var load = Task.WhenAll(Task.Run(LoadAsync), Task.Run(LoadAsync));
        await Task.Delay(TimeSpan.FromSeconds(4));

        // Slow: Redis frozen (SIGSTOP), the connection stays open but nothing answers.
        _setup.Redis.Pause();
        phase = Phase.Slow;
        await Task.Delay(TimeSpan.FromSeconds(4));
        _output.WriteLine("while Redis is frozen /healthz says: " + await node.HealthzAsync());
        _setup.Redis.Resume();

        await _setup.Redis.KillAsync();
        phase = Phase.During;
        var degraded = await WaitForAsync(async () => (await node.HealthzAsync()).StartsWith("degraded", StringComparison.Ordinal)
            && await node.HealthAsync("redis") == HealthCheckResponse.Types.ServingStatus.NotServing, TimeSpan.FromSeconds(30));
        Assert.True(degraded, "health did not report the Redis outage");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, await node.HealthAsync()); // the server still serves
        _output.WriteLine("during the outage /healthz says: " + await node.HealthzAsync());
        await Task.Delay(TimeSpan.FromSeconds(5));

        await _setup.Redis.StartAsync();
        var reconnected = await WaitForAsync(async () => await node.HealthzAsync() == "ok"
            && await node.HealthAsync("redis") == HealthCheckResponse.Types.ServingStatus.Serving, TimeSpan.FromSeconds(60));
        Assert.True(reconnected, "the node did not reconnect to Redis by itself:\n" + node.Output);
        phase = Phase.After;
        await Task.Delay(TimeSpan.FromSeconds(4));
        await stop.CancelAsync();
        await load;

        foreach (var group in samples.GroupBy(s => s.Phase).OrderBy(g => g.Key))
        {
            var latencies = group.Where(s => !s.Failed).Select(s => s.Milliseconds).Order().ToList();
            var errors = group.Count(s => s.Failed);
            _output.WriteLine(
                $"{group.Key,-7}: {group.Count(),5} batches of {Licences} ({group.Count() * Licences} verifications), errors {errors} ({100.0 * errors / group.Count():F2} %), " +
                $"wrong verdicts {group.Sum(s => s.Wrong)}, latency median {Percentile(latencies, 0.5):F1} ms, p99 {Percentile(latencies, 0.99):F1} ms, max {(latencies.Count > 0 ? latencies[^1] : 0):F1} ms");
        }

        Assert.Equal(0, samples.Sum(s => s.Wrong));
        Assert.Equal(0, samples.Count(s => s.Failed));
        Assert.Contains(samples, s => s.Phase == Phase.Slow);
        Assert.Contains(samples, s => s.Phase == Phase.During);
        Assert.Contains(samples, s => s.Phase == Phase.After);
    }

    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];

    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (HttpRequestException)
            {
                // not answering yet
            }

            await Task.Delay(100);
        }

        return false;
    }
}
