using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests;

/// <summary>One server process shared by the authentication test classes (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class AuthServerCollection : ICollectionFixture<ServerProcess>
{
    public const string Name = "auth-server";
}

/// <summary>Bearer tokens and roles against a real server process: who may call what, and how refusals look.</summary>
[Collection(AuthServerCollection.Name)]
public sealed class AuthenticationEndToEndTests
{
    private readonly ServerProcess _server;

    public AuthenticationEndToEndTests(ServerProcess server) => _server = server;

    private string DepartmentA => _server.Departments[0];

    private string DepartmentB => _server.Departments[1];

    private LicenceService.LicenceServiceClient Licences(string role, params string[] departments) => new(_server.ChannelFor(role, departments));

    private LicenceService.LicenceServiceClient Anonymous => new(_server.Channel);

    private async Task<RpcException> RefusedVerifyAsync(string token)
    {
        var call = Anonymous.VerifyAsync(new VerifyLicenceRequest { Licence = Google.Protobuf.ByteString.CopyFrom([1, 2, 3]) }, ServerProcess.Bearer(token));
        return await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
    }

    private DevelopmentTokenRequest Request(string role = TrustRoles.Verifier)
    {
        var request = new DevelopmentTokenRequest { Subject = "auth-test" };
        request.Roles.Add(role);
        return request;
    }

