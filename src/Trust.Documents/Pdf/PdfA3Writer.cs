using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using Trust.Documents.Fonts;
using Trust.Documents.Layout;

namespace Trust.Documents.Pdf;

/// <summary>
/// Writes a one-page PDF/A-3b file (ISO 19005-3) from a <see cref="PageModel"/>: the page's text in an embedded
/// subset TrueType font (Type0 / CIDFontType2, Identity-H, ToUnicode; ISO 32000-1 section 9.7), an sRGB output
/// intent, XMP metadata with the PDF/A identification and the licence metadata (with its extension schema
/// description, ISO 19005-3 section 6.6.2.3), and the signed licence as an associated file (section 6.8,
/// AFRelationship Source). Classic cross-reference table, no object streams, nothing encrypted.
/// </summary>
internal static class PdfA3Writer
{
    public const string AttachmentName = "licence.lic";
    public const string AttachmentMime = "application/trust-licence+cbor";
    public const string MetadataNamespace = "https://trust.example/ns/licence/1.0/";

    private static double Pt(double mm) => mm * 72 / 25.4;

    private static string N(double v) => Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>The page content stream (uncompressed), a pure function of the page and the subset's glyph ids.</summary>
    public static byte[] ContentStream(PageModel page, FontSubset font)
    {
        var sb = new StringBuilder();
        var height = Pt(page.Height);
        sb.Append("q\n0.55 0.08 0.08 RG\n");
        foreach (var r in page.Rects.Where(r => !r.Fill))
        {
            sb.Append(N(Pt(r.LineWidth))).Append(" w\n");
            if (r.Height == 0)
            {
                sb.Append(N(Pt(r.X))).Append(' ').Append(N(height - Pt(r.Y))).Append(" m ")
                  .Append(N(Pt(r.X + r.Width))).Append(' ').Append(N(height - Pt(r.Y))).Append(" l S\n");
            }
            else
            {
                sb.Append(N(Pt(r.X))).Append(' ').Append(N(height - Pt(r.Y + r.Height))).Append(' ')
                  .Append(N(Pt(r.Width))).Append(' ').Append(N(Pt(r.Height))).Append(" re S\n");
            }
        }

        sb.Append("0 0 0 rg\n");
        foreach (var r in page.Rects.Where(r => r.Fill))
        {
            sb.Append(N(Pt(r.X))).Append(' ').Append(N(height - Pt(r.Y + r.Height))).Append(' ')
              .Append(N(Pt(r.Width))).Append(' ').Append(N(Pt(r.Height))).Append(" re\n");
        }

        sb.Append("f\nBT\n");
        foreach (var t in page.Texts)
        {
            sb.Append("/F1 ").Append(N(Pt(t.Size))).Append(" Tf 1 0 0 1 ").Append(N(Pt(t.X))).Append(' ')
              .Append(N(height - Pt(t.Y))).Append(" Tm <");
            foreach (var cp in PageModel.Runes(t.Text))
            {
                sb.Append(font.Glyph(cp).ToString("X4", CultureInfo.InvariantCulture));
            }

            sb.Append("> Tj\n");
        }

        sb.Append("ET\nQ\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    public static byte[] Write(PageModel page, FontSubset font, ReadOnlyMemory<byte> licence, IReadOnlyList<(string Name, string Value)> metadata, string title, DateTimeOffset created)
    {
        var objects = new List<byte[]>();
        int Reserve()
        {
            objects.Add([]);
            return objects.Count;
        }

        void Set(int number, string dictionary) => objects[number - 1] = Encoding.ASCII.GetBytes(dictionary);
        void SetStream(int number, string dictionary, byte[] data)
        {
            var head = Encoding.ASCII.GetBytes(dictionary[..^2] + "/Length " + data.Length.ToString(CultureInfo.InvariantCulture) + ">>\nstream\n");
            objects[number - 1] = [.. head, .. data, .. "\nendstream"u8];
        }

        var catalog = Reserve();
        var pages = Reserve();
        var pageObj = Reserve();
        var contents = Reserve();
        var type0 = Reserve();
        var cidFont = Reserve();
        var descriptor = Reserve();
        var fontFile = Reserve();
        var toUnicode = Reserve();
        var xmp = Reserve();
        var icc = Reserve();
        var fileSpec = Reserve();
        var embedded = Reserve();

        var tag = SubsetTag(font.Data);
        var fontName = tag + "+" + PdfName(font.Source.PostScriptName);
        var date = PdfDate(created);
        var mediaBox = $"[0 0 {N(Pt(page.Width))} {N(Pt(page.Height))}]";

        Set(catalog, $"<</Type/Catalog/Pages {pages} 0 R/Metadata {xmp} 0 R/Lang(zh-CN)" +
            $"/OutputIntents[<</Type/OutputIntent/S/GTS_PDFA1/OutputConditionIdentifier(sRGB IEC61966-2.1)/RegistryName(http://www.color.org)/Info({SrgbProfile.Description})/DestOutputProfile {icc} 0 R>>]" +
            $"/Names<</EmbeddedFiles<</Names[({AttachmentName}) {fileSpec} 0 R]>>>>/AF[{fileSpec} 0 R]/PageMode/UseNone>>");
        Set(pages, $"<</Type/Pages/Kids[{pageObj} 0 R]/Count 1>>");
        Set(pageObj, $"<</Type/Page/Parent {pages} 0 R/MediaBox{mediaBox}/Resources<</Font<</F1 {type0} 0 R>>>>/Contents {contents} 0 R>>");
        SetStream(contents, "<<>>", ContentStream(page, font));
        Set(type0, $"<</Type/Font/Subtype/Type0/BaseFont/{fontName}/Encoding/Identity-H/DescendantFonts[{cidFont} 0 R]/ToUnicode {toUnicode} 0 R>>");
        Set(cidFont, $"<</Type/Font/Subtype/CIDFontType2/BaseFont/{fontName}/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>" +
            $"/FontDescriptor {descriptor} 0 R/DW 1000/W{Widths(font)}/CIDToGIDMap/Identity>>");
        var em = 1000.0 / font.Source.UnitsPerEm;
        Set(descriptor, $"<</Type/FontDescriptor/FontName/{fontName}/Flags 4/FontBBox[{N(font.Source.XMin * em)} {N(font.Source.YMin * em)} {N(font.Source.XMax * em)} {N(font.Source.YMax * em)}]" +
            $"/ItalicAngle 0/Ascent {N(font.Source.Ascender * em)}/Descent {N(font.Source.Descender * em)}/CapHeight {N(font.Source.Ascender * em)}/StemV 80/FontFile2 {fontFile} 0 R>>");
        SetStream(fontFile, $"<</Filter/FlateDecode/Length1 {font.Data.Length}>>", Deflate(font.Data));
        SetStream(toUnicode, "<<>>", ToUnicode(font));
        SetStream(xmp, "<</Type/Metadata/Subtype/XML>>", Xmp(metadata, title, created));
        SetStream(icc, "<</N 3/Filter/FlateDecode>>", Deflate(SrgbProfile.Data));
        Set(fileSpec, $"<</Type/Filespec/F({AttachmentName})/UF({AttachmentName})/Desc(Signed e-licence, COSE_Sign1)/AFRelationship/Source/EF<</F {embedded} 0 R/UF {embedded} 0 R>>>>");
        SetStream(embedded, $"<</Type/EmbeddedFile/Subtype/{PdfName(AttachmentMime)}/Params<</Size {licence.Length}/ModDate({date})/CreationDate({date})>>>>", licence.ToArray());

        var output = new MemoryStream();
        output.Write("%PDF-1.7\n"u8);
        output.Write([0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A]);
        var offsets = new long[objects.Count];
        for (var i = 0; i < objects.Count; i++)
        {
            offsets[i] = output.Position;
            output.Write(Encoding.ASCII.GetBytes($"{i + 1} 0 obj\n"));
            output.Write(objects[i]);
            output.Write("\nendobj\n"u8);
        }

        var xref = output.Position;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var o in offsets)
        {
            sb.Append(o.ToString("D10", CultureInfo.InvariantCulture)).Append(" 00000 n \n");
        }

        var id = Convert.ToHexString(SHA256.HashData(output.ToArray()).AsSpan(0, 16));
        sb.Append(CultureInfo.InvariantCulture, $"trailer\n<</Size {objects.Count + 1}/Root {catalog} 0 R/ID[<{id}><{id}>]>>\nstartxref\n{xref}\n%%EOF\n");
        output.Write(Encoding.ASCII.GetBytes(sb.ToString()));
        return output.ToArray();
    }

    private static string Widths(FontSubset font)
    {
        var sb = new StringBuilder("[0[");
        sb.AppendJoin(' ', font.Widths.Select(w => w.ToString(CultureInfo.InvariantCulture)));
        return sb.Append("]]").ToString();
    }

    private static byte[] ToUnicode(FontSubset font)
    {
        var sb = new StringBuilder();
        sb.Append("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo<</Registry(Adobe)/Ordering(UCS)/Supplement 0>> def\n");
        sb.Append("/CMapName/Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000><FFFF>\nendcodespacerange\n");
        var pairs = font.GlyphOf.Where(p => p.Value != 0).OrderBy(p => p.Value).ToList();
        for (var i = 0; i < pairs.Count; i += 100)
        {
            var chunk = pairs.Skip(i).Take(100).ToList();
            sb.Append(CultureInfo.InvariantCulture, $"{chunk.Count} beginbfchar\n");
            foreach (var (cp, gid) in chunk)
            {
                var utf16 = Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes(char.ConvertFromUtf32(cp)));
                sb.Append(CultureInfo.InvariantCulture, $"<{gid:X4}><{utf16}>\n");
            }

            sb.Append("endbfchar\n");
        }

        sb.Append("endcmap\nCMapName currentdict/CMap defineresource pop\nend\nend\n");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    private static byte[] Xmp(IReadOnlyList<(string Name, string Value)> metadata, string title, DateTimeOffset created)
    {
        static string X(string s) => SecurityElement.Escape(s) ?? "";
        var date = LicenceMetadata.Iso(created);
        var sb = new StringBuilder();
        sb.Append("<?xpacket begin=\"\uFEFF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
        sb.Append("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
        sb.Append("<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\"><pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:format>application/pdf</dc:format><dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{X(title)}</rdf:li></rdf:Alt></dc:title>");
        sb.Append(CultureInfo.InvariantCulture, $"<dc:identifier>{X(metadata[0].Value)}</dc:identifier></rdf:Description>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"><xmp:CreateDate>{date}</xmp:CreateDate><xmp:ModifyDate>{date}</xmp:ModifyDate><xmp:CreatorTool>Trust</xmp:CreatorTool></rdf:Description>\n");
        sb.Append("<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"><pdf:Producer>Trust</pdf:Producer></rdf:Description>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<rdf:Description rdf:about=\"\" xmlns:lic=\"{MetadataNamespace}\">");
        foreach (var (name, value) in metadata)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<lic:{name}>{X(value)}</lic:{name}>");
        }

        sb.Append("</rdf:Description>\n");

        // ISO 19005-3 section 6.6.2.3.1: a custom schema is described by a PDF/A extension schema.
        sb.Append("<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n");
        sb.Append("<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType=\"Resource\">");
        sb.Append(CultureInfo.InvariantCulture, $"<pdfaSchema:schema>Trust e-licence</pdfaSchema:schema><pdfaSchema:namespaceURI>{MetadataNamespace}</pdfaSchema:namespaceURI><pdfaSchema:prefix>lic</pdfaSchema:prefix>");
        sb.Append("<pdfaSchema:property><rdf:Seq>");
        foreach (var (name, _) in metadata)
        {
            sb.Append(CultureInfo.InvariantCulture, $"<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name><pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external</pdfaProperty:category><pdfaProperty:description>{name}</pdfaProperty:description></rdf:li>");
        }

        sb.Append("</rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>\n");
        sb.Append("</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static byte[] Deflate(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }

        return ms.ToArray();
    }

    /// <summary>Six upper-case letters derived from the subset's bytes (ISO 32000-1 section 9.6.4).</summary>
    private static string SubsetTag(byte[] data)
    {
        var hash = SHA256.HashData(data);
        return new string(hash.Take(6).Select(b => (char)('A' + (b % 26))).ToArray());
    }

    private static string PdfName(string name)
    {
        var sb = new StringBuilder();
        foreach (var c in name)
        {
            if (c is > '!' and < '~' and not ('#' or '/' or '(' or ')' or '<' or '>' or '[' or ']' or '{' or '}' or '%'))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(CultureInfo.InvariantCulture, $"#{(int)c:X2}");
            }
        }

        return sb.ToString();
    }

    private static string PdfDate(DateTimeOffset at) => "D:" + at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "Z";
}
