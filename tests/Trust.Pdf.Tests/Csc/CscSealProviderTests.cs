using System.Net.Sockets;
using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Seals;
using Trust.Core.Seals.Csc;
using Trust.Core.Seals.Providers;
using Trust.Pdf.Tests.Support;
using Trust.Pdf.Tests.Verification;

namespace Trust.Pdf.Tests.Csc;

/// <summary>Sealing PDFs through <see cref="CscSealProvider"/> against the in-test CSC API v2 service.</summary>
public sealed class CscSealProviderTests : IAsyncLifetime
{
    private const string RsaSeal = TestSeal.SealId;
    private const string EcSeal = "TEST-SEAL-ECDSA";
    private const string RsaCredential = "cred-rsa-1";
    private const string EcCredential = "cred-ecdsa-1";

    private static readonly Lazy<(ECDsa Key, byte[] Certificate)> Ec = new(() =>
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=CSC ECDSA Seal Signer,O=Trust Tests,C=CN", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(Trust.Core.Pki.SignerRoles.SealSignerOid)], false));
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return (key, cert.RawData);
    });

    private CscTestService _service = null!;

    public async Task InitializeAsync()
    {
        // The service holds the test PKI's RSA seal key (its PKCS#8 taken from the Trust key) and an ECDSA P-256 key.
        var pkcs8 = (byte[])typeof(SigningKey).GetMethod("ExportPkcs8", BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(TestPki.Rsa.Key, null)!;
        var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(pkcs8, out _);
        _service = await CscTestService.StartAsync(new Dictionary<string, (AsymmetricAlgorithm, IReadOnlyList<byte[]>)>
        {
            [RsaCredential] = (rsa, TestPki.Rsa.Chain),
            [EcCredential] = (Ec.Value.Key, [Ec.Value.Certificate]),
        });
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    private static SealRegistry Registry()
    {
        var ses = Trust.Core.Seals.Asn1.SesSeal.Decode(TestSeal.Create(TestPki.Rsa).SesSeal.Span);
        return new SealRegistry(
        [
            new SealRecord(RsaSeal, "Test seal", "TEST", SealKind.Official, SignatureAlgorithm.RsaPkcs1Sha256, ses),
            new SealRecord(EcSeal, "Test ECDSA seal", "TEST", SealKind.Official, SignatureAlgorithm.EcdsaP256Sha256, ses),
        ]);
    }

    private CscSealProvider Provider(string? token = null, TimeSpan? timeout = null, HttpMessageHandler? handler = null, Uri? uri = null) => new(
        Registry(),
        new CscSealProviderOptions
        {
            ServiceUri = uri ?? _service.BaseUri,
            AccessToken = token ?? CscTestService.Token,
            Credentials = new Dictionary<string, string> { [RsaSeal] = RsaCredential, [EcSeal] = EcCredential },
            Timeout = timeout ?? TimeSpan.FromSeconds(30),
        },
        handler);

    private static PdfSealOptions KeylessOptions()
    {
        var options = Sealing.Options(TestPki.Rsa);
        return new PdfSealOptions { CertificateChain = options.CertificateChain, Seal = options.Seal, XMm = options.XMm, YMm = options.YMm };
    }

    private static (MemoryStream Output, Exception? Error) SealPdf(ISealProvider provider, int pages = 1)
    {
        var output = new MemoryStream();
        using var input = new MemoryStream(TestPdfs.Simple(pages), writable: false);
        try
        {
            PdfSealer.Seal(input, output, KeylessOptions(), provider, RsaSeal);
            return (output, null);
        }
        catch (Exception ex)
        {
            return (output, ex);
        }
    }

    private static SealingRefusedException Refused(ISealProvider provider)
    {
        var (output, error) = SealPdf(provider);

        // The library writes the prepared update first; the refusal comes before any signature is embedded
        // (the /Contents placeholder stays zero). The CLI writes through AtomicFile, so nothing reaches the disk.
        var text = System.Text.Encoding.Latin1.GetString(output.ToArray());
        var contents = text.LastIndexOf("/Contents <", StringComparison.Ordinal);
        Assert.True(contents > 0);
        Assert.All(text.Substring(contents + 11, 256), c => Assert.Equal('0', c));
        return Assert.IsType<SealingRefusedException>(error);
    }

    [Fact]
    public void Rsa_pdf_sealed_through_csc_verifies_and_only_hashes_cross_the_network()
    {
        using var provider = Provider();
        var pdf = TestPdfs.Simple(20);
        using var output = new MemoryStream();

        PdfSealer.Seal(new MemoryStream(pdf, writable: false), output, KeylessOptions(), provider, RsaSeal);

        var report = VerificationTests.Verify(output.ToArray(), TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal(["credentials/authorize", "signatures/signHash"], _service.Requests.Select(r => r.Method).Where(m => m != "credentials/info").ToArray());
        Assert.All(_service.Requests, r => Assert.True(r.Bytes < 600, $"{r.Method} sent {r.Bytes} bytes"));
        Assert.True(pdf.Length > 2000);

        var path = ExternalTools.TempFile(output.ToArray());
        try
        {
            var (_, sig) = ExternalTools.Run("pdfsig", path);
            Assert.Contains("Signature is Valid.", sig, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Ses_signature_made_through_csc_verifies()
    {
        using var provider = Provider();
        var data = RandomNumberGenerator.GetBytes(3000);

        var signature = new SealSigner().Sign(provider, RsaSeal, new MemoryStream(data), "archive.pdf");

        var result = new SealSignatureVerifier(TestPki.Rsa.Validator).Verify(signature.Encode(), new MemoryStream(data));
        Assert.True(result.IsValid, string.Join(",", result.Reasons));
    }

    [Fact]
    public void Ecdsa_credential_signs_and_the_value_verifies_with_its_certificate()
    {
        using var provider = Provider();
        var tbs = RandomNumberGenerator.GetBytes(200);

        var value = provider.Sign(EcSeal, SignatureAlgorithm.EcdsaP256Sha256, tbs);

        Assert.True(PublicKeyPem.FromCertificate(Ec.Value.Certificate).Verify(SignatureAlgorithm.EcdsaP256Sha256, tbs, value));
        Assert.Equal(Ec.Value.Certificate, Assert.Single(provider.GetCertificateChain(EcSeal)));
        Assert.Throws<TrustKeyException>(() => provider.Sign(EcSeal, SignatureAlgorithm.RsaPkcs1Sha256, tbs));
        Assert.Throws<TrustKeyException>(() => provider.Sign(EcSeal, SignatureAlgorithm.Sm2Sm3, tbs));
    }

    [Fact]
    public void Ecdsa_pdf_sealed_through_csc_verifies()
    {
        // A seal made by the RSA test maker that lists the CSC service's ECDSA certificate as its signer.
        var ses = new SealMaker(TestPki.Rsa.LeafDer, TestPki.Rsa.Key, "TrustTest").Make(new SealRequest
        {
            EsId = EcSeal,
            Kind = SealKind.Official,
            Name = TestSeal.Department,
            SignerCertificates = [Ec.Value.Certificate],
            ValidFrom = DateTimeOffset.UtcNow.AddDays(-1),
            ValidTo = DateTimeOffset.UtcNow.AddYears(1),
            Picture = new Trust.Core.Seals.Asn1.SesPictureInfo("PNG", TestSeal.Png(120, 120), 40, 40),
        });
        var registry = new SealRegistry([new SealRecord(EcSeal, "Test ECDSA seal", "TEST", SealKind.Official, SignatureAlgorithm.EcdsaP256Sha256, ses)]);
        using var provider = new CscSealProvider(registry, new CscSealProviderOptions
        {
            ServiceUri = _service.BaseUri,
            AccessToken = CscTestService.Token,
            Credentials = new Dictionary<string, string> { [EcSeal] = EcCredential },
        });
        var options = new PdfSealOptions
        {
            CertificateChain = provider.GetCertificateChain(EcSeal),
            Seal = PdfSealData.FromSesSeal(ses),
            XMm = 30,
            YMm = 30,
        };
        using var output = new MemoryStream();

        PdfSealer.Seal(new MemoryStream(TestPdfs.Simple(), writable: false), output, options, provider, EcSeal);

        using var ms = new MemoryStream(output.ToArray());
        var report = PdfSealVerifier.Verify(ms, new PdfVerificationOptions { CertificateValidator = new EcOrRsaValidator() });
        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, string.Join(",", report.Seals.SelectMany(s => s.Reasons)));
        Assert.Equal(EcSeal, Assert.Single(report.Seals).SealId);

        var path = ExternalTools.TempFile(output.ToArray());
        try
        {
            var (_, sig) = ExternalTools.Run("pdfsig", path);
            Assert.Contains("Signature is Valid.", sig, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Credentials_are_listed_and_seals_map_to_them()
    {
        using var provider = Provider();

        Assert.Equal([RsaCredential, EcCredential], provider.ListCredentials().Order(StringComparer.Ordinal).Reverse().ToArray());
        Assert.Equal([RsaSeal, EcSeal], provider.ListSeals().Select(s => s.Id).ToArray());
        Assert.Throws<KeyNotFoundException>(() => provider.GetSeal("NO-SUCH-SEAL"));
    }

    [Fact]
    public void Revoked_seal_is_refused_without_asking_the_service()
    {
        var registry = Registry();
        ((InMemorySealRevocations)registry.Revocations).Revoke(RsaSeal);
        using var provider = new CscSealProvider(registry, new CscSealProviderOptions
        {
            ServiceUri = _service.BaseUri,
            AccessToken = CscTestService.Token,
            Credentials = new Dictionary<string, string> { [RsaSeal] = RsaCredential },
        });

        Assert.Throws<SealUnusableException>(() => provider.Sign(RsaSeal, SignatureAlgorithm.RsaPkcs1Sha256, [1, 2, 3]));
        Assert.Empty(_service.Requests);
    }

    [Fact]
    public void Wrong_token_is_refused_with_the_services_error()
    {
        using var provider = Provider(token: "stolen");

        var ex = Refused(provider);

        Assert.Equal(CscReasons.RemoteRefused, ex.Reason);
        Assert.Contains("HTTP 401", ex.Message, StringComparison.Ordinal);
        Assert.Contains("invalid_token", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Replayed_sad_is_refused()
    {
        string? first = null;
        using var handler = new RewritingHandler("signatures/signHash", body =>
        {
            first ??= body["SAD"]!.ToString();
            body["SAD"] = first;
        });
        using var provider = Provider(handler: handler);
        SealPdf(provider);

        var ex = Refused(provider);

        Assert.Equal(CscReasons.RemoteRefused, ex.Reason);
        Assert.Contains("Invalid SAD", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Hash_other_than_the_authorised_one_is_refused()
    {
        using var handler = new RewritingHandler("signatures/signHash", body => body["hashes"] = new JsonArray(Convert.ToBase64String(new byte[32])));
        using var provider = Provider(handler: handler);

        var ex = Refused(provider);

        Assert.Equal(CscReasons.RemoteRefused, ex.Reason);
        Assert.Contains("not authorised", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tampered_signature_is_refused_before_anything_is_written()
    {
        _service.TamperSignatures = true;
        using var provider = Provider();

        var ex = Refused(provider);

        Assert.Equal(SealingReasons.SignatureInvalid, ex.Reason);
    }

    [Fact]
    public void Hanging_service_is_refused_at_the_deadline()
    {
        _service.Delay = TimeSpan.FromSeconds(60);
        using var provider = Provider(timeout: TimeSpan.FromSeconds(1));

        var ex = Refused(provider);

        Assert.Equal(CscReasons.RemoteUnavailable, ex.Reason);
        Assert.Contains("within 1 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreachable_service_is_unavailable()
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var provider = Provider(uri: new Uri($"http://127.0.0.1:{port}/csc/v2/"));

        Assert.Equal(CscReasons.RemoteUnavailable, Refused(provider).Reason);
    }

    [Fact]
    public void Server_error_is_unavailable_and_error_text_is_quoted_short_and_clean()
    {
        using (var failing = new StubHandler(System.Net.HttpStatusCode.ServiceUnavailable, "{\"error\":\"server_error\"}"))
        using (var provider = Provider(handler: failing))
        {
            var ex = Refused(provider);
            Assert.Equal(CscReasons.RemoteUnavailable, ex.Reason);
            Assert.Contains("HTTP 503 (server_error)", ex.Message, StringComparison.Ordinal);
        }

        var description = "bad\\u0007\\n" + new string('x', 5000);
        using var refusing = new StubHandler(System.Net.HttpStatusCode.BadRequest, "{\"error\":\"invalid_request\",\"error_description\":\"" + description + "\"}");
        using var refused = Provider(handler: refusing);

        var refusal = Refused(refused);

        Assert.Equal(CscReasons.RemoteRefused, refusal.Reason);
        Assert.Contains("HTTP 400 (invalid_request: bad??xxx", refusal.Message, StringComparison.Ordinal);
        Assert.True(refusal.Message.Length < 400, refusal.Message);
    }

    public static TheoryData<string, string> HostileAnswers() => new()
    {
        { "credentials/info", "{\"cert\":{\"certificates\":[\"MIIB" },
        { "credentials/info", "{\"cert\":{\"certificates\":[5]}}" },
        { "credentials/info", "{\"cert\":{\"certificates\":[]}}" },
        { "credentials/info", "{\"cert\":{\"certificates\":[\"AAEC\"]}}" },
        { "credentials/info", "{\"cert\":\"x\"}" },
        { "credentials/info", "[1,2,3]" },
        { "credentials/info", "\u0000\u0001garbage" },
        { "credentials/info", "{\"cert\":{\"certificates\":[\"" + new string('A', 2_000_000) + "\"]}}" },
        { "credentials/info", new string('[', 5000) },
        { "credentials/authorize", "{\"SAD\":42}" },
        { "credentials/authorize", "{}" },
        { "credentials/authorize", "{\"SAD\":\"" + new string('a', 5000) + "\"}" },
        { "signatures/signHash", "{\"signatures\":\"AAAA\"}" },
        { "signatures/signHash", "{\"signatures\":[\"not base64!\"]}" },
        { "signatures/signHash", "{\"signatures\":[]}" },
        { "signatures/signHash", "{\"signatures\":[\"AAAA\",\"AAAA\"]}" },
        { "signatures/signHash", "{\"signatures\":[null]}" },
        { "signatures/signHash", "{\"signat" },
    };

    [Theory]
    [MemberData(nameof(HostileAnswers))]
    public void Hostile_answers_are_refused_as_malformed(string method, string answer)
    {
        _service.RawAnswer = m => m == method ? answer : null;
        using var provider = Provider();

        var ex = Refused(provider);

        Assert.Equal(CscReasons.RemoteMalformed, ex.Reason);
        Assert.Contains(method, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_answers_never_escape_as_anything_but_a_refusal()
    {
        var random = new Random(1234);
        foreach (var method in new[] { "credentials/info", "credentials/authorize", "signatures/signHash" })
        {
            for (var i = 0; i < 10; i++)
            {
                var bytes = new byte[random.Next(0, 300)];
                random.NextBytes(bytes);
                var text = System.Text.Encoding.Latin1.GetString(bytes);
                _service.RawAnswer = m => m == method ? text : null;
                using var provider = Provider();

                var ex = Refused(provider);

                Assert.Contains(ex.Reason, new[] { CscReasons.RemoteMalformed, SealingReasons.SignatureEncoding, SealingReasons.SignatureInvalid });
            }
        }
    }

    /// <summary>Trusts the self-signed ECDSA CSC certificate as a leaf, and the RSA test PKI otherwise.</summary>
    private sealed class EcOrRsaValidator : Trust.Core.Pki.ICertificateValidator
    {
        public long Version => 1;

        public Trust.Core.Pki.ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, Trust.Core.Pki.CertificateUsage usage) =>
            leafDer.Span.SequenceEqual(Ec.Value.Certificate)
                ? new(Trust.Core.Pki.ChainStatus.Trusted, [], PublicKeyPem.FromCertificate(leafDer.Span), [leafDer.ToArray()])
                : TestPki.Rsa.Validator.Validate(leafDer, intermediatesDer, at, usage);
    }

    /// <summary>Answers every request with one status and body, without a service.</summary>
    private sealed class StubHandler(System.Net.HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken) =>
            new(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(Send(request, cancellationToken));
    }

    /// <summary>Changes the JSON body of one CSC method on its way out (to replay a SAD or send another hash).</summary>
    private sealed class RewritingHandler(string method, Action<JsonObject> rewrite) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith(method, StringComparison.Ordinal))
            {
                var body = (JsonObject)JsonNode.Parse(request.Content!.ReadAsStream(cancellationToken))!;
                rewrite(body);
                request.Content = new StringContent(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
            }

            return base.Send(request, cancellationToken);
        }
    }
}
