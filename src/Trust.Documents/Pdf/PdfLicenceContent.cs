using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;

namespace Trust.Documents.Pdf;

/// <summary>
/// Reads the embedded licence (the one associated file named <c>licence.lic</c>) and the first page's content
/// stream from a licence PDF (its final revision), and compares the content stream byte for byte with the stream
/// rendered from the embedded licence.
/// </summary>
internal static class PdfLicenceContent
{
    public static EmbeddedContent Read(byte[] pdf)
    {
        try
        {
            using var document = PdfDocument.Open(pdf);
            if (!document.Advanced.TryGetEmbeddedFiles(out var files) || files.Count != 1 || files[0].Name != PdfA3Writer.AttachmentName)
            {
                return EmbeddedContent.None;
            }

            var licence = files[0].Bytes.ToArray();
            if (document.NumberOfPages != 1)
            {
                return new EmbeddedContent(licence, _ => false);
            }

            var page = document.GetPage(1);
            byte[]? content = null;
            if (page.Dictionary.Data.TryGetValue(NameToken.Contents.Data, out var token) && token is IndirectReferenceToken reference
                && document.Structure.GetObject(reference.Data)?.Data is StreamToken stream
                && !stream.StreamDictionary.Data.ContainsKey(NameToken.Filter.Data))
            {
                content = stream.Data.ToArray();
            }

            return new EmbeddedContent(licence, rendered =>
                content is not null && content.AsSpan().SequenceEqual(PdfA3Writer.ContentStream(rendered.Page, rendered.Font)));
        }
#pragma warning disable CA1031 // A file PdfPig cannot read has no readable licence; the seal report says why.
        catch (Exception)
#pragma warning restore CA1031
        {
            return EmbeddedContent.None;
        }
    }
}
