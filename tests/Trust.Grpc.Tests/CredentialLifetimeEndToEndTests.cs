using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests;

/// <summary>A server that re-reads its CRL file every second and allows no clock skew on tokens (so expiry tests stay short).</summary>
public sealed class CredentialLifetimeServer : ServerProcess
{
    public CredentialLifetimeServer()
        : base(["--Trust:Auth:CrlRefreshSeconds=1", "--Trust:Auth:ClockSkewSeconds=0"], new Dictionary<string, string>())
    {
    }

    /// <summary>Writes the RSA issuing CA's CRL (revoking <paramref name="serials"/>) and rebuilds <c>crl/all.pem</c>; <paramref name="corrupt"/> breaks the new CRL's signature.</summary>
    public void PublishRsaIssuingCrl(long number, bool corrupt, params byte[][] serials) => PublishRsaIssuingCrl(number, corrupt, DateTimeOffset.UtcNow.AddSeconds(-1), serials);

    /// <summary>As above with the CRL's thisUpdate.</summary>
    public void PublishRsaIssuingCrl(long number, bool corrupt, DateTimeOffset thisUpdate, params byte[][] serials)
    {
        var manifest = DevelopmentPkiManifest.Load(PkiDirectory);
        var authority = manifest.FindAuthority("rsa-issuing")!;
        using var caKey = PrivateKeyPem.LoadFile(Path.Combine(PkiDirectory, authority.Key), DevelopmentPki.ResolvePassphrase(), out _);
        var caCert = CertificatePem.LoadFile(Path.Combine(PkiDirectory, authority.Certificate))[0];
        var builder = new CrlBuilder { CrlNumber = number, ThisUpdate = thisUpdate, NextUpdate = DateTimeOffset.UtcNow.AddDays(1) };
        foreach (var serial in serials)
        {
            builder.AddRevoked(serial, DateTimeOffset.UtcNow.AddSeconds(-1));
        }

        var crl = builder.Sign(caCert, caKey);
        if (corrupt)
        {
            crl[^1] ^= 0x5A; // the last byte of the signature value
        }

        var others = manifest.Authorities.Where(a => a.Id != authority.Id).Select(a => File.ReadAllText(Path.Combine(PkiDirectory, a.Crl)));
        var text = string.Concat(others) + CertificatePem.ExportCrl(crl);

        // Write next to it and rename, as a CRL publisher should (readers never see half a file).
        var path = Path.Combine(PkiDirectory, "crl", "all.pem");
        File.WriteAllText(path + ".new", text);
        File.Move(path + ".new", path, overwrite: true);
    }
}

