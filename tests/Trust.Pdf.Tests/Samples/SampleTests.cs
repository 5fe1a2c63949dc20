using Trust.Pdf.Tests.Support;
using Trust.Samples.PdfSealing;

namespace Trust.Pdf.Tests.Samples;

/// <summary>Runs samples/PdfSealing (compiled into this project) so the README's example stays true.</summary>
public sealed class SampleTests
{
    [Fact]
    public void Sample_seals_and_verifies_a_pdf_as_valid()
    {
        var input = ExternalTools.TempFile(TestPdfs.Simple());
        var output = input + ".sealed.pdf";
        try
        {
            var report = PdfSealingSample.Run(input, output);
            Assert.True(report.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", report.Seals.SelectMany(s => s.Reasons)));
            Assert.Equal("SAMPLE-01", report.Seals[0].SealId);
            Assert.Equal("SM2-SM3", report.Seals[0].Algorithm);
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }
}
