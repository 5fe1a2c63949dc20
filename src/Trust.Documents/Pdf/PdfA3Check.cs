using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Trust.Pdf.Internal.Conformance;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace Trust.Documents.Pdf;

/// <summary>One PDF/A-3 rule a licence PDF breaks: the ISO 19005-3 clause, the object when the rule is about one, and what is wrong.</summary>
internal sealed record PdfA3Violation(string Clause, long? ObjectNumber, string Message)
{
    /// <inheritdoc />
    public override string ToString() => ObjectNumber is { } n ? $"{Clause} (object {n}): {Message}" : $"{Clause}: {Message}";
}

/// <summary>
/// A focused PDF/A-3b check (ISO 19005-3:2012) of a whole licence PDF, for the features the licence file uses. It is
/// not a general validator (veraPDF is not packaged for Debian); the seal's incremental update has its own check
/// (<see cref="PdfAIncrementCheck"/>). Rules, by clause:
/// <list type="bullet">
/// <item>6.1.2 header <c>%PDF-1.n</c> followed by a comment line of at least four bytes above 127;</item>
/// <item>6.1.3 trailer <c>/ID</c> with two strings, no <c>/Encrypt</c>;</item>
/// <item>6.1.7.1 streams without <c>/F</c>, <c>/FFilter</c>, <c>/FDecodeParms</c>; 6.1.7.2 no LZWDecode;</item>
/// <item>6.2.3 exactly one PDF/A output intent (<c>/S /GTS_PDFA1</c>) whose destination profile is an ICC output or display
///   profile with as many components as its <c>/N</c>; 6.2.4.3 device colour operators in the page content only when the output
///   intent has that number of components (DeviceGray always);</item>
/// <item>6.2.10 transparency: a transparency group needs <c>/CS</c> when there is no output intent; blend modes from ISO 32000-1;</item>
/// <item>6.2.11 fonts of the page: Type0 with a CIDFontType2 descendant (6.2.11.3.2 <c>/CIDToGIDMap</c> present), embedded
///   (6.2.11.4.1 <c>/FontFile2</c>), the <c>/W</c> widths equal to the embedded font's advance widths for every glyph the page
///   shows (6.2.11.5, ±1/1000 em), a <c>/ToUnicode</c> CMap mapping every shown glyph to Unicode (6.2.11.7.2);</item>
/// <item>6.6.2.1 the catalog's XMP metadata unfiltered and well-formed; 6.6.2.3.1 every property outside the predefined schemas
///   described by a PDF/A extension schema; 6.6.4 <c>pdfaid:part</c> 3 and <c>pdfaid:conformance</c> B;</item>
/// <item>6.8 every embedded file: its file specification has <c>/F</c>, <c>/UF</c> and an <c>/AFRelationship</c> of ISO 32000-2
///   (Source, Data, Alternative, Supplement, Unspecified) and is an associated file (<c>/AF</c>) of the catalog; its stream has a
///   MIME <c>/Subtype</c> and <c>/Params</c> with <c>/ModDate</c>.</item>
/// </list>
/// </summary>
internal static partial class PdfA3Check
{
    private static readonly HashSet<string> Relationships = ["Source", "Data", "Alternative", "Supplement", "Unspecified"];

    private static readonly HashSet<string> BlendModes = ["Normal", "Compatible", "Multiply", "Screen", "Overlay", "Darken", "Lighten", "ColorDodge",
        "ColorBurn", "HardLight", "SoftLight", "Difference", "Exclusion", "Hue", "Saturation", "Color", "Luminosity"];