/// <summary>
/// Credentials that change while the server runs: a client certificate revoked in a CRL published after the
/// start is refused on its next call (a broken CRL file changes nothing); streams end UNAUTHENTICATED when the
/// token or client certificate that opened them expires.
/// </summary>
public sealed class CredentialLifetimeEndToEndTests : IClassFixture<CredentialLifetimeServer>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly CredentialLifetimeServer _server;

    public CredentialLifetimeEndToEndTests(CredentialLifetimeServer server) => _server = server;

    private static Task<GetLicenceResponse> GetAsync(GrpcChannel channel) =>
        new LicenceService.LicenceServiceClient(channel).GetAsync(new GetLicenceRequest { LicenceId = "no-such-licence" }, deadline: DateTime.UtcNow.AddSeconds(20)).ResponseAsync;

    /// <summary>NOT_FOUND means the call got past authentication.</summary>
    private static async Task AssertAcceptedAsync(GrpcChannel channel)
    {
        var ex = await Assert.ThrowsAsync<RpcException>(() => GetAsync(channel));
        Assert.True(ex.StatusCode == StatusCode.NotFound, ex.Status.ToString());
    }

    private Task WaitForOutputAsync(string text) => _server.WaitForOutputAsync(text, Patience);

    [Fact]
    public async Task Client_certificate_revoked_in_a_crl_published_after_start_is_refused_on_the_next_call()
    {
        using var victim = _server.IssueClientCertificate("crl-victim", [TrustRoles.Verifier]);
        using var bystander = _server.IssueClientCertificate("crl-bystander", [TrustRoles.Verifier]);
        var serial = victim.SerialNumberBytes.ToArray();
        var serialHex = Convert.ToHexString(serial).TrimStart('0');
        using var channel = _server.TlsChannel(victim);
        using var bystanderChannel = _server.TlsChannel(bystander);
        await AssertAcceptedAsync(channel);
        await AssertAcceptedAsync(bystanderChannel);

        // A CRL whose signature does not verify replaces nothing: the error is logged, health degrades, the certificate still works.
        _server.PublishRsaIssuingCrl(2, corrupt: true, serial);
        await WaitForOutputAsync("was not loaded, the previous CRLs stay in force");
        Assert.Contains("crl.signature", _server.Output, StringComparison.Ordinal);
        await AssertAcceptedAsync(channel);
        Assert.StartsWith("degraded: ", await _server.HealthzAsync(), StringComparison.Ordinal);
        Assert.Contains("crl: the CRL file was not loaded", await _server.HealthzAsync(), StringComparison.Ordinal);

        // The good CRL: picked up without a restart; the next call on the same connection is refused.
        _server.PublishRsaIssuingCrl(3, corrupt: false, serial);
        var deadline = DateTime.UtcNow + Patience;
        RpcException refused;
        while (true)
        {
            var ex = await Assert.ThrowsAsync<RpcException>(() => GetAsync(channel));
            if (ex.StatusCode != StatusCode.NotFound)
            {
                refused = ex;
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the revocation was never applied:\n" + _server.Output);
            await Task.Delay(200);
        }

        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("the client certificate is not acceptable (Revoked: chain.revoked:" + serialHex, refused.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("CRLs reloaded from", _server.Output, StringComparison.Ordinal);
        // The console logger writes on its own thread: the line may reach the captured output just after the reply.
        await WaitForOutputAsync("refused UNAUTHENTICATED for anonymous: the client certificate is not acceptable (Revoked: chain.revoked:" + serialHex);

        // A new connection is refused too; the same CA's other certificates still work, and health is back to ok.
        using (var fresh = _server.TlsChannel(victim))
        {
            Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => GetAsync(fresh))).StatusCode);
        }

        await AssertAcceptedAsync(bystanderChannel);
        Assert.Equal("ok", await _server.HealthzAsync());

        // Going back to an older CRL (a restored backup that does not list the certificate) is refused: it stays revoked.
        _server.PublishRsaIssuingCrl(4, corrupt: false, DateTimeOffset.UtcNow.AddDays(-1));
        await WaitForOutputAsync("is older (thisUpdate) than the one in force");
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => GetAsync(channel))).StatusCode);
    }

    [Fact]
    public async Task VerifyStream_opened_with_a_token_ends_unauthenticated_when_the_token_expires()
    {
        var request = new DevelopmentTokenRequest { Subject = "stream-expiry", Lifetime = TimeSpan.FromSeconds(4) };
        request.Roles.Add(TrustRoles.Verifier);
        var token = _server.MintToken(request);
        var expires = DateTimeOffset.UtcNow + request.Lifetime;
        using var channel = _server.ChannelWithToken(token);

        var (answered, refusal) = await StreamUntilRefusedAsync(channel);

        Assert.True(answered > 0, "the stream answered nothing before the expiry");
        Assert.Equal(StatusCode.Unauthenticated, refusal.StatusCode);
        Assert.Contains("the bearer token expired at", refusal.Status.Detail, StringComparison.Ordinal);
        Assert.True(DateTimeOffset.UtcNow >= expires.AddSeconds(-1), "the stream ended before the token expired");
        await WaitForOutputAsync("stream of stream-expiry ended UNAUTHENTICATED: the bearer token expired");

        // The expired token cannot open a new stream either.
        var reopened = await StreamUntilRefusedAsync(channel);
        Assert.Equal(0, reopened.Answered);
        Assert.Equal(StatusCode.Unauthenticated, reopened.Refusal.StatusCode);
    }

    [Fact]
    public async Task VerifyStream_opened_with_a_client_certificate_ends_unauthenticated_when_the_certificate_expires()
    {
        var stem = Path.Combine(_server.Directory, "clients", "short-lived");
        var certPath = DevelopmentClientCertificates.Issue(_server.PkiDirectory, stem, "short-lived", [TrustRoles.Verifier], [], TimeSpan.FromSeconds(5));
        using var cert = X509Certificate2.CreateFromEncryptedPemFile(certPath, DevelopmentPki.ResolvePassphrase(), stem + ".key.pem");
        using var channel = _server.TlsChannel(cert);

        var (answered, refusal) = await StreamUntilRefusedAsync(channel);

        Assert.True(answered > 0, "the stream answered nothing before the expiry");
        Assert.Equal(StatusCode.Unauthenticated, refusal.StatusCode);
        Assert.Contains("the client certificate expired at", refusal.Status.Detail, StringComparison.Ordinal);
        await WaitForOutputAsync("stream of short-lived ended UNAUTHENTICATED: the client certificate expired");
    }

    [Fact]
    public async Task VerifyStream_opened_with_a_client_certificate_ends_unauthenticated_when_a_new_crl_revokes_it()
    {
        using var cert = _server.IssueClientCertificate("revoked-mid-stream", [TrustRoles.Verifier]);
        using var channel = _server.TlsChannel(cert);
        var serialHex = Convert.ToHexString(cert.SerialNumberBytes.ToArray()).TrimStart('0');
        var published = false;

        var (answered, refusal) = await StreamUntilRefusedAsync(channel, onAnswer: count =>
        {
            if (count == 2 && !published)
            {
                _server.PublishRsaIssuingCrl(10, corrupt: false, cert.SerialNumberBytes.ToArray());
                published = true;
            }
        });

        Assert.True(answered >= 2, "the stream answered nothing before the revocation");
        Assert.Equal(StatusCode.Unauthenticated, refusal.StatusCode);
        Assert.Contains("the client certificate is no longer acceptable (Revoked: chain.revoked:" + serialHex, refusal.Status.Detail, StringComparison.Ordinal);
        await WaitForOutputAsync("stream of revoked-mid-stream ended UNAUTHENTICATED: the client certificate is no longer acceptable (Revoked");
    }

    /// <summary>Sends a request every 200 ms on one VerifyStream and reads each answer, until the server ends the stream with an error.</summary>
    private static async Task<(int Answered, RpcException Refusal)> StreamUntilRefusedAsync(GrpcChannel channel, Action<int>? onAnswer = null)
    {
        using var call = new LicenceService.LicenceServiceClient(channel).VerifyStream(deadline: DateTime.UtcNow + Patience + Patience);
        var deadline = DateTime.UtcNow + Patience;
        var answered = 0;
        while (true)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the stream was not ended ({answered} answers)");
            try
            {
                await call.RequestStream.WriteAsync(new VerifyStreamRequest { CorrelationId = "r" + answered, Licence = ByteString.CopyFrom([0x30, 0x00]) });
            }
            catch (Exception ex) when (ex is RpcException or InvalidOperationException or IOException)
            {
                // The server ended the call: its status comes with the response stream.
            }

            try
            {
                Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None), "the server completed the stream without an error");
                Assert.Equal("r" + answered, call.ResponseStream.Current.CorrelationId);
                answered++;
                onAnswer?.Invoke(answered);
            }
            catch (RpcException ex)
            {
                return (answered, ex);
            }

            await Task.Delay(200);
        }
    }
}
