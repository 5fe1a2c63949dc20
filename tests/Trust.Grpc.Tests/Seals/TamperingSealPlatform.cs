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
/// An in-test seal platform that forwards every call to a real platform but flips one bit of each signature it returns
/// (a platform that is wrong or malicious), to show the client refuses its signature and writes nothing.
/// </summary>
internal sealed class TamperingSealPlatform : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TamperingSealPlatform(WebApplication app) => _app = app;

    public Uri Address { get; private set; } = null!;

    public static async Task<TamperingSealPlatform> StartAsync(SealPlatformService.SealPlatformServiceClient upstream)
    {
        var builder = WebApplication.CreateSlimBuilder();

        // Not the server's appsettings.json from the test folder: its named Kestrel endpoints (5080, 5081) would be bound too.
        builder.Configuration.Sources.Clear();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(upstream);
        var app = builder.Build();
        app.MapGrpcService<Forwarder>();
        await app.StartAsync();
        var platform = new TamperingSealPlatform(app);
        platform.Address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return platform;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class Forwarder(SealPlatformService.SealPlatformServiceClient upstream) : SealPlatformService.SealPlatformServiceBase
    {
        public override async Task<ListPlatformSealsResponse> ListPlatformSeals(ListPlatformSealsRequest request, ServerCallContext context) =>
            await upstream.ListPlatformSealsAsync(request);

        public override async Task<PlatformSeal> GetPlatformSeal(GetPlatformSealRequest request, ServerCallContext context) =>
            await upstream.GetPlatformSealAsync(request);

        public override async Task<AuthorizeSigningResponse> AuthorizeSigning(AuthorizeSigningRequest request, ServerCallContext context) =>
            await upstream.AuthorizeSigningAsync(request);

        public override async Task<SignDigestsResponse> SignDigests(SignDigestsRequest request, ServerCallContext context)
        {
            var response = await upstream.SignDigestsAsync(request);
            var tampered = new SignDigestsResponse();
            foreach (var signature in response.Signatures)
            {
                var bytes = signature.ToByteArray();
                bytes[^1] ^= 0x01;
                tampered.Signatures.Add(ByteString.CopyFrom(bytes));
            }

            return tampered;
        }
    }
}