    /// <summary>XMP namespaces that need no extension schema (ISO 19005-3 section 6.6.2.3.1, XMP specification part 1 and 2).</summary>
    private static readonly HashSet<string> PredefinedNamespaces =
    [
        "http://purl.org/dc/elements/1.1/", "http://ns.adobe.com/xap/1.0/", "http://ns.adobe.com/pdf/1.3/", "http://www.aiim.org/pdfa/ns/id/",
        "http://ns.adobe.com/xap/1.0/rights/", "http://ns.adobe.com/xap/1.0/mm/", "http://ns.adobe.com/xap/1.0/bj/", "http://ns.adobe.com/xap/1.0/t/pg/",
        "http://ns.adobe.com/photoshop/1.0/", "http://ns.adobe.com/exif/1.0/", "http://ns.adobe.com/tiff/1.0/",
        "http://www.aiim.org/pdfa/ns/extension/", "http://www.aiim.org/pdfa/ns/schema#", "http://www.aiim.org/pdfa/ns/property#",
        "http://www.aiim.org/pdfa/ns/type#", "http://www.aiim.org/pdfa/ns/field#",
    ];

    private const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

    /// <summary>The rules the whole file (its last revision) breaks; empty when it keeps them all.</summary>
    public static IReadOnlyList<PdfA3Violation> Check(byte[] pdf)
    {
        var violations = new List<PdfA3Violation>();
        void Fail(string clause, long? obj, string message) => violations.Add(new PdfA3Violation(clause, obj, message));

        CheckHeader(pdf, Fail);
        PdfObjects reader;
        try
        {
            reader = new PdfObjects(PdfDocument.Open(pdf));
        }
#pragma warning disable CA1031 // PdfPig throws many exception types for unreadable files; the check reports, never throws.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Fail("6.1", null, "the file cannot be read: " + e.Message);
            return violations;
        }

        using var _ = reader;
        if (reader.IsEncrypted)
        {
            Fail("6.1.3", null, "the file is encrypted");
        }

        if (reader.Identifier is not { Count: 2 } id || id.Any(t => t is not (HexToken or StringToken)))
        {
            Fail("6.1.3", null, "the trailer has no /ID of two strings");
        }

        foreach (var reference in reader.ObjectReferences)
        {
            if (reader.GetObject(reference) is StreamToken s)
            {
                CheckStream(s, reference.ObjectNumber, Fail);
            }
        }

        var components = CheckOutputIntent(reader, Fail);
        CheckMetadata(reader, Fail);
        CheckEmbeddedFiles(reader, Fail);
        for (var p = 1; p <= reader.PageCount; p++)
        {
            CheckPage(reader, reader.Page(p), components, Fail);
        }

