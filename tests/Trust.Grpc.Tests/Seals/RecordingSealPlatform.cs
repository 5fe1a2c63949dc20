using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Seals;

/// <summary>
/// An in-test hop in front of a real seal platform: forwards every call (with the caller's authorization header) and
/// keeps each request as it crossed the wire (method and serialized bytes), so a test can show what the platform was
/// sent. With <see cref="Hang"/> set it accepts calls and never answers (a platform that hangs).
/// </summary>
public sealed class RecordingSealPlatform : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Recorder _recorder;

    private RecordingSealPlatform(WebApplication app, Recorder recorder)
    {
        _app = app;
        _recorder = recorder;
    }

    public Uri Address { get; private set; } = null!;

    /// <summary>Every request forwarded so far: method name and its serialized bytes.</summary>
    public IReadOnlyList<(string Method, byte[] Bytes)> Requests => [.. _recorder.Requests];

    /// <summary>When true, calls are accepted and never answered (until the caller gives up).</summary>
    public bool Hang
    {
        get => _recorder.Hang;
        set => _recorder.Hang = value;
    }

    public static async Task<RecordingSealPlatform> StartAsync(SealPlatformService.SealPlatformServiceClient upstream)
    {
        var recorder = new Recorder();
        var builder = WebApplication.CreateSlimBuilder();

        // Not the server's appsettings.json from the test folder: its named Kestrel endpoints (5080, 5081) would be bound too.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(upstream);
        builder.Services.AddSingleton(recorder);
        var app = builder.Build();
        app.MapGrpcService<Forwarder>();
        await app.StartAsync();
        var platform = new RecordingSealPlatform(app, recorder);
        platform.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return platform;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Recorder
    {
        public ConcurrentQueue<(string Method, byte[] Bytes)> Requests { get; } = new();

        public volatile bool Hang;
    }

    private sealed class Forwarder(SealPlatformService.SealPlatformServiceClient upstream, Recorder recorder) : SealPlatformService.SealPlatformServiceBase
    {
        public override Task<ListPlatformSealsResponse> ListPlatformSeals(ListPlatformSealsRequest request, ServerCallContext context) =>
            Forward(nameof(ListPlatformSeals), request, context, (r, h) => upstream.ListPlatformSealsAsync(r, h).ResponseAsync);

        public override Task<PlatformSeal> GetPlatformSeal(GetPlatformSealRequest request, ServerCallContext context) =>
            Forward(nameof(GetPlatformSeal), request, context, (r, h) => upstream.GetPlatformSealAsync(r, h).ResponseAsync);

        public override Task<AuthorizeSigningResponse> AuthorizeSigning(AuthorizeSigningRequest request, ServerCallContext context) =>
            Forward(nameof(AuthorizeSigning), request, context, (r, h) => upstream.AuthorizeSigningAsync(r, h).ResponseAsync);

        public override Task<SignDigestsResponse> SignDigests(SignDigestsRequest request, ServerCallContext context) =>
            Forward(nameof(SignDigests), request, context, (r, h) => upstream.SignDigestsAsync(r, h).ResponseAsync);

        private async Task<TResponse> Forward<TRequest, TResponse>(string method, TRequest request, ServerCallContext context, Func<TRequest, Metadata, Task<TResponse>> call)
            where TRequest : IMessage
        {
            recorder.Requests.Enqueue((method, request.ToByteArray()));
            if (recorder.Hang)
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }

            var headers = new Metadata();
            if (context.RequestHeaders.GetValue("authorization") is { } authorization)
            {
                headers.Add("authorization", authorization);
            }

            return await call(request, headers);
        }
    }
}
