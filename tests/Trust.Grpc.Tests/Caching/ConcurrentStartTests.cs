using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Caching;

/// <summary>
/// Two nodes started at the same moment on a new PostgreSQL database both create the schema
/// (migrations serialised by an advisory lock) and serve: what one issues the other verifies
/// (one node runs without the signature cache and with the BouncyCastle SM2 engine).
/// </summary>
public sealed class ConcurrentStartTests : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly PostgresDatabase _database;
    private ServerProcess? _pki;
    private ServerProcess[] _nodes = [];

    public ConcurrentStartTests(PostgresDatabase database) => _database = database;

    public async Task InitializeAsync()
    {
        // A first node (own SQLite store) only creates the PKI folder both nodes share.
        _pki = ServerProcess.Node(null, "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information");
        await _pki.InitializeAsync();
        string[] settings =
        [
            "--Trust:Store=postgres:" + _database.ConnectionString,
            "--Logging:LogLevel:Default=Warning",
            "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        ];
        // The two also differ in the benchmark switches, so both are shown to start and answer right:
        // no signature cache with the BouncyCastle SM2 engine, and the default cache and engine.
        _nodes =
        [
            ServerProcess.Node(_pki.PkiDirectory, [.. settings, "--Trust:Cache:Enabled=false", "--Trust:Sm2Engine=BouncyCastle"]),
            ServerProcess.Node(_pki.PkiDirectory, settings),
        ];
        await Task.WhenAll(_nodes.Select(n => n.InitializeAsync()));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        if (_pki is not null)
        {
            await _pki.DisposeAsync();
        }
    }

    [Fact]
    public async Task Both_nodes_serve_one_new_database()
    {
        var department = _nodes[0].Departments[0];
        foreach (var (issuing, verifying) in new[] { (_nodes[0], _nodes[1]), (_nodes[1], _nodes[0]) })
        {
            var issued = await new LicenceService.LicenceServiceClient(issuing.ChannelFor(TrustRoles.Issuer, department)).IssueAsync(TestLicences.Example(department));
            var seen = await new LicenceService.LicenceServiceClient(verifying.ChannelFor(TrustRoles.Verifier)).VerifyAsync(new VerifyLicenceRequest { Licence = issued.Licence });
            Assert.Equal(Verdict.Valid, seen.Result.Verdict);
            await new LicenceService.LicenceServiceClient(issuing.ChannelFor(TrustRoles.Issuer, department)).RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = issued.LicenceId, Reason = "test" });

            // No Redis here: the other node sees the revocation through the status bound (1 s) alone.
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while ((await new LicenceService.LicenceServiceClient(verifying.ChannelFor(TrustRoles.Verifier)).VerifyAsync(new VerifyLicenceRequest { Licence = issued.Licence })).Result.Verdict != Verdict.Revoked)
            {
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the other node still says valid long after the bound");
                await Task.Delay(20);
            }

            var tampered = issued.Licence.ToByteArray();
            tampered[^3] ^= 0x40;
            foreach (var node in _nodes)
            {
                var verifier = new LicenceService.LicenceServiceClient(node.ChannelFor(TrustRoles.Verifier));
                Assert.Equal(Verdict.Invalid, (await verifier.VerifyAsync(new VerifyLicenceRequest { Licence = Google.Protobuf.ByteString.CopyFrom(tampered) })).Result.Verdict);
            }
        }
    }
}