        return violations;
    }

    private static void CheckHeader(byte[] pdf, Action<string, long?, string> fail)
    {
        var header = Encoding.ASCII.GetString(pdf, 0, Math.Min(pdf.Length, 9));
        if (!HeaderPattern().IsMatch(header))
        {
            fail("6.1.2", null, "the file does not start with %PDF-1.n");
            return;
        }

        var second = Array.IndexOf(pdf, (byte)'\n', 0, Math.Min(pdf.Length, 64)) + 1;
        if (second <= 0 || second >= pdf.Length || pdf[second] != (byte)'%' || pdf.Skip(second + 1).Take(4).Count(b => b > 127) < 4)
        {
            fail("6.1.2", null, "the header line is not followed by a comment of at least four bytes above 127");
        }
    }

    private static void CheckStream(StreamToken s, long number, Action<string, long?, string> fail)
    {
        foreach (var key in new[] { "F", "FFilter", "FDecodeParms" })
        {
            if (s.StreamDictionary.ContainsKey(NameToken.Create(key)))
            {
                fail("6.1.7.1", number, $"a stream has /{key}");
            }
        }

        if (Filters(s).Contains("LZWDecode"))
        {
            fail("6.1.7.2", number, "a stream uses LZWDecode");
        }
    }

    private static int? CheckOutputIntent(PdfObjects reader, Action<string, long?, string> fail)
    {
        if (!reader.Catalog.TryGet(NameToken.Create("OutputIntents"), out var token) || reader.Resolve(token) is not ArrayToken intents)
        {
            return null;
        }

        var pdfa = intents.Data.Select(i => reader.ResolveDictionary(i, "OutputIntent"))
            .Where(d => d is not null && d.TryGet(NameToken.S, out var s) && reader.Resolve(s) is NameToken { Data: "GTS_PDFA1" })
            .ToList();
        if (pdfa.Count != 1)
        {
            fail("6.2.3", null, $"{pdfa.Count} GTS_PDFA1 output intents (exactly one expected)");
            return null;
        }

        if (!pdfa[0]!.TryGet(NameToken.Create("DestOutputProfile"), out var profileToken) || reader.Resolve(profileToken) is not StreamToken profile)
        {
            fail("6.2.3", null, "the output intent has no DestOutputProfile stream");
            return null;
        }

        var n = profile.StreamDictionary.TryGet(NameToken.N, out var nToken) && reader.Resolve(nToken) is NumericToken number ? number.Int : 0;
        var icc = Decoded(profile);
        if (icc is null || icc.Length < 128)
        {
            fail("6.2.3", null, "the output intent's ICC profile cannot be read");
            return n;
        }

        var deviceClass = Encoding.ASCII.GetString(icc, 12, 4);
        var space = Encoding.ASCII.GetString(icc, 16, 4);
        var expected = space switch { "GRAY" => 1, "RGB " => 3, "CMYK" => 4, _ => -1 };
        if (deviceClass is not ("prtr" or "mntr") || expected != n || BinaryPrimitives.ReadUInt32BigEndian(icc) != icc.Length || Encoding.ASCII.GetString(icc, 36, 4) != "acsp")
        {
            fail("6.2.3", null, $"the output intent's ICC profile is not a consistent output or display profile (class '{deviceClass}', space '{space}', /N {n})");
        }

        return n;
    }

    private static void CheckMetadata(PdfObjects reader, Action<string, long?, string> fail)
    {
        if (!reader.Catalog.TryGet(NameToken.Metadata, out var token) || reader.Resolve(token) is not StreamToken stream)
        {
            fail("6.6.2.1", null, "the catalog has no XMP metadata stream");
            return;
        }

        if (stream.StreamDictionary.ContainsKey(NameToken.Filter))
        {
            fail("6.6.2.1", null, "the XMP metadata stream is filtered");
            return;
        }

        XDocument xmp;
        try
        {
            var text = Encoding.UTF8.GetString(stream.Data.Span);
            xmp = XDocument.Parse(text[text.IndexOf('<', StringComparison.Ordinal)..]);
        }
        catch (System.Xml.XmlException e)
        {
            fail("6.6.2.1", null, "the XMP metadata is not well-formed XML: " + e.Message);
            return;
        }

        var descriptions = xmp.Descendants(XName.Get("Description", Rdf)).ToList();
        string? Property(string ns, string name) =>
            descriptions.Select(d => d.Element(XName.Get(name, ns))?.Value ?? d.Attribute(XName.Get(name, ns))?.Value).FirstOrDefault(v => v is not null);
        var part = Property("http://www.aiim.org/pdfa/ns/id/", "part");
        var conformance = Property("http://www.aiim.org/pdfa/ns/id/", "conformance");
        if (part != "3" || conformance != "B")
        {
            fail("6.6.4", null, $"pdfaid:part '{part}' and pdfaid:conformance '{conformance}' (3 and B expected)");
        }

        // Every property of a namespace that is not predefined must be described by an extension schema.
        var described = xmp.Descendants(XName.Get("namespaceURI", "http://www.aiim.org/pdfa/ns/schema#"))
            .ToDictionary(e => e.Value, e => e.Parent!.Descendants(XName.Get("name", "http://www.aiim.org/pdfa/ns/property#")).Select(n => n.Value).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
        foreach (var property in descriptions.SelectMany(d => d.Elements()))
        {
            var ns = property.Name.NamespaceName;
            if (PredefinedNamespaces.Contains(ns))
            {
                continue;
            }

            if (!described.TryGetValue(ns, out var names) || !names.Contains(property.Name.LocalName))
            {
                fail("6.6.2.3.1", null, $"XMP property {property.Name.LocalName} of {ns} has no extension schema description");
            }
        }
    }

    private static void CheckEmbeddedFiles(PdfObjects reader, Action<string, long?, string> fail)
    {
        var associated = reader.Catalog.TryGet(NameToken.Create("AF"), out var af) && reader.Resolve(af) is ArrayToken afArray
            ? afArray.Data.OfType<IndirectReferenceToken>().Select(r => r.Data).ToHashSet()
            : [];
        if (reader.ResolveDictionary(reader.Catalog.TryGet(NameToken.Names, out var names) ? names : null, "Names") is not { } nameTree
            || reader.ResolveDictionary(nameTree.TryGet(NameToken.EmbeddedFiles, out var ef) ? ef : null, "EmbeddedFiles") is not { } files
            || !files.TryGet(NameToken.Names, out var list) || reader.Resolve(list) is not ArrayToken entries)
        {
            return;
        }

        for (var i = 1; i < entries.Data.Count; i += 2)
        {
            var specToken = entries.Data[i];
            var number = specToken is IndirectReferenceToken r ? r.Data.ObjectNumber : (long?)null;
            if (reader.ResolveDictionary(specToken, "Filespec") is not { } spec)
            {
                fail("6.8", number, "an embedded file entry is not a file specification");
                continue;
            }

            if (specToken is not IndirectReferenceToken reference || !associated.Contains(reference.Data))
            {
                fail("6.8", number, "the embedded file is not an associated file (/AF) of the catalog");
            }

            if (!spec.ContainsKey(NameToken.F) || !spec.ContainsKey(NameToken.Create("UF")))
            {
                fail("6.8", number, "the file specification lacks /F or /UF");
            }

            if (!spec.TryGet(NameToken.Create("AFRelationship"), out var relationship) || reader.Resolve(relationship) is not NameToken { } rel || !Relationships.Contains(rel.Data))
            {
                fail("6.8", number, "the file specification has no valid /AFRelationship");
            }

            if (reader.ResolveDictionary(spec.TryGet(NameToken.Ef, out var efDict) ? efDict : null, "EF") is not { } efEntries
                || !efEntries.TryGet(NameToken.F, out var fileToken) || reader.Resolve(fileToken) is not StreamToken file)
            {
                fail("6.8", number, "the file specification has no embedded file stream");
                continue;
            }

            if (!file.StreamDictionary.TryGet(NameToken.Subtype, out var subtype) || reader.Resolve(subtype) is not NameToken mime || !MimePattern().IsMatch(mime.Data))
            {
                fail("6.8", number, "the embedded file stream has no MIME type (/Subtype type/subtype)");
            }

            if (reader.ResolveDictionary(file.StreamDictionary.TryGet(NameToken.Create("Params"), out var p) ? p : null, "Params") is not { } parameters
                || !parameters.ContainsKey(NameToken.Create("ModDate")))
            {
                fail("6.8", number, "the embedded file stream has no /Params with /ModDate");
            }
        }
    }

    private static void CheckPage(PdfObjects reader, DictionaryToken page, int? components, Action<string, long?, string> fail)
    {
        long? number = null;
        CheckGroup(reader, page, components, number, fail);
        var resources = reader.ResolveDictionary(page.TryGet(NameToken.Resources, out var res) ? res : null, "Resources");
        var content = PageContent(reader, page);
        if (content is null)
        {
            fail("6.2.2", number, "the page content cannot be read");
            return;
        }

        // Device colour operators need an output intent with as many components (DeviceGray needs none).
        foreach (var (op, n) in new[] { ("rg", 3), ("RG", 3), ("k", 4), ("K", 4) })
        {
            if (Regex.IsMatch(content, $@"(?<=\s){op}(?=\s)", RegexOptions.CultureInvariant) && components != n)
            {
                fail("6.2.4.3", number, $"the page uses device colour '{op}' but the output intent has {components?.ToString(CultureInfo.InvariantCulture) ?? "no"} components");
            }
        }

        if (resources is not null && reader.ResolveDictionary(resources.TryGet(NameToken.ExtGState, out var gs) ? gs : null, "ExtGState") is { } states)
        {
            foreach (var (_, stateToken) in states.Data)
            {
                if (reader.ResolveDictionary(stateToken, "ExtGState") is { } state && state.TryGet(NameToken.Bm, out var bm)
                    && reader.Resolve(bm) is NameToken mode && !BlendModes.Contains(mode.Data))
                {
                    fail("6.2.10", number, $"blend mode {mode.Data} is not one of ISO 32000-1");
                }
            }
        }

        var fonts = resources is null ? null : reader.ResolveDictionary(resources.TryGet(NameToken.Font, out var f) ? f : null, "Font");
        foreach (var (name, fontToken) in fonts?.Data ?? new Dictionary<string, IToken>())
        {
            CheckFont(reader, name, fontToken, content, fail);
        }
    }

    private static void CheckGroup(PdfObjects reader, DictionaryToken owner, int? components, long? number, Action<string, long?, string> fail)
    {
        if (reader.ResolveDictionary(owner.TryGet(NameToken.Group, out var g) ? g : null, "Group") is { } group
            && group.TryGet(NameToken.S, out var s) && reader.Resolve(s) is NameToken { Data: "Transparency" }
            && components is null && !group.ContainsKey(NameToken.Cs))
        {
            fail("6.2.10", number, "a transparency group without /CS in a file without output intent");
        }
    }

    private static void CheckFont(PdfObjects reader, string name, IToken token, string content, Action<string, long?, string> fail)
    {
        var number = token is IndirectReferenceToken r ? r.Data.ObjectNumber : (long?)null;
        if (reader.ResolveDictionary(token, "Font") is not { } font
            || !font.TryGet(NameToken.Subtype, out var subtype) || reader.Resolve(subtype) is not NameToken { Data: "Type0" })
        {
            fail("6.2.11.2", number, $"font /{name} is not the Type0 font the licence page uses");
            return;
        }

        var descendants = font.TryGet(NameToken.DescendantFonts, out var d) ? reader.Resolve(d) as ArrayToken : null;
        var cid = descendants is { Data.Count: 1 } ? reader.ResolveDictionary(descendants.Data[0], "CIDFont") : null;
        if (cid is null || !cid.TryGet(NameToken.Subtype, out var cidType) || reader.Resolve(cidType) is not NameToken { Data: "CIDFontType2" })
        {
            fail("6.2.11.3.1", number, $"font /{name} has no CIDFontType2 descendant");
            return;
        }

        if (!cid.ContainsKey(NameToken.Create("CIDToGIDMap")))
        {
            fail("6.2.11.3.2", number, $"font /{name}: the CIDFontType2 has no /CIDToGIDMap");
        }

        var descriptor = reader.ResolveDictionary(cid.TryGet(NameToken.FontDescriptor, out var fd) ? fd : null, "FontDescriptor");
        var file = descriptor is not null && descriptor.TryGet(NameToken.FontFile2, out var ff) ? reader.Resolve(ff) as StreamToken : null;
        var program = file is null ? null : Decoded(file);
        if (program is null)
        {
            fail("6.2.11.4.1", number, $"font /{name} is not embedded (no readable /FontFile2)");
            return;
        }

        var shown = ShownGlyphs(content, name);
        var advances = TrueTypeAdvances(program);
        if (advances is null)
        {
            fail("6.2.11.4.1", number, $"font /{name}: the embedded font program is not a readable TrueType font");
            return;
        }

        var widths = Widths(reader, cid);
        var defaultWidth = cid.TryGet(NameToken.Dw, out var dw) && reader.Resolve(dw) is NumericToken dwn ? dwn.Double : 1000;
        foreach (var gid in shown)
        {
            if (gid >= advances.Value.Advances.Length)
            {
                fail("6.2.11.4.1", number, $"font /{name}: glyph {gid} is not in the embedded font");
                continue;
            }

            var expected = advances.Value.Advances[gid] * 1000.0 / advances.Value.UnitsPerEm;
            var declared = widths.TryGetValue(gid, out var w) ? w : defaultWidth;
            if (Math.Abs(declared - expected) > 1)
            {
                fail("6.2.11.5", number, $"font /{name}: glyph {gid} is {declared.ToString(CultureInfo.InvariantCulture)} wide in /W but {expected.ToString("0.#", CultureInfo.InvariantCulture)} in the font");
            }
        }

        var toUnicode = font.TryGet(NameToken.ToUnicode, out var tu) ? reader.Resolve(tu) as StreamToken : null;
        var map = toUnicode is null ? null : Decoded(toUnicode);
        if (map is null)
        {
            fail("6.2.11.7.2", number, $"font /{name} has no /ToUnicode CMap");
            return;
        }

        var mapped = BfChar().Matches(Encoding.ASCII.GetString(map))
            .Where(m => m.Groups[2].Value is not ("0000" or "FFFE" or "FEFF") && m.Groups[2].Value.Length > 0)
            .Select(m => int.Parse(m.Groups[1].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToHashSet();
        foreach (var gid in shown.Where(g => !mapped.Contains(g)))
        {
            fail("6.2.11.7.2", number, $"font /{name}: glyph {gid} has no Unicode value in /ToUnicode");
        }
    }

    /// <summary>The glyph ids the content shows with the font (Identity-H: two bytes per glyph in hex strings after <c>/NAME size Tf</c>).</summary>
    internal static HashSet<int> ShownGlyphs(string content, string font)
    {
        var glyphs = new HashSet<int>();
        var current = "";
        foreach (Match m in ContentTokens().Matches(content))
        {
            if (m.Groups["font"].Success)
            {
                current = m.Groups["font"].Value;
            }
            else if (current == font)
            {
                var hex = m.Groups["hex"].Value;
                for (var i = 0; i + 4 <= hex.Length; i += 4)
                {
                    glyphs.Add(int.Parse(hex.AsSpan(i, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                }
            }
        }

        return glyphs;
    }

    private static Dictionary<int, double> Widths(PdfObjects reader, DictionaryToken cid)
    {
        var result = new Dictionary<int, double>();
        if (!cid.TryGet(NameToken.W, out var w) || reader.Resolve(w) is not ArrayToken array)
        {
            return result;
        }

        var items = array.Data.Select(reader.Resolve).ToList();
        for (var i = 0; i < items.Count;)
        {
            if (items[i] is not NumericToken first)
            {
                break;
            }

            if (i + 1 < items.Count && items[i + 1] is ArrayToken list)
            {
                for (var k = 0; k < list.Data.Count; k++)
                {
                    if (reader.Resolve(list.Data[k]) is NumericToken width)
                    {
                        result[first.Int + k] = width.Double;
                    }
                }

                i += 2;
            }
            else if (i + 2 < items.Count && items[i + 1] is NumericToken last && items[i + 2] is NumericToken all)
            {
                for (var c = first.Int; c <= last.Int && c - first.Int < 65536; c++)
                {
                    result[c] = all.Double;
                }

                i += 3;
            }
            else
            {
                break;
            }
        }

        return result;
    }

    /// <summary>The advance widths (hmtx) and units per em (head) of a TrueType font, read here independently of the writer.</summary>
    private static (int[] Advances, int UnitsPerEm)? TrueTypeAdvances(byte[] font)
    {
        try
        {
            var tables = new Dictionary<string, (int Offset, int Length)>(StringComparer.Ordinal);
            var count = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(4));
            for (var i = 0; i < count; i++)
            {
                var record = font.AsSpan(12 + (16 * i), 16);
                tables[Encoding.ASCII.GetString(record[..4])] = ((int)BinaryPrimitives.ReadUInt32BigEndian(record[8..]), (int)BinaryPrimitives.ReadUInt32BigEndian(record[12..]));
            }

            var unitsPerEm = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["head"].Offset + 18));
            var metrics = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["hhea"].Offset + 34));
            var glyphs = BinaryPrimitives.ReadUInt16BigEndian(font.AsSpan(tables["maxp"].Offset + 4));
            var hmtx = font.AsSpan(tables["hmtx"].Offset, tables["hmtx"].Length);
            var advances = new int[glyphs];
            for (var g = 0; g < glyphs; g++)
            {
                advances[g] = BinaryPrimitives.ReadUInt16BigEndian(hmtx[(4 * Math.Min(g, metrics - 1))..]);
            }

            return unitsPerEm == 0 ? null : (advances, unitsPerEm);
        }
        catch (Exception e) when (e is KeyNotFoundException or ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    private static string? PageContent(PdfObjects reader, DictionaryToken page)
    {
        if (!page.TryGet(NameToken.Contents, out var token))
        {
            return "";
        }

        var parts = reader.Resolve(token) switch
        {
            StreamToken s => [s],
            ArrayToken a => a.Data.Select(reader.Resolve).OfType<StreamToken>().ToList(),
            _ => [],
        };
        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            var data = Decoded(part);
            if (data is null)
            {
                return null;
            }

            sb.Append(Encoding.Latin1.GetString(data)).Append('\n');
        }

        return sb.ToString();
    }

    private static string[] Filters(StreamToken s) =>
        !s.StreamDictionary.TryGet(NameToken.Filter, out var f) ? []
        : f is NameToken n ? [n.Data]
        : f is ArrayToken a ? [.. a.Data.OfType<NameToken>().Select(x => x.Data)]
        : ["?"];

    private static byte[]? Decoded(StreamToken s)
    {
        var filters = Filters(s);
        if (filters.Length == 0)
        {
            return s.Data.ToArray();
        }

        if (filters is not ["FlateDecode"])
        {
            return null;
        }

        try
        {
            using var z = new ZLibStream(new MemoryStream(s.Data.ToArray()), CompressionMode.Decompress);
            using var output = new MemoryStream();
            z.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^%PDF-1\.[0-7]")]
    private static partial Regex HeaderPattern();

    [GeneratedRegex(@"^[a-z]+/[A-Za-z0-9!#$&^_.+-]+$")]
    private static partial Regex MimePattern();

    [GeneratedRegex(@"<([0-9A-Fa-f]{4})>\s*<([0-9A-Fa-f]*)>")]
    private static partial Regex BfChar();

    [GeneratedRegex(@"/(?<font>[^\s/\[\]<>()]+)\s+[0-9.]+\s+Tf|<(?<hex>[0-9A-Fa-f]+)>\s*Tj")]
    private static partial Regex ContentTokens();
}

/// <summary>The objects of a PDF's last revision as PdfPig reads them, resolved the way the checks need.</summary>
internal sealed class PdfObjects(PdfDocument document) : IDisposable
{
    private const int MaxDepth = 32;

    public bool IsEncrypted => document.IsEncrypted;

    public IReadOnlyList<IToken>? Identifier => document.Structure.Trailer.Identifier;

    public IEnumerable<IndirectReference> ObjectReferences => document.Structure.CrossReferenceTable.ObjectOffsets.Keys;

    public DictionaryToken Catalog => document.Structure.Catalog.CatalogDictionary;

    public int PageCount => document.NumberOfPages;

    public DictionaryToken Page(int number) => document.GetPage(number).Dictionary;

    public IToken? GetObject(IndirectReference reference)
    {
        try
        {
            return document.Structure.GetObject(reference)?.Data;
        }
#pragma warning disable CA1031 // An unreadable object reads as missing; the rule that needs it reports it.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }

    public IToken? Resolve(IToken? token)
    {
        for (var i = 0; i < MaxDepth && token is IndirectReferenceToken r; i++)
        {
            token = GetObject(r.Data);
        }

        return token is IndirectReferenceToken ? null : token;
    }

    public DictionaryToken? ResolveDictionary(IToken? token, string field)
    {
        _ = field;
        return Resolve(token) switch
        {
            DictionaryToken d => d,
            StreamToken s => s.StreamDictionary,
            _ => null,
        };
    }

    public void Dispose() => document.Dispose();
}