    [Fact]
    public async Task Call_without_credentials_is_unauthenticated_with_a_clear_message()
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => Anonymous.VerifyAsync(new VerifyLicenceRequest()).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("no credentials", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_role_reaches_exactly_what_its_policy_allows()
    {
        var issued = await Licences(TrustRoles.Issuer, DepartmentA).IssueAsync(TestLicences.Example(DepartmentA));
        var verify = new VerifyLicenceRequest { Licence = issued.Licence };

        foreach (var role in new[] { TrustRoles.Verifier, TrustRoles.Issuer, TrustRoles.Admin })
        {
            Assert.Equal(Verdict.Valid, (await Licences(role).VerifyAsync(verify)).Result.Verdict);
        }

        foreach (var role in new[] { TrustRoles.Clerk, TrustRoles.Sealer })
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => Licences(role, DepartmentA).VerifyAsync(verify).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
            Assert.Contains("verifier", ex.Status.Detail, StringComparison.Ordinal);
        }

        var verifierIssues = await Assert.ThrowsAsync<RpcException>(() => Licences(TrustRoles.Verifier, DepartmentA).IssueAsync(TestLicences.Example(DepartmentA)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, verifierIssues.StatusCode);

        var byAdmin = await Licences(TrustRoles.Admin).IssueAsync(TestLicences.Example(DepartmentB));
        Assert.StartsWith(TestLicences.TypeFor(DepartmentB).Code + "-" + DepartmentB, byAdmin.LicenceId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issuer_of_one_department_cannot_issue_for_another_and_nothing_is_stored()
    {
        var before = await _server.CountAsync("SELECT count(*) FROM licences");
        var ex = await Assert.ThrowsAsync<RpcException>(() => Licences(TrustRoles.Issuer, DepartmentA).IssueAsync(TestLicences.Example(DepartmentB)).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Contains($"department {DepartmentB}", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(before, await _server.CountAsync("SELECT count(*) FROM licences"));

        // The refusal is logged with the principal and audited; the token itself is never logged.
        await _server.WaitForOutputAsync($"refused PERMISSION_DENIED for test-issuer-{DepartmentA} (Bearer)");
        Assert.DoesNotContain(_server.MintToken(TrustRoles.Issuer, DepartmentA)[..20], _server.Output, StringComparison.Ordinal);
        Assert.True(await _server.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'access.denied' AND actor = $a", ("$a", $"test-issuer-{DepartmentA}")) >= 1);
    }

    [Fact]
    public async Task Issuer_of_another_department_cannot_revoke_and_the_licence_stays_valid()
    {
        var issued = await Licences(TrustRoles.Issuer, DepartmentA).IssueAsync(TestLicences.Example(DepartmentA));
        var ex = await Assert.ThrowsAsync<RpcException>(() => Licences(TrustRoles.Issuer, DepartmentB).RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = issued.LicenceId, Reason = "x" }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal(LicenceStatus.Valid, (await Licences(TrustRoles.Verifier).GetAsync(new GetLicenceRequest { LicenceId = issued.LicenceId })).Status);

        // The issuing department (and an admin) may.
        var revoked = await Licences(TrustRoles.Issuer, DepartmentA).RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = issued.LicenceId, Reason = "test" });
        Assert.Equal(LicenceStatus.Revoked, revoked.Status);
        Assert.Equal(1, await _server.CountAsync("SELECT count(*) FROM audit_log WHERE actor = $a AND subject = $s", ("$a", $"test-issuer-{DepartmentA}"), ("$s", issued.LicenceId)));
    }

    [Fact]
    public async Task Expired_token_is_unauthenticated()
    {
        var request = Request();
        request.Now = DateTimeOffset.UtcNow.AddHours(-2);
        request.Lifetime = TimeSpan.FromHours(1);
        var ex = await RefusedVerifyAsync(_server.MintToken(request));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("expired", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_of_another_issuer_or_audience_is_unauthenticated()
    {
        var issuer = Request();
        issuer.Issuer = "https://evil.example";
        var ex = await RefusedVerifyAsync(_server.MintToken(issuer));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("issuer", ex.Status.Detail, StringComparison.Ordinal);

        var audience = Request();
        audience.Audience = "another-service";
        ex = await RefusedVerifyAsync(_server.MintToken(audience));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("audience", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_signed_by_another_key_is_unauthenticated()
    {
        using var other = EcdsaSigningKey.Generate();
        var ex = await RefusedVerifyAsync(DevelopmentTokens.Mint(other, Request(TrustRoles.Admin)));
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        Assert.Contains("signature", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("..")]
    [InlineData("eyJhbGciOiJFUzI1NiJ9..")]
    public async Task Garbage_token_is_unauthenticated(string token)
    {
        var ex = await RefusedVerifyAsync(token);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task Random_bytes_and_an_oversized_header_are_unauthenticated()
    {
        var random = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(600));
        Assert.Equal(StatusCode.Unauthenticated, (await RefusedVerifyAsync(random)).StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, (await RefusedVerifyAsync(random[..200] + "." + random[200..400] + "." + random[400..])).StatusCode);

        // A valid token whose header is padded beyond the server's 8 KiB token limit.
        var valid = _server.MintToken(TrustRoles.Admin);
        var parts = valid.Split('.');
        var header = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(parts[0]));
        var padded = header.TrimEnd('}') + ",\"x\":\"" + new string('x', 12_000) + "\"}";
        var oversized = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(padded)) + "." + parts[1] + "." + parts[2];
        Assert.Equal(StatusCode.Unauthenticated, (await RefusedVerifyAsync(oversized)).StatusCode);
    }

    [Fact]
    public async Task Unsigned_alg_none_token_is_unauthenticated()
    {
        var parts = _server.MintToken(TrustRoles.Admin).Split('.');
        var none = Base64Url.EncodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}"u8) + "." + parts[1] + ".";
        var ex = await RefusedVerifyAsync(none);
        Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
    }

    [Fact]
    public async Task Hs256_token_keyed_with_the_public_key_is_unauthenticated()
    {
        // Algorithm confusion (RFC 8725 section 2.1): HMAC keyed with the verifier's public key.
        var publicPem = await File.ReadAllTextAsync(Path.Combine(_server.PkiDirectory, DevelopmentTokens.PublicKeyPath));
        var parts = _server.MintToken(TrustRoles.Admin).Split('.');
        var header = Base64Url.EncodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"u8);
        foreach (var secret in new[] { Encoding.ASCII.GetBytes(publicPem), Convert.FromBase64String(string.Concat(publicPem.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)))) })
        {
            var input = header + "." + parts[1];
            var mac = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(input));
            var ex = await RefusedVerifyAsync(input + "." + Base64Url.EncodeToString(mac));
            Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        }
    }

    [Fact]
    public async Task Token_with_a_bad_scheme_word_or_empty_value_is_unauthenticated()
    {
        foreach (var value in new[] { "Basic dXNlcjpwYXNz", "Bearer ", "Bearer" })
        {
            var call = Anonymous.VerifyAsync(new VerifyLicenceRequest(), new Metadata { { "authorization", value } });
            var ex = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, ex.StatusCode);
        }
    }
}

/// <summary>The <c>trust token</c> command's development tokens, checked by the real server.</summary>
[Collection(AuthServerCollection.Name)]
public sealed class CliTokenEndToEndTests
{
    private readonly ServerProcess _server;

    public CliTokenEndToEndTests(ServerProcess server) => _server = server;

    private async Task<(int ExitCode, string Output)> TrustAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "trust.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Trust.Tests.Shared.ServerChildProcess.StartTied(start);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            Trust.Tests.Shared.ServerChildProcess.KillTree(process);
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task Token_printed_by_the_cli_is_accepted_by_the_server_with_its_role_and_department()
    {
        var department = _server.Departments[0];
        var (code, output) = await TrustAsync("token", "--role", "issuer", "--department", department, "--subject", "cli-issuer", "--minutes", "5", "--pki", _server.PkiDirectory);
        Assert.True(code == 0, output);
        using var channel = _server.ChannelWithToken(output.Trim());
        var licences = new LicenceService.LicenceServiceClient(channel);

        // Department scope from the token: the other department is refused, nothing needs to exist for that.
        var ex = await Assert.ThrowsAsync<RpcException>(() => licences.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = "BL-NOPE-1" }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, ex.StatusCode); // authenticated and in role: the handler ran
        var other = new IssueLicenceRequest { Department = _server.Departments[1], TypeCode = "BL", HolderId = "x", HolderName = "x" };
        ex = await Assert.ThrowsAsync<RpcException>(() => licences.IssueAsync(other).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        await _server.WaitForOutputAsync("refused PERMISSION_DENIED for cli-issuer");
    }

    [Fact]
    public async Task Json_output_names_the_claims_and_bad_input_exits_2()
    {
        var (code, output) = await TrustAsync("token", "--role", "clerk", "--subject", "clerk-0042", "--pki", _server.PkiDirectory, "--json");
        Assert.True(code == 0, output);
        using var json = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal("clerk-0042", json.RootElement.GetProperty("subject").GetString());
        Assert.Equal("clerk", json.RootElement.GetProperty("roles")[0].GetString());
        Assert.Equal(3, json.RootElement.GetProperty("token").GetString()!.Split('.').Length);

        Assert.Equal(2, (await TrustAsync("token", "--role", "root", "--subject", "x", "--pki", _server.PkiDirectory)).ExitCode);
        Assert.Equal(2, (await TrustAsync("token", "--role", "issuer", "--department", "NOPE", "--subject", "x", "--pki", _server.PkiDirectory)).ExitCode);
        Assert.Equal(2, (await TrustAsync("token", "--role", "clerk", "--subject", "x", "--minutes", "0", "--pki", _server.PkiDirectory)).ExitCode);
    }
}
