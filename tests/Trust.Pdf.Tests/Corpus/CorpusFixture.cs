using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Corpus;

/// <summary>Runs corpus/make-corpus.sh once into a temporary directory and adds the hand-written edge cases.</summary>
public sealed class CorpusFixture : IDisposable
{
    public CorpusFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "trust-pdf-corpus-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
        var script = Path.Combine(AppContext.BaseDirectory, "corpus", "make-corpus.sh");
        var (code, output) = ExternalTools.Run("bash", script, Directory);
        Log = output;
        if (code != 0)
        {
            throw new InvalidOperationException("make-corpus.sh failed: " + output);
        }

        foreach (var (name, bytes) in HandWritten())
        {
            File.WriteAllBytes(Path.Combine(Directory, name), bytes);
        }
    }

    public string Directory { get; }

    public string Log { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public static IEnumerable<(string Name, byte[] Bytes)> HandWritten()
    {
        yield return ("hand-mediabox-offset.pdf", TestPdfs.Simple(mediaBox: "-300 -400 295 442"));
        yield return ("hand-rotated-90.pdf", TestPdfs.Simple(rotate: 90));
        yield return ("hand-rotated-180.pdf", TestPdfs.Simple(rotate: 180));
        yield return ("hand-rotated-270.pdf", TestPdfs.Simple(rotate: 270, mediaBox: "100 100 695 942"));
        yield return ("hand-trailing-garbage.pdf", TestPdfs.Simple(trailingGarbage: "\nThis is trailing garbage after %%EOF\n\0\0\0"));
        yield return ("hand-wrong-startxref.pdf", TestPdfs.Simple(startxrefError: 3));
        yield return ("hand-acroform.pdf", TestPdfs.Assemble(
        [
            "<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [6 0 R] /DA (/Helv 0 Tf 0 g) /NeedAppearances false >> >>",
            "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R /Annots [6 0 R] >>",
            "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 700 Td (Pay 100 EUR) Tj ET\nendstream",
            "<< /Type /Annot /Subtype /Widget /FT /Tx /T (name) /V (Alice) /Rect [72 600 300 630] /P 4 0 R >>",
        ]));
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, true);
        }
        catch (IOException)
        {
        }
    }
}
