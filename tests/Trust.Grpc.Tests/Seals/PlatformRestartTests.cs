using Google.Protobuf;
using Grpc.Core;
using Trust.Core.Seals.Asn1;
using Trust.Core.Seals.Providers;
using Trust.Grpc.Security;
using Trust.Grpc.V1;
using Trust.Pdf;

namespace Trust.Grpc.Tests.Seals;

/// <summary>
/// Signing authorisations live in the store: a platform restarted on the same store refuses a replay of an authorisation
/// used before the restart (<c>sealing.authorization_used</c>, not merely "unknown"), and an authorisation issued before
/// the restart is still usable once after it.
/// </summary>
public sealed class PlatformRestartTests(SealServerProcess server) : IClassFixture<SealServerProcess>, IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "trust-platform-restart-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public async Task Replay_after_a_platform_restart_is_refused_and_an_open_authorisation_survives_it()
    {
        Directory.CreateDirectory(_directory);
        var store = $"--Trust:Store=sqlite:{Path.Combine(_directory, "platform.db")}";
        var seals = (await new SealService.SealServiceClient(server.ChannelFor(TrustRoles.Verifier)).ListSealsAsync(new ListSealsRequest())).Seals;
        var info = seals.First(s => s.Algorithm == "RSA-SHA256" && !s.Revoked);

        SignDigestsRequest used;
        SignDigestsRequest open;
        var first = ServerProcess.Node(server.PkiDirectory, "--Trust:PkiSeals=4", store);
        try
        {
            await first.InitializeAsync();
            var platform = new SealPlatformService.SealPlatformServiceClient(first.ChannelFor(TrustRoles.Sealer, info.Department));
            used = await AuthorizeAsync(platform, info.SealId, "before-restart.pdf");
            Assert.Single((await platform.SignDigestsAsync(used)).Signatures);
            open = await AuthorizeAsync(platform, info.SealId, "across-restart.pdf");
        }
        finally
        {
            await first.DisposeAsync();
        }

        var second = ServerProcess.Node(server.PkiDirectory, "--Trust:PkiSeals=4", store);
        try
        {
            await second.InitializeAsync();
            var platform = new SealPlatformService.SealPlatformServiceClient(second.ChannelFor(TrustRoles.Sealer, info.Department));

            var replay = await Assert.ThrowsAsync<RpcException>(() => platform.SignDigestsAsync(used).ResponseAsync);
            Assert.Equal(StatusCode.FailedPrecondition, replay.StatusCode);
            Assert.StartsWith(SealingReasons.AuthorizationUsed, replay.Status.Detail, StringComparison.Ordinal);

            Assert.Single((await platform.SignDigestsAsync(open)).Signatures);
            var again = await Assert.ThrowsAsync<RpcException>(() => platform.SignDigestsAsync(open).ResponseAsync);
            Assert.StartsWith(SealingReasons.AuthorizationUsed, again.Status.Detail, StringComparison.Ordinal);
        }
        finally
        {
            await second.DisposeAsync();
        }
    }

    /// <summary>Prepares a small PDF for the seal and authorises its digest; returns the signing request to send.</summary>
    private static async Task<SignDigestsRequest> AuthorizeAsync(SealPlatformService.SealPlatformServiceClient platform, string sealId, string description)
    {
        var seal = await platform.GetPlatformSealAsync(new GetPlatformSealRequest { SealId = sealId });
        var options = new PdfSealOptions
        {
            CertificateChain = seal.CertificateChain.Select(c => c.ToByteArray()).ToArray(),
            Seal = PdfSealData.FromSesSeal(SesSeal.Decode(seal.SesSeal.Span), seal.Department),
        };
        using var output = new MemoryStream();
        var prepared = PdfSealer.Prepare(new MemoryStream(TestPdfFiles.Create(1024), writable: false), output, options, SealSessionProtector.CreateRandom());
        var authorization = await platform.AuthorizeSigningAsync(new AuthorizeSigningRequest { SealId = sealId, Digests = { ByteString.CopyFrom(prepared.Digest.Span) } });
        return new SignDigestsRequest
        {
            AuthorizationId = authorization.AuthorizationId,
            Items = { new SigningItem { ToBeSigned = ByteString.CopyFrom(prepared.ToBeSigned.Span), DocumentDescription = description } },
        };
    }
}
