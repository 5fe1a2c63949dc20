using System.Net;
using Grpc.Core;
using Trust.Grpc.Security;
using Trust.Grpc.Tests.Seals;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Limits;

/// <summary>
/// Per-client rate limit: a burst of <see cref="RateLimitedServerProcess.Burst"/> calls per authenticated principal,
/// then RESOURCE_EXHAUSTED (gRPC) or 429 (JSON); another principal keeps its own bucket.
/// </summary>
public sealed class RateLimitTests : IClassFixture<RateLimitedServerProcess>
{
    private readonly RateLimitedServerProcess _server;

    public RateLimitTests(RateLimitedServerProcess server) => _server = server;

    [Fact]
    public async Task Calls_over_the_clients_rate_limit_get_resource_exhausted_with_a_clear_message()
    {
        var seals = new SealService.SealServiceClient(_server.ChannelFor(TrustRoles.Verifier));
        var ok = 0;
        var refused = new List<RpcException>();
        for (var i = 0; i < RateLimitedServerProcess.Burst * 2; i++)
        {
            try
            {
                await seals.ListSealsAsync(new ListSealsRequest());
                ok++;
            }
            catch (RpcException ex)
            {
                refused.Add(ex);
            }
        }

        Assert.InRange(ok, 0, RateLimitedServerProcess.Burst);
        Assert.NotEmpty(refused);
        Assert.All(refused, ex =>
        {
            Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
            Assert.Contains("rate limit exceeded", ex.Status.Detail, StringComparison.Ordinal);
        });

        // Another principal has its own bucket.
        var admin = new SealService.SealServiceClient(_server.ChannelFor(TrustRoles.Admin));
        await admin.ListSealsAsync(new ListSealsRequest());

        // The JSON gateway counts the same way and answers 429.
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _server.MintToken(TrustRoles.Issuer));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < RateLimitedServerProcess.Burst * 2; i++)
        {
            using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{_server.WebPort}/v1/seals"));
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.True(_server.IsRunning);
    }
}
