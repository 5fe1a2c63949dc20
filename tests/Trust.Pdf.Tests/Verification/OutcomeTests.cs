using Trust.Core.Results;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Verification;

/// <summary>The PDF reports in the common result model: outcomes, catalogued snake_case reasons, verdict words.</summary>
public sealed class OutcomeTests
{
    private static PdfVerificationReport Verify(byte[] pdf) => VerificationTests.Verify(pdf, TestPki.Rsa);

    private static void AssertCatalogued(PdfVerificationReport report)
    {
        foreach (var reason in report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons)))
        {
            Assert.True(ReasonCatalog.Find(reason) is not null, $"reason '{reason}' is not in the catalogue");
            Assert.DoesNotContain("-", reason.Split(':')[0], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Valid_sealed_pdf_passes()
    {
        var report = Verify(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa));
        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, report.Outcome.ToString());
        Assert.True(report.Outcome.IsPassed);
        Assert.True(report.Seals[0].Outcome.IsPassed);
        Assert.Equal("valid", PdfVerdicts.ToText(report.Verdict));
        Assert.Equal("valid", PdfVerdicts.ToText(report.Seals[0].Integrity));
    }

    [Fact]
    public void Unsigned_pdf_is_indeterminate_with_no_signature_found()
    {
        var report = Verify(TestPdfs.Simple());
        Assert.Equal(PdfDocumentVerdict.Unsigned, report.Verdict);
        Assert.Equal((Indication.Indeterminate, SubIndication.NoSignatureFound), (report.Outcome.Indication, report.Outcome.SubIndication));
        Assert.Equal(["pdf.unsigned"], report.Outcome.Reasons);
        Assert.Equal("unsigned", PdfVerdicts.ToText(report.Verdict));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x25, 0x50, 0x44, 0x46 })]
    [InlineData(new byte[] { 0x00, 0x01, 0x02, 0xFF })]
    public void Unreadable_input_is_indeterminate_with_a_catalogued_reason(byte[] bytes)
    {
        var report = Verify(bytes);
        Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.False(report.Outcome.IsPassed);
        AssertCatalogued(report);
    }

    [Fact]
    public void Changed_signed_bytes_fail_with_a_hash_or_format_failure()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var attacked = Increment.Patch(pdf, "/ByteRange [0 ", "/ByteRange [1 ");
        var report = Verify(attacked);
        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
        Assert.Contains("byterange.not_from_start", report.Seals[0].Reasons);
        Assert.Equal((Indication.Failed, SubIndication.FormatFailure), (report.Seals[0].Outcome.Indication, report.Seals[0].Outcome.SubIndication));
        Assert.Equal(Indication.Failed, report.Outcome.Indication);
        Assert.Equal("invalid", PdfVerdicts.ToText(report.Verdict));
        AssertCatalogued(report);
    }

    [Fact]
    public void Modified_pdf_fails_with_not_permitted_change_although_its_changes_carry_no_code()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        const string evil = "BT /F1 24 Tf 72 700 Td (Page 1: pay 900 EUR) Tj ET";
        var attacked = Increment.Append(pdf, new Dictionary<int, string> { [5] = $"<< /Length {evil.Length} >>\nstream\n{evil}\nendstream" });
        var report = Verify(attacked);
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        Assert.Equal((Indication.Failed, SubIndication.NotPermittedChange), (report.Seals[0].Outcome.Indication, report.Seals[0].Outcome.SubIndication));
        Assert.Equal((Indication.Failed, SubIndication.NotPermittedChange), (report.Outcome.Indication, report.Outcome.SubIndication));
        Assert.Equal("modified", PdfVerdicts.ToText(report.Verdict));
        AssertCatalogued(report);
    }

    [Fact]
    public void Skipped_change_analysis_is_indeterminate_with_a_snake_case_reason()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var later = Increment.Append(pdf, new Dictionary<int, string> { [99] = "<< /Producer (x) >>" });
        var report = VerificationTests.Verify(later, TestPki.Rsa, skipChanges: true);
        Assert.Equal(PdfDocumentVerdict.Indeterminate, report.Verdict);
        Assert.Contains("change_analysis.skipped", report.Seals[0].Reasons);
        Assert.Equal(Indication.Indeterminate, report.Outcome.Indication);
        Assert.Equal("indeterminate", PdfVerdicts.ToText(report.Verdict));
    }

    [Fact]
    public void No_validator_gives_certificate_not_checked_in_snake_case()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        using var ms = new MemoryStream(pdf, writable: false);
        var report = PdfSealVerifier.Verify(ms, new PdfVerificationOptions());
        Assert.Contains("certificate.not_checked", report.Seals[0].Reasons);
        Assert.Equal("not-checked", report.Seals[0].CertificateStatus);
        Assert.Equal(Indication.Indeterminate, report.Outcome.Indication);
        AssertCatalogued(report);
    }

    [Fact]
    public void Untrusted_signer_reasons_are_catalogued_certificate_chain_codes()
    {
        var report = VerificationTests.Verify(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa), TestPki.Sm2);
        Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Contains(report.Seals[0].Reasons, r => r.StartsWith("certificate.chain.", StringComparison.Ordinal));
        Assert.False(report.Outcome.IsPassed);
        AssertCatalogued(report);
    }

    [FsCheck.Xunit.Property(MaxTest = 60)]
    public bool Random_bytes_after_a_pdf_header_never_pass_and_report_catalogued_reasons(byte[] bytes)
    {
        var report = Verify([.. "%PDF-1.7\n"u8, .. bytes ?? []]);
        var catalogued = report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons)).All(r => ReasonCatalog.Find(r) is not null);
        return !report.Outcome.IsPassed && catalogued;
    }
}
