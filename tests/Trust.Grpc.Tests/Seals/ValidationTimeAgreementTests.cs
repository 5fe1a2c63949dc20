using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Seals;
using Trust.Core.Timestamps;
using Trust.Grpc.Security;
using Trust.Grpc.V1;
using Trust.Pdf;

namespace Trust.Grpc.Tests.Seals;

/// <summary>
/// The validation time (ETSI EN 319 102-1 past signature validation) is one library option that both hosts map:
/// <c>trust seal verify FILE --at DATE --json</c> and <c>VerifyPdfHeader.validation_time</c> give the same verdict and
/// reasons for a seal whose certificate (issued by the server's own PKI for one year) has expired by DATE: basic →
/// indeterminate, with a signature time-stamp from the server's TSA → valid.
/// </summary>
public sealed class ValidationTimeAgreementTests : IClassFixture<SealServerProcess>
{
    private readonly SealServerProcess _server;

    public ValidationTimeAgreementTests(SealServerProcess server) => _server = server;

    [Fact]
    public async Task Cli_at_and_the_server_validation_time_agree_on_a_seal_whose_certificate_expired()
    {
        var at = DateTimeOffset.UtcNow.AddYears(2);
        var basic = TempFile(".pdf");
        var stamped = TempFile(".pdf");
        SealWithShortLivedCertificate(basic, timestamped: false);
        SealWithShortLivedCertificate(stamped, timestamped: true);

        foreach (var (path, verdict) in new[] { (basic, "indeterminate"), (stamped, "valid") })
        {
            var cli = Cli("seal", "verify", path, "--at", at.ToString("O"), "--json");
            var grpc = await VerifyAsync(path, Timestamp.FromDateTimeOffset(at));
            var now = await VerifyAsync(path, null);

            Assert.Equal(verdict, cli.Json.GetProperty("verdict").GetString());
            Assert.Equal(verdict, grpc.Verdict);
            Assert.Equal("valid", now.Verdict);
            var cliSeal = Assert.Single(cli.Json.GetProperty("seals").EnumerateArray().ToList());
            var grpcSeal = Assert.Single(grpc.Seals);
            Assert.Equal(cliSeal.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()!).ToList(), grpcSeal.Reasons.ToList());
            Assert.Equal(cli.Json.GetProperty("indication").GetString(), grpc.Indication);
            Assert.Equal(cli.Json.GetProperty("sub_indication").GetString(), grpc.SubIndication);
            if (verdict == "valid")
            {
                Assert.Equal(PdfSealReport.ProvenBySignatureTimestamp, grpcSeal.ProvenBy);
                Assert.Equal(PdfLevels.Timestamped, grpcSeal.Level);
                Assert.NotNull(grpcSeal.BestSignatureTime);
            }
            else
            {
                Assert.Contains("certificate.expired_no_poe", grpcSeal.Reasons);
                Assert.Equal(PdfLevels.BasicSignature, grpcSeal.Level);
                Assert.Null(grpcSeal.BestSignatureTime);
            }
        }
    }

    [Theory]
    [InlineData(-62_135_596_801L, 0)]
    [InlineData(253_402_300_800L, 0)]
    [InlineData(0L, -1)]
    [InlineData(0L, 1_000_000_000)]
    public async Task Validation_time_out_of_range_is_invalid_argument_naming_the_field(long seconds, int nanos)
    {
        var path = TempFile(".pdf");
        await File.WriteAllBytesAsync(path, TestPdfFiles.Create());

        var refused = await Assert.ThrowsAsync<RpcException>(() => VerifyAsync(path, new Timestamp { Seconds = seconds, Nanos = nanos }));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.StartsWith("header.validation_time:", refused.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>
    /// Seals a PDF with a seal certificate the server's RSA seal CA issues for one year (maker and signer of its own
    /// seal), and optionally a signature time-stamp from the PKI's RSA TSA (five years).
    /// </summary>
    private void SealWithShortLivedCertificate(string path, bool timestamped)
    {
        var manifest = DevelopmentPkiManifest.Load(_server.PkiDirectory);
        var department = manifest.Departments.First(d => d.Algorithm == "RSA");
        var ca = manifest.FindAuthority(department.Issuer)!;
        var caDer = CertificatePem.LoadFile(Pki(ca.Certificate))[0];
        using var caKey = PrivateKeyPem.LoadFile(Pki(ca.Key), DevelopmentPki.ResolvePassphrase(), out _);
        using var key = RsaSigningKey.Generate(2048);
        var now = DateTimeOffset.UtcNow;
        var leaf = new CertificateBuilder(new CertificateSubject("Short-lived seal signer", "Tests"), key.PublicKey)
        {
            NotBefore = now.AddMinutes(-5),
            NotAfter = now.AddYears(1),
            KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
        }.WithSignerRole(SignerRole.SealMaker).WithSignerRole(SignerRole.SealSigner, department.Code).Sign(caDer, caKey);
        var seal = new SealMaker(leaf, key, "TrustTest").Make(new SealRequest
        {
            EsId = "SHORT-" + Guid.NewGuid().ToString("N")[..8],
            Kind = SealKind.Official,
            Name = "Short-lived seal",
            SignerCertificates = [leaf],
            ValidFrom = now.AddDays(-1),
            ValidTo = now.AddYears(1),
            Picture = SealPictures.CreatePng("Short-lived seal", "TEST", 120),
        });

        TimestampAuthority? tsa = null;
        SigningKey? tsaKey = null;
        if (timestamped)
        {
            var tsaEntry = manifest.FindKey("tsa-rsa")!;
            tsaKey = PrivateKeyPem.LoadFile(Pki(tsaEntry.Key), DevelopmentPki.ResolvePassphrase(), out _);
            tsa = new TimestampAuthority(new TimestampAuthorityOptions { Key = tsaKey, CertificateChain = [.. CertificatePem.LoadFile(Pki(tsaEntry.Certificate))] });
        }

        try
        {
            using var input = new MemoryStream(TestPdfFiles.Create());
            using var output = File.Create(path);
            PdfSealer.Seal(input, output, new PdfSealOptions
            {
                Key = key,
                CertificateChain = [leaf, caDer],
                Seal = PdfSealData.FromSesSeal(seal),
                TimestampClient = tsa is null ? null : new LocalTimestampClient(tsa, Validator()),
            });
        }
        finally
        {
            tsaKey?.Dispose();
        }
    }

    private async Task<VerifyPdfResponse> VerifyAsync(string path, Timestamp? validationTime)
    {
        var client = new SealService.SealServiceClient(_server.ChannelFor(TrustRoles.Verifier));
        using var call = client.VerifyPdf();
        var pdf = await File.ReadAllBytesAsync(path);
        var header = new VerifyPdfHeader { Size = pdf.Length, ValidationTime = validationTime };
        try
        {
            await call.RequestStream.WriteAsync(new VerifyPdfRequest { Header = header });
            await call.RequestStream.WriteAsync(new VerifyPdfRequest { Chunk = new PdfChunk { Data = Google.Protobuf.ByteString.CopyFrom(pdf) } });
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception ex) when (ex is RpcException or InvalidOperationException)
        {
            // Refused before reading everything: the status comes with the response.
        }

        return await call.ResponseAsync;
    }

    private CertificateValidator Validator()
    {
        var manifest = DevelopmentPkiManifest.Load(_server.PkiDirectory);
        var anchors = new List<byte[]>();
        var intermediates = new List<byte[]>();
        foreach (var authority in manifest.Authorities)
        {
            (authority.Issuer is null ? anchors : intermediates).AddRange(CertificatePem.LoadFile(Pki(authority.Certificate)));
        }

        return new CertificateValidator(anchors, intermediates);
    }

    private string Pki(string relative) => Path.Combine(_server.PkiDirectory, relative);

    private string TempFile(string extension)
    {
        var folder = Path.Combine(_server.Directory, "files");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, Guid.NewGuid().ToString("N") + extension);
    }

    private CliOutcome Cli(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = global::Trust.Cli.Program.Run([.. args, "--pki", _server.PkiDirectory, "--store", _server.StoreSpec], output, error);
        return new CliOutcome(code, output.ToString(), error.ToString());
    }

    private sealed record CliOutcome(int ExitCode, string Output, string Error)
    {
        public JsonElement Json => JsonDocument.Parse(Output).RootElement;

        public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";
    }
}
