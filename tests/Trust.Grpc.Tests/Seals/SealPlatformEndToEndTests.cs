using Google.Protobuf;
using Grpc.Core;
using Trust.Core.Seals.Asn1;
using Trust.Core.Seals.Providers;
using Trust.Grpc.Security;
using Trust.Grpc.V1;
using Trust.Pdf;

namespace Trust.Grpc.Tests.Seals;

/// <summary>
/// trust.v1.SealPlatformService against a real server process: a client seals a PDF two-phase with a seal key that stays
/// on the server, sending only the signed attributes; refusals for another department, a replay and another digest.
/// </summary>
public sealed class SealPlatformEndToEndTests(SealServerProcess server) : IClassFixture<SealServerProcess>
{
    private static readonly SealSessionProtector Protector = SealSessionProtector.CreateRandom();

    private SealPlatformService.SealPlatformServiceClient Platform(string department) => new(server.ChannelFor(TrustRoles.Sealer, department));

    private async Task<PlatformSeal> RsaSealAsync()
    {
        var seals = (await new SealService.SealServiceClient(server.ChannelFor(TrustRoles.Verifier)).ListSealsAsync(new ListSealsRequest())).Seals;
        var info = seals.Take(seals.Count - 1).First(s => s.Algorithm == "RSA-SHA256");
        return await Platform(info.Department).GetPlatformSealAsync(new GetPlatformSealRequest { SealId = info.SealId });
    }

    private static (MemoryStream Output, PreparedSeal Prepared) Prepare(PlatformSeal seal, byte[] pdf)
    {
        var output = new MemoryStream();
        var options = new PdfSealOptions
        {
            CertificateChain = seal.CertificateChain.Select(c => c.ToByteArray()).ToArray(),
            Seal = PdfSealData.FromSesSeal(SesSeal.Decode(seal.SesSeal.Span), seal.Department),
        };
        var prepared = PdfSealer.Prepare(new MemoryStream(pdf, writable: false), output, options, Protector);
        return (output, prepared);
    }

    [Fact]
    public async Task Pdf_sealed_two_phase_through_the_platform_verifies_and_the_document_never_leaves_the_client()
    {
        var seal = await RsaSealAsync();
        var platform = Platform(seal.Department);
        var pdf = TestPdfFiles.Create(paddingBytes: 200 * 1024);
        var (output, prepared) = Prepare(seal, pdf);

        var authorization = await platform.AuthorizeSigningAsync(new AuthorizeSigningRequest { SealId = seal.SealId, Digests = { ByteString.CopyFrom(prepared.Digest.Span) } });
        var sign = new SignDigestsRequest { AuthorizationId = authorization.AuthorizationId, Items = { new SigningItem { ToBeSigned = ByteString.CopyFrom(prepared.ToBeSigned.Span), DocumentDescription = "archive-0001.pdf" } } };
        var signed = await platform.SignDigestsAsync(sign);
        PdfSealer.Complete(output, prepared.Session.Span, signed.Signatures[0].Span, Protector);

        Assert.True(sign.CalculateSize() < 32 * 1024, $"the signing request is {sign.CalculateSize()} bytes; the PDF is {pdf.Length}");
        var verified = await SealCalls.VerifyAsync(new SealService.SealServiceClient(server.ChannelFor(TrustRoles.Verifier)), output.ToArray());
        Assert.Equal("valid", verified.Verdict);
        Assert.Equal(seal.SealId, Assert.Single(verified.Seals).SealId);

        var replay = await Assert.ThrowsAsync<RpcException>(() => platform.SignDigestsAsync(sign).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, replay.StatusCode);
        Assert.StartsWith(SealingReasons.AuthorizationUsed, replay.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sealer_of_another_department_cannot_see_or_authorise_the_seal()
    {
        var seal = await RsaSealAsync();
        var other = Platform("NO-SUCH-DEPT");

        Assert.DoesNotContain((await other.ListPlatformSealsAsync(new ListPlatformSealsRequest())).Seals, s => s.SealId == seal.SealId);
        var get = await Assert.ThrowsAsync<RpcException>(() => other.GetPlatformSealAsync(new GetPlatformSealRequest { SealId = seal.SealId }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, get.StatusCode);
        var authorize = await Assert.ThrowsAsync<RpcException>(() =>
            other.AuthorizeSigningAsync(new AuthorizeSigningRequest { SealId = seal.SealId, Digests = { ByteString.CopyFrom(new byte[32]) } }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, authorize.StatusCode);
    }

    [Fact]
    public async Task Digest_other_than_the_authorised_one_is_refused()
    {
        var seal = await RsaSealAsync();
        var platform = Platform(seal.Department);
        var (_, prepared) = Prepare(seal, TestPdfFiles.Create(paddingBytes: 1024));
        var (_, other) = Prepare(seal, TestPdfFiles.Create(paddingBytes: 2048));

        var authorization = await platform.AuthorizeSigningAsync(new AuthorizeSigningRequest { SealId = seal.SealId, Digests = { ByteString.CopyFrom(prepared.Digest.Span) } });
        var ex = await Assert.ThrowsAsync<RpcException>(() => platform.SignDigestsAsync(new SignDigestsRequest
        {
            AuthorizationId = authorization.AuthorizationId,
            Items = { new SigningItem { ToBeSigned = ByteString.CopyFrom(other.ToBeSigned.Span), DocumentDescription = "other.pdf" } },
        }).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, ex.StatusCode);
        Assert.StartsWith(SealingReasons.DigestNotAuthorised, ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_route_lists_the_callers_seals()
    {
        var seal = await RsaSealAsync();
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.MintToken(TrustRoles.Sealer, seal.Department));

        using var json = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{server.WebPort}/v1/platform/seals")));

        var seals = json.RootElement.GetProperty("seals").EnumerateArray().ToArray();
        Assert.Contains(seals, s => s.GetProperty("sealId").GetString() == seal.SealId);
        Assert.All(seals, s => Assert.Equal(seal.Department, s.GetProperty("department").GetString()));
    }
}
