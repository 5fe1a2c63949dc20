using Grpc.Core;
using Trust.Grpc.Security;
using Trust.Grpc.Tests.Seals;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Limits;

/// <summary>A client may keep only <see cref="StreamLimitedServerProcess.MaxStreams"/> streaming calls open at once; unary calls are not counted.</summary>
public sealed class StreamLimitTests : IClassFixture<StreamLimitedServerProcess>
{
    private readonly StreamLimitedServerProcess _server;

    public StreamLimitTests(StreamLimitedServerProcess server) => _server = server;

    [Fact]
    public async Task Streaming_calls_over_the_clients_concurrent_limit_get_resource_exhausted_and_a_closed_one_frees_its_place()
    {
        var seals = new SealService.SealServiceClient(_server.ChannelFor(TrustRoles.Verifier));
        var open = new List<AsyncClientStreamingCall<VerifyPdfRequest, VerifyPdfResponse>>();
        try
        {
            for (var i = 0; i < StreamLimitedServerProcess.MaxStreams; i++)
            {
                var call = seals.VerifyPdf();
                open.Add(call);
                await call.RequestStream.WriteAsync(new VerifyPdfRequest { Header = new VerifyPdfHeader() });
            }

            // Unary calls still pass while the streams are open.
            Assert.NotEmpty((await seals.ListSealsAsync(new ListSealsRequest())).Seals);

            // Wait until the server holds both streams (the header has reached it), then open one more.
            RpcException? refused = null;
            for (var attempt = 0; attempt < 100 && refused is null; attempt++)
            {
                using var extra = seals.VerifyPdf();
                try
                {
                    await extra.RequestStream.WriteAsync(new VerifyPdfRequest { Header = new VerifyPdfHeader() });
                    await extra.RequestStream.CompleteAsync();
                }
                catch (Exception ex) when (ex is RpcException or InvalidOperationException)
                {
                }

                try
                {
                    await extra.ResponseAsync;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.ResourceExhausted)
                {
                    refused = ex;
                }
                catch (RpcException ex) when (ex.StatusCode == StatusCode.InvalidArgument)
                {
                    // It got through (no chunk: "chunk: no PDF bytes received"): the others were not open yet.
                    await Task.Delay(50);
                }
            }

            Assert.NotNull(refused);
            Assert.Contains("concurrent stream limit exceeded", refused.Status.Detail, StringComparison.Ordinal);

            // Finishing one stream frees its place.
            await open[0].RequestStream.CompleteAsync();
            var first = await Assert.ThrowsAsync<RpcException>(() => open[0].ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, first.StatusCode);
            using var after = seals.VerifyPdf();
            await after.RequestStream.WriteAsync(new VerifyPdfRequest { Header = new VerifyPdfHeader() });
            await after.RequestStream.CompleteAsync();
            var accepted = await Assert.ThrowsAsync<RpcException>(() => after.ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, accepted.StatusCode); // reached the service: not refused by the limit
        }
        finally
        {
            foreach (var call in open)
            {
                call.Dispose();
            }
        }
    }
}
