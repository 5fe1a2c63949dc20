using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Signing;

/// <summary>Files over 100 MB (always) and over 2 GB (opt-in: TRUST_TEST_PDF_2GB=1) seal and verify with 64-bit offsets.</summary>
public sealed class LargeFileTests
{
    private static void SealAndVerify(long size, bool runPdfsig)
    {
        var input = Path.Combine(Path.GetTempPath(), "trust-large-" + Guid.NewGuid().ToString("N") + ".pdf");
        var output = input + ".sealed.pdf";
        try
        {
            LargePdfs.Write(input, size);
            PdfSealer.Seal(input, output, Sealing.Options(TestPki.Rsa));
            Assert.True(new FileInfo(output).Length > size);
            var report = PdfSealVerifier.Verify(output, new PdfVerificationOptions { CertificateValidator = TestPki.Rsa.Validator });
            Assert.True(report.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons))));
            Assert.True(report.Seals[0].CoversWholeDocument);
            if (runPdfsig)
            {
                var (_, sig) = ExternalTools.Run("pdfsig", "-nocert", output);
                Assert.Contains("Signature is Valid.", sig, StringComparison.Ordinal);
                Assert.Contains("Total document signed", sig, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    [Fact]
    public void File_over_100_MB_seals_and_verifies()
    {
        SealAndVerify(105L * 1024 * 1024, runPdfsig: true);
    }

    [OptInFact("TRUST_TEST_PDF_2GB")]
    public void File_over_2_GB_seals_and_verifies_when_enabled()
    {
        SealAndVerify((2L * 1024 * 1024 * 1024) + (64L * 1024 * 1024), runPdfsig: false);
    }
}
