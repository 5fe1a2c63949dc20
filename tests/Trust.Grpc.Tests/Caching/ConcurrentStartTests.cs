using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Caching;

/// <summary>
/// Two nodes started at the same moment on a new PostgreSQL database both create the schema
/// (migrations serialised by an advisory lock) and serve: what one issues the other verifies.
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
        _nodes = [ServerProcess.Node(_pki.PkiDirectory, settings), ServerProcess.Node(_pki.PkiDirectory, settings)];
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
            var issued = await new LicenceService.LicenceServiceClient(issuing.ChannelFor(TrustRoles.Issuer, department)).IssueAsync(TwoNodesTests.Example(department));
            var seen = await new LicenceService.LicenceServiceClient(verifying.ChannelFor(TrustRoles.Verifier)).VerifyAsync(new VerifyLicenceRequest { Licence = issued.Licence });
            Assert.Equal(Verdict.Valid, seen.Result.Verdict);
        }
    }
}
