using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using Trust.Core.Cose;
using Trust.Core.Encoding;
using Trust.Core.Keys;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests;

/// <summary>
/// Licences written by an attacker, sent to a running server over gRPC and the JSON API: a licence signed by a key
/// that chains to the PKI but is not a licence issuer's is never valid, and input nested deeper than any reader allows
/// gets an answer (a verdict or INVALID_ARGUMENT) while the node stays SERVING.
/// </summary>
public sealed class HostileLicenceEndToEndTests : IClassFixture<ServerProcess>
{
    private const int Depth = 100_000;
    private readonly ServerProcess _server;
    private readonly LicenceService.LicenceServiceClient _licences;

    public HostileLicenceEndToEndTests(ServerProcess server)
    {
        _server = server;
        _licences = new LicenceService.LicenceServiceClient(server.ChannelFor(TrustRoles.Issuer, server.Departments[0]));
    }

    [Theory]
    [InlineData("tls-client")]
    [InlineData("tls-server")]
    [InlineData("grant-signing")]
    [InlineData("seal-maker-sm2")]
    public async Task Licence_signed_by_a_key_that_is_not_a_licence_issuers_is_invalid_over_grpc_and_json(string keyId)
    {
        var forged = await ForgeAsync(keyId);

        var reply = await _licences.VerifyAsync(new VerifyLicenceRequest { Licence = ByteString.CopyFrom(forged) });
        Assert.Equal("invalid", reply.Result.VerdictText);
        Assert.Contains("signer.role_missing:licence_issuer", reply.Result.Reasons);

        var batch = await _licences.VerifyBatchAsync(new VerifyBatchRequest { Licences = { ByteString.CopyFrom(forged) } });
        Assert.Equal("invalid", batch.Items[0].Result.VerdictText);

        using var http = JsonClient();
        using var post = await http.PostAsJsonAsync(new Uri("/v1/licences:verify", UriKind.Relative), new { licence = Convert.ToBase64String(forged) });
        var body = await post.Content.ReadAsStringAsync();
        Assert.True(post.StatusCode == HttpStatusCode.OK, body);
        var result = JsonDocument.Parse(body).RootElement.GetProperty("result");
        Assert.Equal("invalid", result.GetProperty("verdictText").GetString());
        Assert.Contains("signer.role_missing:licence_issuer", result.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Licence_nested_a_hundred_thousand_deep_gets_an_answer_and_the_node_keeps_serving()
    {
        var nested = new byte[Depth + 2];
        nested[0] = 0xD2; // tag 18 (COSE_Sign1)
        Array.Fill(nested, (byte)0xC6, 1, Depth); // tag 6, again and again
        nested[^1] = 0x00;

        await AssertAnsweredAsync(() => _licences.VerifyAsync(new VerifyLicenceRequest { Licence = ByteString.CopyFrom(nested) }).ResponseAsync);
        await AssertAnsweredAsync(() => _licences.VerifyAsync(new VerifyLicenceRequest { QrText = QrText.Encode(SignedLicence.QrPrefix, nested) }).ResponseAsync);

        var arrays = new byte[Depth + 1];
        Array.Fill(arrays, (byte)0x81, 0, Depth); // array of one, nested
        await AssertAnsweredAsync(() => _licences.VerifyAsync(new VerifyLicenceRequest { Licence = ByteString.CopyFrom(arrays) }).ResponseAsync);

        var health = await new Health.HealthClient(_server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.True(_server.IsRunning);
    }

    private static async Task AssertAnsweredAsync(Func<Task<VerifyLicenceResponse>> call)
    {
        try
        {
            var reply = await call();
            Assert.NotEqual("valid", reply.Result.VerdictText);
        }
        catch (RpcException ex)
        {
            Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        }
    }

    private async Task<byte[]> ForgeAsync(string keyId)
    {
        var issued = await _licences.IssueAsync(TestLicences.Example(_server.Departments[0]));
        var genuine = SignedLicence.Decode(issued.Licence.ToByteArray());
        var manifest = DevelopmentPkiManifest.Load(_server.PkiDirectory);
        var entry = manifest.FindKey(keyId)!;
        using var key = PrivateKeyPem.LoadFile(Path.Combine(_server.PkiDirectory, entry.Key), DevelopmentPki.ResolvePassphrase(), out _);
        var leaf = CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, entry.Certificate))[0];
        var ca = CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, manifest.FindAuthority(entry.Issuer)!.Certificate))[0];
        return CoseSign1.Sign(key, key.DefaultAlgorithm, genuine.Message.Payload, SignedLicence.ContentType, key.PublicKey.Thumbprint(), [leaf, ca]);
    }

    private HttpClient JsonClient()
    {
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_server.WebPort}"), DefaultRequestVersion = HttpVersion.Version11 };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _server.MintToken(TrustRoles.Verifier));
        return http;
    }
}
