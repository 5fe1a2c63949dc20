using System.Net;
using BenchmarkDotNet.Attributes;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Seals.Providers;
using Trust.Pdf;
using Trust.RemoteSealing;
using Trust.RemoteSealing.V1;

namespace Trust.Bench;

/// <summary>
/// What the network hop to a seal platform costs: a 1 MB PDF sealed with a local key against the same PDF sealed through
/// <see cref="SealPlatformClient"/> over gRPC (h2c on loopback Kestrel, in this process) to a <see cref="SealPlatform"/>
/// (authorise, then sign: two round trips per seal; the seal and its chain are fetched once and cached), and 100
/// to-be-signed digests signed with the local key against one remote batch (one authorisation for all 100, one signing call).
/// The loopback platform authenticates nobody and audits nothing; the real server adds its token check and an audit append per signature.
/// Run: <c>dotnet bench/Trust.Bench/bin/Release/net10.0/Trust.Bench.dll --filter '*RemoteSealingBenchmarks*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class RemoteSealingBenchmarks
{
    private const string SealId = "BENCH-REMOTE-1";
    private const int Batch = 100;

    private byte[] _pdf = [];
    private PdfSealOptions _local = null!;
    private PdfSealOptions _keyless = null!;
    private WebApplication _app = null!;
    private SealPlatformClient _client = null!;
    private GrpcSealProvider _remote = null!;
    private SealSigningItem[] _batchItems = [];
    private byte[][] _batchToBeSigned = [];
    private SignatureAlgorithm _algorithm;
    private SigningKey _key = null!;

    [Params("SM2", "RSA")]
    public string Algorithm { get; set; } = "SM2";

    [GlobalSetup]
    public void Setup()
    {
        var setup = BenchSealSetup.Create(Algorithm, SealId);
        var (seal, chain) = (setup.Seal, setup.Chain);
        (_pdf, _key, _algorithm, _local, _keyless) = (setup.Pdf, setup.Key, setup.Algorithm, setup.Local, setup.Keyless);
        var platform = new SealPlatform(setup.Provider, new NoAudit(), TimeSpan.FromHours(1), 1000);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, o => o.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(new LoopbackPlatform(platform, chain));
        _app = builder.Build();
        _app.MapGrpcService<LoopbackPlatform>();
        _app.StartAsync().GetAwaiter().GetResult();
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        _client = new SealPlatformClient(new SealPlatformClientOptions { Address = address, Token = "loopback" });
        _remote = _client.ForDocument("bench.pdf");
        _ = _client.GetCertificateChain(SealId); // fetched once, like a long-running server

        var signer = new SealSigner();
        _batchItems = Enumerable.Range(0, Batch)
            .Select(i => new SealSigningItem(signer.Prepare(seal, chain[0], new MemoryStream(BitConverter.GetBytes(i)), SealSessionProtector.CreateRandom(), $"file-{i}").ToBeSigned, $"file-{i}"))
            .ToArray();
        _batchToBeSigned = _batchItems.Select(i => i.ToBeSigned.ToArray()).ToArray();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        _app.StopAsync().GetAwaiter().GetResult();
        _app.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, Description = "1 MB PDF, local key")]
    public long SealPdfLocal()
    {
        using var output = new MemoryStream(_pdf.Length + 64 * 1024);
        PdfSealer.Seal(new MemoryStream(_pdf, writable: false), output, _local);
        return output.Length;
    }

    [Benchmark(Description = "1 MB PDF, remote platform (gRPC loopback)")]
    public long SealPdfRemote()
    {
        using var output = new MemoryStream(_pdf.Length + 64 * 1024);
        PdfSealer.Seal(new MemoryStream(_pdf, writable: false), output, _keyless, _remote, SealId);
        return output.Length;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "100 digests, local key (per digest)")]
    public int SignBatchLocal()
    {
        var total = 0;
        foreach (var toBeSigned in _batchToBeSigned)
        {
            total += _key.Sign(_algorithm, toBeSigned).Length;
        }

        return total;
    }

    [Benchmark(OperationsPerInvoke = Batch, Description = "100 digests, one remote batch (per digest)")]
    public int SignBatchRemote() => _client.SignBatch(SealId, _algorithm, _batchItems).Count;

    private sealed class NoAudit : ISealPlatformAudit
    {
        public void Record(SealPlatformUse use)
        {
        }
    }

    /// <summary>trust.v1.SealPlatformService over a <see cref="SealPlatform"/>, one fixed caller, no authentication.</summary>
    private sealed class LoopbackPlatform(SealPlatform platform, IReadOnlyList<byte[]> chain) : SealPlatformService.SealPlatformServiceBase
    {
        private static readonly SealCaller Caller = new("bench-licence-server", new HashSet<string> { "BENCH" });

        public override Task<PlatformSeal> GetPlatformSeal(GetPlatformSealRequest request, ServerCallContext context)
        {
            var (seal, _) = platform.GetSeal(Caller, request.SealId);
            var result = new PlatformSeal
            {
                SealId = seal.Id,
                Department = seal.Department,
                Name = seal.Name,
                Algorithm = SignatureAlgorithms.DisplayName(seal.Algorithm),
                SesSeal = ByteString.CopyFrom(seal.Seal.Encode()),
            };
            result.CertificateChain.AddRange(chain.Select(ByteString.CopyFrom));
            return Task.FromResult(result);
        }

        public override async Task<AuthorizeSigningResponse> AuthorizeSigning(AuthorizeSigningRequest request, ServerCallContext context)
        {
            var authorization = await platform.AuthorizeAsync(Caller, request.SealId, request.Digests.Select(d => (ReadOnlyMemory<byte>)d.ToByteArray()).ToArray());
            return new AuthorizeSigningResponse { AuthorizationId = authorization.Id, ExpiresAt = Timestamp.FromDateTimeOffset(authorization.ExpiresAt) };
        }

        public override async Task<SignDigestsResponse> SignDigests(SignDigestsRequest request, ServerCallContext context)
        {
            var items = request.Items.Select(i => new SealSigningItem(i.ToBeSigned.ToByteArray(), i.DocumentDescription)).ToArray();
            var signatures = await platform.SignDigestsAsync(Caller, request.AuthorizationId, items, new NoAudit());
            var response = new SignDigestsResponse();
            response.Signatures.AddRange(signatures.Select(ByteString.CopyFrom));
            return response;
        }
    }
}
