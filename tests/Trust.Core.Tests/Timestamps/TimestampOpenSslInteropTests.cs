using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Tests.Pki;
using Trust.Core.Timestamps;
using Xunit;

namespace Trust.Core.Tests.Timestamps;

/// <summary>
/// Independent checks of our TSA with OpenSSL 3: <c>openssl ts -verify</c> accepts the RSA TSA's responses for the
/// request and the data (imprint, nonce, signature, ESS certificate, critical id-kp-timeStamping, chain); OpenSSL's
/// <c>ts</c> does not handle SM2 signers, so the SM2 token's signature over its signed attributes is checked with
/// <c>openssl pkeyutl -verify -digest sm3</c> and the GB/T 32918.2 default signer ID <c>1234567812345678</c>.
/// </summary>
public sealed class TimestampOpenSslInteropTests(TsaTestPki pki) : IClassFixture<TsaTestPki>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("trust-tsa-openssl-").FullName;

    [Fact]
    public void Openssl_ts_verify_accepts_the_rsa_tsa_response_for_the_request_and_the_data()
    {
        File.WriteAllText(Path.Combine(_dir, "data.txt"), "archived licence file");
        File.WriteAllText(Path.Combine(_dir, "root.pem"), CertificatePem.Export(pki.RootCert("rsa")));
        var query = OpenSsl.Run(_dir, "ts", "-query", "-data", "data.txt", "-sha256", "-cert", "-out", "req.tsq");
        Assert.True(query.ExitCode == 0, query.Output);

        // A real clock: openssl checks the TSA certificate's validity at the token's time.
        var authority = pki.Authority("rsa", TimeProvider.System);
        File.WriteAllBytes(Path.Combine(_dir, "resp.tsr"), authority.Respond(File.ReadAllBytes(Path.Combine(_dir, "req.tsq"))));

        var byRequest = OpenSsl.Run(_dir, "ts", "-verify", "-queryfile", "req.tsq", "-in", "resp.tsr", "-CAfile", "root.pem");
        var byData = OpenSsl.Run(_dir, "ts", "-verify", "-data", "data.txt", "-in", "resp.tsr", "-CAfile", "root.pem");
        var text = OpenSsl.Run(_dir, "ts", "-reply", "-in", "resp.tsr", "-text");

        Assert.True(byRequest.ExitCode == 0 && byRequest.Output.Contains("Verification: OK", StringComparison.Ordinal), byRequest.Output);
        Assert.True(byData.ExitCode == 0 && byData.Output.Contains("Verification: OK", StringComparison.Ordinal), byData.Output);
        Assert.Contains("Status: Granted.", text.Output, StringComparison.Ordinal);
        Assert.Contains(TimestampAuthorityOptions.DefaultPolicyOid, text.Output, StringComparison.Ordinal);
        Assert.Contains("Accuracy: 0x01 seconds", text.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Openssl_ts_verify_refuses_the_response_for_other_data()
    {
        File.WriteAllText(Path.Combine(_dir, "data.txt"), "archived licence file");
        File.WriteAllText(Path.Combine(_dir, "other.txt"), "another file");
        File.WriteAllText(Path.Combine(_dir, "root.pem"), CertificatePem.Export(pki.RootCert("rsa")));
        OpenSsl.Run(_dir, "ts", "-query", "-data", "data.txt", "-sha256", "-cert", "-out", "req.tsq");
        File.WriteAllBytes(Path.Combine(_dir, "resp.tsr"), pki.Authority("rsa", TimeProvider.System).Respond(File.ReadAllBytes(Path.Combine(_dir, "req.tsq"))));

        var result = OpenSsl.Run(_dir, "ts", "-verify", "-data", "other.txt", "-in", "resp.tsr", "-CAfile", "root.pem");

        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public void Openssl_pkeyutl_verifies_the_sm2_token_signature_with_the_default_signer_id()
    {
        var token = pki.Authority("sm2").Stamp(Trust.Core.Crypto.DigestAlgorithm.Sm3, new byte[32]);
        var signedData = SignedData.GetInstance(ContentInfo.GetInstance(Asn1Object.FromByteArray(token)).Content);
        var signer = SignerInfo.GetInstance(signedData.SignerInfos[0]);
        File.WriteAllBytes(Path.Combine(_dir, "attrs.der"), signer.SignedAttrs.GetEncoded(Asn1Encodable.Der));
        File.WriteAllBytes(Path.Combine(_dir, "sig.der"), signer.Signature.GetOctets());
        File.WriteAllText(Path.Combine(_dir, "pub.pem"), PublicKeyPem.Export(PublicKeyPem.FromCertificate(pki.TsaCert("sm2"))));

        var ok = OpenSsl.Run(_dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "attrs.der", "-digest", "sm3", "-sigfile", "sig.der", "-pkeyopt", "distid:1234567812345678");
        File.WriteAllBytes(Path.Combine(_dir, "attrs.der"), [.. signer.SignedAttrs.GetEncoded(Asn1Encodable.Der), 0]);
        var changed = OpenSsl.Run(_dir, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "attrs.der", "-digest", "sm3", "-sigfile", "sig.der", "-pkeyopt", "distid:1234567812345678");

        Assert.True(ok.ExitCode == 0, ok.Output);
        Assert.Contains("Signature Verified Successfully", ok.Output, StringComparison.Ordinal);
        Assert.NotEqual(0, changed.ExitCode);
        Assert.Equal("1.2.156.10197.1.501", signer.SignatureAlgorithm.Algorithm.Id);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
