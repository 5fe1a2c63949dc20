using Grpc.Core;
using Microsoft.Data.Sqlite;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests;

/// <summary>
/// Issuing stores the record and its audit entry in one transaction: a server whose audit insert fails (a trigger
/// installed in its SQLite store while it runs) refuses the call and leaves no licence or grant behind. The same
/// holds for the use of a single-use grant and its <c>grant.check</c> entry.
/// </summary>
public sealed class AtomicIssueEndToEndTests(ServerProcess server) : IClassFixture<ServerProcess>
{
    [Fact]
    public async Task Licence_whose_audit_insert_fails_is_not_stored()
    {
        var failing = server.Departments[1];
        var issuer = new LicenceService.LicenceServiceClient(server.ChannelFor(TrustRoles.Issuer, server.Departments[0], failing));

        // Other tests of this class issue for the same department: count from here.
        var before = await server.CountAsync("SELECT count(*) FROM licences WHERE issuer_department = @d", ("@d", failing));
        await using (await FailAuditInsertsAsync("licence.issue", "grpc:" + failing))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => issuer.IssueAsync(TestLicences.Example(failing)).ResponseAsync);
            Assert.Equal(StatusCode.Internal, refused.StatusCode);
            Assert.Equal(before, await server.CountAsync("SELECT count(*) FROM licences WHERE issuer_department = @d", ("@d", failing)));

            // The same server still issues for a department whose audit entries go through.
            var issued = await issuer.IssueAsync(TestLicences.Example(server.Departments[0]));
            Assert.Equal(1, await server.CountAsync("SELECT count(*) FROM licences WHERE id = @id", ("@id", issued.LicenceId)));
            Assert.Equal(1, await server.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'licence.issue' AND subject = @id", ("@id", issued.LicenceId)));
        }

        var after = await issuer.IssueAsync(TestLicences.Example(failing));
        Assert.Equal(before + 1, await server.CountAsync("SELECT count(*) FROM licences WHERE issuer_department = @d", ("@d", failing)));
        Assert.Equal(1, await server.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'licence.issue' AND subject = @id", ("@id", after.LicenceId)));
    }

    [Fact]
    public async Task Grant_whose_audit_insert_fails_is_not_stored()
    {
        using var kit = new GrantTestKit(server);
        var before = await server.CountAsync("SELECT count(*) FROM grants");
        await using (await FailAuditInsertsAsync("grant.issue", "grpc"))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => kit.CreateGrantAsync(GrantTestKit.NewHolderId()));
            Assert.Equal(StatusCode.Internal, refused.StatusCode);
            Assert.Equal(before, await server.CountAsync("SELECT count(*) FROM grants"));
        }

        var grant = await kit.CreateGrantAsync(GrantTestKit.NewHolderId());
        Assert.Equal(1, await server.CountAsync("SELECT count(*) FROM grants WHERE id = @id", ("@id", grant.GrantId)));
        Assert.Equal(1, await server.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'grant.issue' AND subject = @id", ("@id", grant.GrantId)));
    }

    [Fact]
    public async Task Grant_revocation_whose_audit_insert_fails_leaves_the_grant_usable()
    {
        using var kit = new GrantTestKit(server);
        var grant = await kit.CreateGrantAsync(GrantTestKit.NewHolderId());
        var revoke = new RevokeGrantRequest { GrantId = grant.GrantId, Reason = "withdrawn" };
        await using (await FailAuditInsertsAsync("grant.revoke", "grpc"))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => kit.Grants.RevokeGrantAsync(revoke).ResponseAsync);
            Assert.Equal(StatusCode.Internal, refused.StatusCode);
            Assert.Equal(0, await server.CountAsync("SELECT count(*) FROM grant_revocations WHERE grant_id = @id", ("@id", grant.GrantId)));
        }

        Assert.True((await kit.Grants.RevokeGrantAsync(revoke)).Revoked);
        Assert.Equal(1, await server.CountAsync("SELECT count(*) FROM grant_revocations WHERE grant_id = @id", ("@id", grant.GrantId)));
        Assert.Equal(1, await server.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'grant.revoke' AND subject = @id", ("@id", grant.GrantId)));
    }

    [Fact]
    public async Task Single_use_grant_whose_check_audit_fails_stays_unused()
    {
        using var kit = new GrantTestKit(server);
        var holder = GrantTestKit.NewHolderId();
        await kit.IssueLicenceAsync(holder);
        var clerk = "clerk-" + Guid.NewGuid().ToString("N")[..12];
        var grant = await kit.CreateGrantAsync(holder, clerk: clerk, singleUse: true);
        const string Uses = "SELECT count(*) FROM grant_uses WHERE grant_id = @id";
        const string Checks = "SELECT count(*) FROM audit_log WHERE action = 'grant.check' AND subject = @id";
        await using (await FailAuditInsertsAsync("grant.check", clerk))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => kit.Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant, clerk)).ResponseAsync);
            Assert.Equal(StatusCode.Internal, refused.StatusCode);
            Assert.Equal(0, await server.CountAsync(Uses, ("@id", grant.GrantId)));
            Assert.Equal(0, await server.CountAsync(Checks, ("@id", grant.GrantId)));
        }

        var first = await kit.Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant, clerk));
        Assert.True(first.Allowed);
        Assert.Contains(first.Licences, l => l.Found);
        var second = await kit.Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant, clerk));
        Assert.Equal(["grant.already_used"], second.Reasons);
        Assert.Equal(1, await server.CountAsync(Uses, ("@id", grant.GrantId)));
        Assert.Equal(2, await server.CountAsync(Checks, ("@id", grant.GrantId)));
    }

    /// <summary>Makes the server's audit inserts of <paramref name="action"/> by <paramref name="actor"/> fail until disposed.</summary>
    private async Task<IAsyncDisposable> FailAuditInsertsAsync(string action, string actor)
    {
        var name = "fail_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(
            $"CREATE TRIGGER {name} BEFORE INSERT ON audit_log WHEN NEW.action = '{action}' AND NEW.actor = '{actor}' " +
            "BEGIN SELECT RAISE(ABORT, 'injected audit failure'); END");
        return new Undo(() => ExecuteAsync($"DROP TRIGGER {name}"));
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={server.StorePath};Pooling=False;Default Timeout=30");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private sealed class Undo(Func<Task> undo) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await undo();
    }
}
