using System.Net;
using Grpc.Core;
using Trust.Grpc.Tests.Seals;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Limits;

/// <summary>Per-client rate limit: a burst of <see cref="RateLimitedServerProcess.Burst"/> calls, then RESOURCE_EXHAUSTED (gRPC) or 429 (JSON).</summary>
public sealed class RateLimitTests : IClassFixture<RateLimitedServerProcess>
{
    private readonly RateLimitedServerProcess _server;

    public RateLimitTests(RateLimitedServerProcess server) => _server = server;

    [Fact]
    public async Task Calls_over_the_clients_rate_limit_get_resource_exhausted_with_a_clear_message()
    {
        var seals = new SealService.SealServiceClient(_server.Channel);
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

        // The JSON gateway shares the client's bucket and answers 429.
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{_server.WebPort}/v1/seals"));
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(_server.IsRunning);
    }
}
