using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Trust.Core.Pki;
using Trust.Core.Timestamps;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Timestamps;

/// <summary>PAdES B-T: a seal with a signature time-stamp (unsigned attribute id-aa-signatureTimeStampToken).</summary>
public sealed class SignatureTimestampTests
{
    private static PdfVerificationReport Verify(byte[] pdf, TestPki pki, ICertificateValidator? validator = null, DateTimeOffset? at = null)
    {
        using var ms = new MemoryStream(pdf);
        return PdfSealVerifier.Verify(ms, new PdfVerificationOptions { CertificateValidator = validator ?? TestTsa.Shared.With(pki.Validator), ValidationTime = at });
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("sm2")]
    public void Seal_with_a_tsa_is_b_t_and_its_timestamp_is_reported(string alg)
    {
        var pki = alg == "rsa" ? TestPki.Rsa : TestPki.Sm2;
        var sealedPdf = Sealing.Seal(TestPdfs.Simple(), pki, b => b.TimestampClient = TestTsa.Shared.Client);

        var report = Verify(sealedPdf, pki);

        var seal = Assert.Single(report.Seals);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal(PdfLevels.Timestamped, seal.Level);
        Assert.NotNull(seal.SignatureTimestamp);
        Assert.True(seal.SignatureTimestamp!.Valid, string.Join(", ", seal.SignatureTimestamp.Reasons));
        Assert.Contains("PDF test TSA", seal.SignatureTimestamp.Tsa, StringComparison.Ordinal);
        Assert.True(Math.Abs((seal.SignatureTimestamp.Time!.Value - DateTimeOffset.UtcNow).TotalMinutes) < 10);
    }

    [Fact]
    public void Seal_without_a_tsa_is_b_b()
    {
        var report = Verify(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa), TestPki.Rsa);

        Assert.Equal(PdfLevels.BasicSignature, Assert.Single(report.Seals).Level);
        Assert.Null(report.Seals[0].SignatureTimestamp);
    }

    [Fact]
    public void Timestamp_from_an_untrusted_tsa_makes_the_seal_indeterminate_not_b_t()
    {
        var sealedPdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, b => b.TimestampClient = TestTsa.Shared.Client);

        // The seal's CA only: the TSA's root is unknown.
        var report = Verify(sealedPdf, TestPki.Rsa, TestPki.Rsa.Validator);

        var seal = Assert.Single(report.Seals);
        Assert.Equal(PdfDocumentVerdict.Indeterminate, seal.Verdict);
        Assert.Equal(PdfLevels.BasicSignature, seal.Level);
        Assert.StartsWith(TimestampReasons.TsaUntrusted, Assert.Single(seal.SignatureTimestamp!.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Timestamp_over_another_signature_value_is_invalid()
    {
        // Move the token of one sealed copy into another (same length: the hex /Contents keeps its size).
        var first = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, b => b.TimestampClient = TestTsa.Shared.Client);
        // Another position: RSA PKCS#1 v1.5 is deterministic, so two identical seals in the same second would share the signature value.
        var second = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, b =>
        {
            b.TimestampClient = TestTsa.Shared.Client;
            b.XMm = 90;
        });
        var tokenOfFirst = TokenOf(first);
        var tokenOfSecond = TokenOf(second);
        Assert.Equal(tokenOfFirst.Length, tokenOfSecond.Length);
        var hexFirst = System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(tokenOfFirst));
        var hexSecond = System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(tokenOfSecond));
        var at = second.AsSpan().IndexOf(hexSecond);
        Assert.True(at > 0);
        hexFirst.CopyTo(second.AsSpan(at));

        var report = Verify(second, TestPki.Rsa);

        var seal = Assert.Single(report.Seals);
        Assert.Equal(PdfDocumentVerdict.Invalid, seal.Verdict);
        Assert.Contains(TimestampReasons.ImprintMismatch, seal.Reasons);
        Assert.Equal(PdfSealIntegrity.Intact, seal.Integrity);
    }

    [Fact]
    public void Timestamped_rsa_seal_passes_pdfsig_and_qpdf_check()
    {
        var path = ExternalTools.TempFile(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, b => b.TimestampClient = TestTsa.Shared.Client));
        try
        {
            var (_, sig) = ExternalTools.Run("pdfsig", path);
            Assert.Contains("Signature is Valid.", sig, StringComparison.Ordinal);
            var (code, check) = ExternalTools.Run("qpdf", "--check", path);
            Assert.True(code == 0, check);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] TokenOf(byte[] pdf)
    {
        var text = System.Text.Encoding.Latin1.GetString(pdf);
        var start = text.LastIndexOf("/Contents <", StringComparison.Ordinal) + "/Contents <".Length;
        var end = text.IndexOf('>', start);
        var cms = Convert.FromHexString(text[start..end]);
        using var stream = new Asn1InputStream(cms);
        var signedData = SignedData.GetInstance(ContentInfo.GetInstance(stream.ReadObject()).Content);
        var signer = SignerInfo.GetInstance(signedData.SignerInfos[0]);
        return signer.UnsignedAttrs[0] is var a ? Org.BouncyCastle.Asn1.Cms.Attribute.GetInstance(a).AttrValues[0].GetEncoded(Asn1Encodable.Der) : [];
    }
}
