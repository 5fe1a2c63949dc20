using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Trust.Core.Licences;
using Trust.Grpc.Security;
using Trust.Grpc.V1;
using Xunit.Abstractions;

namespace Trust.Grpc.Tests.Caching;

/// <summary>
/// Two server processes on loopback sharing one PostgreSQL database (fresh, random name), one Redis
/// and one PKI folder (created by node A before node B starts): what is issued on one verifies on
/// the other, and a revocation on one is seen by the other within the status bound (Redis status
/// channel; the bound alone when a message is lost).
/// </summary>
public sealed class TwoNodesTests : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private const int Revocations = 100;
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);

    // Correctness only: the bound plus a generous margin for a loaded 2-core machine.
    private static readonly TimeSpan Allowed = Bound + TimeSpan.FromSeconds(4);

    private readonly PostgresDatabase _database;
    private readonly ITestOutputHelper _output;
    private ServerProcess? _a;
    private ServerProcess? _b;

    public TwoNodesTests(PostgresDatabase database, ITestOutputHelper output)
    {
        _database = database;
        _output = output;
    }

    public async Task InitializeAsync()
    {
        string[] shared =
        [
            "--Trust:Store=postgres:" + _database.ConnectionString,
            "--Trust:Cache:Redis=" + TestServices.Redis,
            "--Trust:StatusBoundMilliseconds=" + Bound.TotalMilliseconds.ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        ];
        _a = ServerProcess.Node(null, shared);
        await _a.InitializeAsync();
        _b = ServerProcess.Node(_a.PkiDirectory, shared);
        await _b.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        if (_b is not null)
        {
            await _b.DisposeAsync();
        }

        if (_a is not null)
        {
            await _a.DisposeAsync();
        }
    }

    [Fact]
    public async Task Revocation_on_node_A_is_seen_on_node_B_within_the_bound()
    {
        var department = _a!.Departments[0];
        var a = new LicenceService.LicenceServiceClient(_a.ChannelFor(TrustRoles.Issuer, department));
        var b = new LicenceService.LicenceServiceClient(_b!.ChannelFor(TrustRoles.Verifier));

        var issued = new List<IssueLicenceResponse>();
        for (var i = 0; i < Revocations; i++)
        {
            issued.Add(await a.IssueAsync(TestLicences.Example(department)));
        }

        // Node B verifies what node A issued (and so warms its signature and status caches).
        foreach (var chunk in issued.Chunk(ServerProcess.MaxBatchSize))
        {
            var batch = new VerifyBatchRequest();
            batch.Licences.AddRange(chunk.Select(x => x.Licence));
            var warm = await b.VerifyBatchAsync(batch);
            Assert.All(warm.Items, item => Assert.Equal(Verdict.Valid, item.Result.Verdict));
        }

        var times = new List<double>();
        foreach (var licence in issued)
        {
            // B has the status in memory now (valid), so only a change notice or the bound makes it read again.
            Assert.Equal(Verdict.Valid, (await b.VerifyAsync(new VerifyLicenceRequest { Licence = licence.Licence })).Result.Verdict);
            await a.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = licence.LicenceId, Reason = "propagation test" });
            var clock = Stopwatch.StartNew();
            while (true)
            {
                var seen = await b.VerifyAsync(new VerifyLicenceRequest { Licence = licence.Licence });
                if (seen.Result.Verdict == Verdict.Revoked)
                {
                    break;
                }

                Assert.Equal(Verdict.Valid, seen.Result.Verdict);
                Assert.True(clock.Elapsed < Allowed, $"{licence.LicenceId}: node B still says valid {clock.Elapsed.TotalMilliseconds:F0} ms after the revocation on node A");
            }

            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        var report = new
        {
            revocations = times.Count,
            bound_ms = Bound.TotalMilliseconds,
            median_ms = Math.Round(times[times.Count / 2], 2),
            p90_ms = Math.Round(times[(int)(times.Count * 0.9)], 2),
            max_ms = Math.Round(times[^1], 2),
            min_ms = Math.Round(times[0], 2),
            store = "postgres",
            redis = true,
            measured_at = DateTimeOffset.UtcNow.ToString("u", CultureInfo.InvariantCulture),
        };
        var json = JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true });
        var artifacts = Environment.GetEnvironmentVariable("TRUST_TEST_ARTIFACTS") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), "trust-artifacts");
        Directory.CreateDirectory(artifacts);
        var file = Path.Combine(artifacts, "propagation.json");
        await File.WriteAllTextAsync(file, json);
        _output.WriteLine($"Revocation propagation A -> B over {times.Count} revocations (written to {file}):");
        _output.WriteLine(json);
        Assert.All(times, t => Assert.True(t < Allowed.TotalMilliseconds));
    }
}
