using Grpc.Core;
using Grpc.Health.V1;
using Trust.Grpc.Security;
using Trust.Grpc.Tests.Seals;

namespace Trust.Grpc.Tests.Limits;

/// <summary>
/// Request messages that are not protocol buffers, sent as raw bytes through the real HTTP/2 gRPC framing
/// (a byte[] marshaller), get INVALID_ARGUMENT on unary and streaming methods, and the server stays up.
/// </summary>
public sealed class MalformedMessageTests : IClassFixture<SealServerProcess>
{
    private static readonly Marshaller<byte[]> Raw = new(bytes => bytes, bytes => bytes);

    private readonly SealServerProcess _server;

    public MalformedMessageTests(SealServerProcess server) => _server = server;

    public static TheoryData<string> Garbage => new()
    {
        "0aff",                          // field 1, length-delimited, length varint cut short
        "0a05616263",                    // field 1 claims 5 bytes, 3 follow
        "ffffffffffffffffffffff01",      // a tag varint longer than 10 bytes
        "0f",                            // wire type 7 does not exist
    };

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Unary_calls_with_garbage_get_invalid_argument(string hex)
    {
        // An admin passes every policy, so the request reaches the message parsing.
        var invoker = _server.ChannelFor(TrustRoles.Admin).CreateCallInvoker();
        foreach (var (service, method) in new[] { ("trust.v1.SealService", "ListSeals"), ("trust.v1.LicenceService", "Verify"), ("trust.v1.StatusService", "GetStatusList") })
        {
            var call = invoker.AsyncUnaryCall(Method(MethodType.Unary, service, method), null, new CallOptions(), Convert.FromHexString(hex));
            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{service}/{method}: {error.Status}");
            Assert.StartsWith("request:", error.Status.Detail, StringComparison.Ordinal);
        }

        await AssertServingAsync();
    }

    [Theory]
    [MemberData(nameof(Garbage))]
    public async Task Streaming_calls_with_garbage_get_invalid_argument(string hex)
    {
        // An admin passes every policy, so the request reaches the message parsing.
        var invoker = _server.ChannelFor(TrustRoles.Admin).CreateCallInvoker();
        using (var verify = invoker.AsyncClientStreamingCall(Method(MethodType.ClientStreaming, "trust.v1.SealService", "VerifyPdf"), null, new CallOptions()))
        {
            await verify.RequestStream.WriteAsync(Convert.FromHexString(hex));
            await verify.RequestStream.CompleteAsync();
            var error = await Assert.ThrowsAsync<RpcException>(() => verify.ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        }

        foreach (var (service, method) in new[] { ("trust.v1.SealService", "SealPdf"), ("trust.v1.LicenceService", "VerifyStream") })
        {
            using var duplex = invoker.AsyncDuplexStreamingCall(Method(MethodType.DuplexStreaming, service, method), null, new CallOptions());
            await duplex.RequestStream.WriteAsync(Convert.FromHexString(hex));
            await duplex.RequestStream.CompleteAsync();
            var error = await Assert.ThrowsAsync<RpcException>(() => duplex.ResponseStream.MoveNext(CancellationToken.None));
            Assert.True(error.StatusCode == StatusCode.InvalidArgument, $"{service}/{method}: {error.Status}");
        }

        await AssertServingAsync();
    }

    private async Task AssertServingAsync()
    {
        Assert.True(_server.IsRunning);
        var health = await new Health.HealthClient(_server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    private static Method<byte[], byte[]> Method(MethodType type, string service, string name) => new(type, service, name, Raw, Raw);
}
