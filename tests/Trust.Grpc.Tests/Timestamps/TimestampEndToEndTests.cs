using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Tsp;
using Trust.Core.Crypto;
using Trust.Core.Pki;
using Trust.Core.Timestamps;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests.Timestamps;

/// <summary>The server's RFC 3161 TSA: <c>POST /tsa</c> on the Web endpoint and trust.v1.TimestampService, on a real server process.</summary>
public sealed class TimestampEndToEndTests(ServerProcess server) : IClassFixture<ServerProcess>
{
    private CertificateValidator Anchors() => new(CertificatePem.LoadFile(Path.Combine(server.PkiDirectory, "ca", "trust-anchors.pem")));

    private Uri TsaUrl => new($"http://127.0.0.1:{server.WebPort}/tsa");

    [Fact]
    public async Task Http_client_gets_a_checked_token_from_the_server_tsa_without_credentials()
    {
        using var http = new HttpClient();
        var client = new HttpTimestampClient(TsaUrl, Anchors(), http);
        var data = "sealed PDF signature value"u8.ToArray();

        var token = await client.GetTokenAsync(DigestAlgorithm.Sha256, SHA256.HashData(data));

        var check = TimestampTokenVerifier.Verify(token, data, Anchors());
        Assert.True(check.IsValid, string.Join(", ", check.Reasons));
        Assert.Contains("TSA RSA", check.Token!.TsaName, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Openssl_ts_verify_accepts_the_server_reply()
    {
        var dir = Directory.CreateTempSubdirectory("trust-tsa-e2e-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "data.txt"), "archived file");
            Assert.Equal(0, OpenSsl(dir, "ts", "-query", "-data", "data.txt", "-sha256", "-cert", "-out", "req.tsq").ExitCode);
            using var http = new HttpClient();
            using var content = new ByteArrayContent(File.ReadAllBytes(Path.Combine(dir, "req.tsq")));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
            using var response = await http.PostAsync(TsaUrl, content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/timestamp-reply", response.Content.Headers.ContentType?.MediaType);
            File.WriteAllBytes(Path.Combine(dir, "resp.tsr"), await response.Content.ReadAsByteArrayAsync());

            var verify = OpenSsl(dir, "ts", "-verify", "-queryfile", "req.tsq", "-in", "resp.tsr", "-CAfile", Path.Combine(server.PkiDirectory, "ca", "trust-anchors.pem"));

            Assert.True(verify.ExitCode == 0 && verify.Output.Contains("Verification: OK", StringComparison.Ordinal), verify.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Wrong_content_type_is_415_and_garbage_is_a_rejection()
    {
        using var http = new HttpClient();
        using var json = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        using var refused = await http.PostAsync(TsaUrl, json);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, refused.StatusCode);

        using var garbage = new ByteArrayContent([1, 2, 3]);
        garbage.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var rejected = await http.PostAsync(TsaUrl, garbage);
        var reply = TimeStampResp.GetInstance(await rejected.Content.ReadAsByteArrayAsync());
        Assert.Equal((int)PkiStatus.Rejection, reply.Status.Status.IntValueExact);

        using var large = new ByteArrayContent(new byte[TimestampAuthority.MaxRequestBytes + 10]);
        large.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var tooLarge = await http.PostAsync(TsaUrl, large);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }

    [Fact]
    public async Task Grpc_timestamp_service_answers_the_same_der_reply()
    {
        var query = new TimeStampReq(new MessageImprint(new Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier(new Org.BouncyCastle.Asn1.DerObjectIdentifier("2.16.840.1.101.3.4.2.1")), new byte[32]),
            null, Org.BouncyCastle.Asn1.DerInteger.ValueOf(42), Org.BouncyCastle.Asn1.DerBoolean.True, null).GetEncoded();
        var client = new TimestampService.TimestampServiceClient(server.Channel);

        var response = await client.TimestampAsync(new TimestampRequest { Query = Google.Protobuf.ByteString.CopyFrom(query) });

        var reply = TimeStampResp.GetInstance(response.Reply.ToByteArray());
        Assert.Equal((int)PkiStatus.Granted, reply.Status.Status.IntValueExact);
        var check = TimestampTokenVerifier.VerifyImprint(reply.TimeStampToken.GetEncoded(), DigestAlgorithm.Sha256, new byte[32], Anchors());
        Assert.True(check.IsValid, string.Join(", ", check.Reasons));
        Assert.Equal([42], check.Token!.Nonce!.Value.ToArray());
    }

    private static (int ExitCode, string Output) OpenSsl(string dir, params string[] args)
    {
        var info = new ProcessStartInfo("openssl") { WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }
}
