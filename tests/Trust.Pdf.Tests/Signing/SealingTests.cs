using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Signing;

public sealed class SealingTests
{
    [Fact]
    public void Sealed_output_starts_with_the_original_bytes_unchanged()
    {
        var original = TestPdfs.Simple(2);
        var sealedPdf = Sealing.Seal(original, TestPki.Rsa);
        Assert.True(sealedPdf.Length > original.Length);
        Assert.Equal(original, sealedPdf[..original.Length]);
    }

    [Fact]
    public void Rsa_seal_passes_pdfsig_and_qpdf_check()
    {
        var sealedPdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var path = ExternalTools.TempFile(sealedPdf);
        try
        {
            var (_, sig) = ExternalTools.Run("pdfsig", path);
            Assert.Contains("Signature is Valid.", sig, StringComparison.Ordinal);
            Assert.Contains("Total document signed", sig, StringComparison.Ordinal);
            var (code, check) = ExternalTools.Run("qpdf", "--check", path);
            Assert.True(code == 0, check);
            Assert.Contains("No syntax or stream encoding errors", check, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
