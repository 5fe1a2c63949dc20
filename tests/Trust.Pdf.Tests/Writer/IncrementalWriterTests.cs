using System.Text;
using Trust.Pdf.Internal.Reader;
using Trust.Pdf.Internal.Writer;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Writer;

public sealed class IncrementalWriterTests
{
    [Fact]
    public void Classic_table_file_gets_a_classic_table_update_with_prev()
    {
        var original = TestPdfs.Simple();
        var pdf = Sealing.Seal(original, TestPki.Rsa);
        var appended = Encoding.Latin1.GetString(pdf, original.Length, pdf.Length - original.Length);
        Assert.Contains("\nxref\n", appended, StringComparison.Ordinal);
        Assert.Matches(@"/Prev \d+", appended);
        Assert.EndsWith("%%EOF\n", appended, StringComparison.Ordinal);
    }

    [Fact]
    public void Xref_stream_file_gets_an_xref_stream_update_that_pdfsig_and_qpdf_accept()
    {
        // Make an xref-stream file: append an update in stream mode with the writer alone.
        var original = TestPdfs.Simple();
        byte[] withStream;
        using (var input = new MemoryStream(original))
        using (var reader = PdfRevisionReader.Open(input))
        using (var output = new MemoryStream())
        {
            var (offset, _) = reader.LastXref();
            var update = new IncrementalUpdate(reader.NextObjectNumber, XrefKind.Stream, offset, reader.RootReference, reader.InfoReference, reader.Identifier);
            update.Add(update.Allocate(), new UglyToad.PdfPig.Tokens.DictionaryToken(new Dictionary<UglyToad.PdfPig.Tokens.NameToken, UglyToad.PdfPig.Tokens.IToken>
            {
                [UglyToad.PdfPig.Tokens.NameToken.Create("Note")] = new UglyToad.PdfPig.Tokens.StringToken("x"),
            }));
            output.Write(original);
            update.WriteTo(output, original.Length, true);
            withStream = output.ToArray();
        }

        var sealedPdf = Sealing.Seal(withStream, TestPki.Rsa);
        var appended = Encoding.Latin1.GetString(sealedPdf, withStream.Length, sealedPdf.Length - withStream.Length);
        Assert.Contains("/Type /XRef", appended, StringComparison.Ordinal);
        Assert.DoesNotContain("\nxref\n", appended, StringComparison.Ordinal);
        var path = ExternalTools.TempFile(sealedPdf);
        try
        {
            Assert.Equal(0, ExternalTools.Run("qpdf", "--check", path).ExitCode);
            Assert.Contains("Signature is Valid.", ExternalTools.Run("pdfsig", "-nocert", path).Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Wrong_startxref_is_recovered_to_the_real_section()
    {
        var pdf = TestPdfs.Simple(startxrefError: 3);
        using var input = new MemoryStream(pdf);
        using var reader = PdfRevisionReader.Open(input);
        var (offset, kind) = reader.LastXref();
        Assert.Equal(XrefKind.Table, kind);
        Assert.StartsWith("xref", Encoding.Latin1.GetString(pdf, (int)offset, 4), StringComparison.Ordinal);
    }

    [Fact]
    public void Revision_scanner_finds_every_eof_with_its_end_of_line()
    {
        var once = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var twice = Sealing.Seal(once, TestPki.Rsa);
        using var ms = new MemoryStream(twice);
        var ends = RevisionScanner.FindRevisionEnds(ms);
        Assert.Equal(3, ends.Count);
        Assert.Equal(TestPdfs.Simple().Length, ends[0]);
        Assert.Equal(once.Length, ends[1]);
        Assert.Equal(twice.Length, ends[2]);
    }

    [FsCheck.Xunit.Property(MaxTest = 100)]
    public bool Reader_never_crashes_on_random_bytes(byte[] bytes)
    {
        using var ms = new MemoryStream([.. "%PDF-1.7\n"u8, .. bytes ?? []]);
        try
        {
            using var reader = PdfRevisionReader.Open(ms);
            _ = reader.Pages;
            return true;
        }
        catch (Trust.Core.TrustFormatException)
        {
            return true;
        }
    }
}
