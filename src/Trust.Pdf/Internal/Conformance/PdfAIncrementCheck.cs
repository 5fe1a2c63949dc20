using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.X509;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using Trust.Pdf.Internal.ChangeAnalysis;
using Trust.Pdf.Internal.Reader;

namespace Trust.Pdf.Internal.Conformance;

/// <summary>One PDF/A rule broken by an incremental update.</summary>
/// <param name="Clause">The ISO 19005-2 (PDF/A-2) clause, for example <c>6.3.2</c>.</param>
/// <param name="ObjectNumber">The object that breaks it, when the rule is about one object.</param>
/// <param name="Message">What is wrong.</param>
internal sealed record PdfAViolation(string Clause, long? ObjectNumber, string Message);

/// <summary>
/// A focused PDF/A-2b check of what one incremental update (a seal) adds to a file that was
/// PDF/A-2b before it. It is not a full validator (nothing like veraPDF is packaged for Debian):
/// it checks the objects the update writes or rewrites, and the document-level facts the update
/// could disturb. Rules checked (ISO 19005-2:2011 clauses):
/// <list type="bullet">
/// <item>6.1.3 file trailer: <c>/ID</c> present, no <c>/Encrypt</c>, nothing but an EOL after the last <c>%%EOF</c>;</item>
/// <item>6.1.4 cross-reference table syntax of the update (single EOL after <c>xref</c>, "n m" headers, 20-byte entries);</item>
/// <item>6.1.7 streams: EOL after <c>stream</c> and before <c>endstream</c>, no <c>/F</c>, <c>/FFilter</c>, <c>/FDecodeParms</c>; 6.1.7.2 no LZWDecode;</item>
/// <item>6.1.13 strings at most 32767 bytes (the signature <c>/Contents</c> included);</item>
/// <item>6.2.3 OutputIntents unchanged; 6.2.4.3 device colour spaces in new images and content only when the OutputIntent has the same
///   number of components (DeviceGray with any OutputIntent; soft-mask images exempt, ISO 32000-1 section 11.6.5.2 fixes them to DeviceGray);</item>
/// <item>6.2.8 images: no <c>/Alternates</c>, <c>/OPI</c>, <c>/Interpolate true</c>; 6.2.9 forms: no <c>/OPI</c>, <c>/PS</c>, <c>/Subtype2 /PS</c>;</item>
/// <item>6.2.10 transparency: ExtGState blend modes from ISO 32000-1 Tables 136-137, no <c>/TR</c>, <c>/TR2</c> other than <c>/Default</c>;
///   a soft mask without an OutputIntent needs a page group with <c>/CS</c>;</item>
/// <item>6.2.11.4 fonts used by new content streams (<c>Tf</c>) are embedded;</item>
/// <item>6.3.1 annotation types; 6.3.2 <c>/F</c> present with Print set and Hidden, Invisible, NoView, ToggleNoView clear;
///   6.3.3 appearance dictionary present with only <c>/N</c> (a stream for non-button widgets);</item>
/// <item>6.4.1 no <c>/A</c> or <c>/AA</c> on widgets and fields, no page or catalog <c>/AA</c>; 6.4.2 AcroForm without
///   <c>/NeedAppearances true</c> and without <c>/XFA</c>; 6.6.1 no JavaScript actions or name tree;</item>
/// <item>6.4.3 signatures (with ISO 32000-1 section 12.8): <c>/Contents</c> a hex string exactly filling the byte-range gap, the
///   <c>/ByteRange</c> starting at 0 and covering the whole file but <c>/Contents</c>, a DER CMS with one SignerInfo whose
///   certificate is embedded;</item>
/// <item>6.6.2 the catalog keeps the same XMP metadata stream, unfiltered, still claiming the same pdfaid part and conformance.</item>
/// </list>
/// </summary>
internal static partial class PdfAIncrementCheck
{
    private const int MaxStringBytes = 32767;
    private static readonly HashSet<string> BlendModes = ["Normal", "Compatible", "Multiply", "Screen", "Overlay", "Darken", "Lighten", "ColorDodge",
        "ColorBurn", "HardLight", "SoftLight", "Difference", "Exclusion", "Hue", "Saturation", "Color", "Luminosity"];

    private static readonly HashSet<string> ForbiddenAnnotations = ["3D", "Sound", "Screen", "Movie"];

    /// <summary>Checks the update that starts at <paramref name="incrementStart"/> (the original file's length).</summary>
    public static IReadOnlyList<PdfAViolation> Check(byte[] pdf, long incrementStart)
    {
        var violations = new List<PdfAViolation>();
        void Fail(string clause, long? obj, string message) => violations.Add(new PdfAViolation(clause, obj, message));

        using var beforeStream = new MemoryStream(pdf, 0, (int)incrementStart, writable: false);
        using var afterStream = new MemoryStream(pdf, writable: false);
        using var before = PdfRevisionReader.Open(beforeStream);
        using var after = PdfRevisionReader.Open(afterStream);

        CheckDocument(pdf, incrementStart, before, after, Fail);

        var added = after.ObjectOffsets.Where(kv => kv.Value >= incrementStart).Select(kv => kv.Key).OrderBy(r => r.ObjectNumber).ToList();
        var objects = added.Select(r => (Ref: r, Token: after.GetObject(r))).ToList();
        var softMasks = objects
            .Select(o => o.Token is StreamToken s && s.StreamDictionary.TryGet(NameToken.Smask, out var m) && m is IndirectReferenceToken mr ? mr.Data : (IndirectReference?)null)
            .OfType<IndirectReference>().ToHashSet();
        var components = PdfAProfile.OutputIntentComponents(after);
        var hasIntent = PdfAProfile.HasOutputIntents(after);
        var usesSoftMask = false;

        foreach (var (reference, token) in objects)
        {
            var n = reference.ObjectNumber;
            if (token is null)
            {
                Fail("6.1", n, "object cannot be read");
                continue;
            }

            CheckStrings(token, n, Fail, 0);
            var dict = token switch
            {
                StreamToken s => s.StreamDictionary,
                DictionaryToken d => d,
                _ => null,
            };
            if (dict is null)
            {
                continue;
            }

            CheckActions(after, dict, n, Fail);
            if (token is StreamToken stream)
            {
                usesSoftMask |= dict.ContainsKey(NameToken.Smask);
                CheckStream(after, stream, n, softMasks.Contains(reference), components, hasIntent, Fail);
            }

            var type = Name(after, dict, NameToken.Type);
            var subtype = Name(after, dict, NameToken.Subtype);
            if (type == "Annot" || (subtype is not null && dict.ContainsKey(NameToken.Rect) && type is null or "Annot"))
            {
                CheckAnnotation(after, dict, subtype, n, Fail);
            }

            if (type == "Sig" || (dict.ContainsKey(NameToken.Create("ByteRange")) && dict.ContainsKey(NameToken.Contents)))
            {
                CheckSignature(pdf, after, dict, n, Fail);
            }

            if (type == "Page" && dict.ContainsKey(NameToken.Aa))
            {
                Fail("6.4.1", n, "page has an additional-actions (/AA) entry");
            }
        }

        if (usesSoftMask && !hasIntent)
        {
            foreach (var (reference, token) in objects)
            {
                if (token is DictionaryToken d && Name(after, d, NameToken.Subtype) == "Widget" && d.TryGet(NameToken.P, out var p)
                    && after.ResolveDictionary(p, "page") is { } page
                    && !(page.TryGet(NameToken.Group, out var g) && after.ResolveDictionary(g, "Group") is { } group && group.ContainsKey(NameToken.Cs)))
                {
                    Fail("6.2.10", reference.ObjectNumber, "transparency (soft mask) without an OutputIntent needs a page group with /CS");
                }
            }
        }

        return violations;
    }

    private static void CheckDocument(byte[] pdf, long start, PdfRevisionReader before, PdfRevisionReader after, Action<string, long?, string> fail)
    {
        if (after.Identifier is not { Count: 2 })
        {
            fail("6.1.3", null, "the trailer has no /ID");
        }

        if (after.IsEncrypted)
        {
            fail("6.1.3", null, "the trailer has /Encrypt");
        }

        var text = Encoding.Latin1.GetString(pdf, (int)start, pdf.Length - (int)start);
        var eof = text.LastIndexOf("%%EOF", StringComparison.Ordinal);
        var tail = eof < 0 ? "missing" : text[(eof + 5)..];
        if (tail is not ("" or "\n" or "\r" or "\r\n"))
        {
            fail("6.1.3", null, "data after the last %%EOF");
        }

        foreach (Match table in XrefSection().Matches(text))
        {
            if (!XrefSyntax().IsMatch(table.Value))
            {
                fail("6.1.4", null, "the update's cross-reference table does not follow the required syntax");
            }
        }

        if (StreamWithoutEol().IsMatch(text) || EndstreamWithoutEol().IsMatch(text))
        {
            fail("6.1.7", null, "a stream keyword is not followed (or endstream not preceded) by an EOL");
        }

        var claimedBefore = PdfAProfile.Claimed(before);
        var claimedAfter = PdfAProfile.Claimed(after);
        if (!TokenComparer.Equal(Get(before.Catalog, NameToken.Metadata), Get(after.Catalog, NameToken.Metadata)) || claimedAfter != claimedBefore)
        {
            fail("6.6.2", null, $"the catalog's XMP metadata changed (pdfaid before {claimedBefore}, after {claimedAfter})");
        }

        if (claimedAfter is null)
        {
            fail("6.6.4", null, "the XMP metadata does not identify the file as PDF/A (pdfaid:part), or it is filtered");
        }

        var intents = NameToken.Create("OutputIntents");
        if (!TokenComparer.Equal(Get(before.Catalog, intents), Get(after.Catalog, intents)))
        {
            fail("6.2.3", null, "the catalog's /OutputIntents changed");
        }

        var catalog = after.Catalog;
        if (catalog.ContainsKey(NameToken.Aa))
        {
            fail("6.4.1", after.RootReference.ObjectNumber, "the catalog has an additional-actions (/AA) entry");
        }

        if (catalog.TryGet(NameToken.Names, out var names) && after.ResolveDictionary(names, "Names") is { } tree && tree.ContainsKey(NameToken.JavaScript))
        {
            fail("6.6.1", after.RootReference.ObjectNumber, "the name dictionary has a JavaScript name tree");
        }

        if (catalog.TryGet(NameToken.AcroForm, out var formToken) && after.ResolveDictionary(formToken, "AcroForm") is { } form)
        {
            if (form.TryGet(NameToken.NeedAppearances, out var need) && after.Resolve(need) is BooleanToken { Data: true })
            {
                fail("6.4.2", null, "the AcroForm has /NeedAppearances true");
            }

            if (form.ContainsKey(NameToken.Create("XFA")))
            {
                fail("6.4.2", null, "the AcroForm has /XFA");
            }
        }
    }

    private static void CheckStream(PdfRevisionReader reader, StreamToken stream, long n, bool isSoftMask, int? components, bool hasIntent, Action<string, long?, string> fail)
    {
        var dict = stream.StreamDictionary;
        foreach (var key in new[] { "F", "FFilter", "FDecodeParms" })
        {
            if (dict.ContainsKey(NameToken.Create(key)))
            {
                fail("6.1.7", n, $"stream dictionary has /{key}");
            }
        }

        var filters = reader.Resolve(Get(dict, NameToken.Filter)) switch
        {
            NameToken f => [f.Data],
            ArrayToken a => a.Data.Select(t => reader.Resolve(t) is NameToken f ? f.Data : string.Empty).ToArray(),
            _ => Array.Empty<string>(),
        };
        if (filters.Any(f => f is "LZWDecode" or "LZW"))
        {
            fail("6.1.7.2", n, "stream uses LZWDecode");
        }

        var subtype = Name(reader, dict, NameToken.Subtype);
        if (subtype == "Image")
        {
            foreach (var key in new[] { "Alternates", "OPI" })
            {
                if (dict.ContainsKey(NameToken.Create(key)))
                {
                    fail("6.2.8", n, $"image has /{key}");
                }
            }

            if (dict.TryGet(NameToken.Interpolate, out var interpolate) && reader.Resolve(interpolate) is BooleanToken { Data: true })
            {
                fail("6.2.8", n, "image has /Interpolate true");
            }

            if (!isSoftMask)
            {
                CheckColourSpace(reader, Get(dict, NameToken.ColorSpace), n, components, hasIntent, fail);
            }
        }
        else if (subtype == "Form")
        {
            if (dict.ContainsKey(NameToken.Create("OPI")) || dict.ContainsKey(NameToken.Create("PS"))
                || Name(reader, dict, NameToken.Create("Subtype2")) == "PS")
            {
                fail("6.2.9", n, "form XObject has /OPI, /PS or /Subtype2 /PS");
            }

            var resources = reader.ResolveDictionary(Get(dict, NameToken.Resources), "Resources");
            var content = Decode(stream, filters);
            if (content is null)
            {
                fail("6.2", n, "form content cannot be decoded to check it");
                return;
            }

            CheckContent(reader, content, resources, n, components, hasIntent, fail);
            CheckExtGStates(reader, resources, n, fail);
        }
    }

    private static void CheckColourSpace(PdfRevisionReader reader, IToken? token, long n, int? components, bool hasIntent, Action<string, long?, string> fail)
    {
        var space = reader.Resolve(token);
        var name = space switch
        {
            NameToken nt => nt.Data,
            ArrayToken { Data.Count: > 0 } a => reader.Resolve(a.Data[0]) is NameToken first ? first.Data : null,
            _ => null,
        };
        if (name == "Indexed" && space is ArrayToken { Data.Count: > 1 } indexed)
        {
            CheckColourSpace(reader, indexed.Data[1], n, components, hasIntent, fail);
            return;
        }

        CheckDeviceSpace(name, n, components, hasIntent, fail);
    }

    private static void CheckDeviceSpace(string? name, long n, int? components, bool hasIntent, Action<string, long?, string> fail)
    {
        var ok = name switch
        {
            "DeviceRGB" or "RGB" => components == 3,
            "DeviceCMYK" or "CMYK" => components == 4,
            "DeviceGray" or "G" => hasIntent,
            null => false,
            _ => true, // ICCBased, CalRGB, CalGray, Lab, Separation/DeviceN are judged by their own rules
        };
        if (!ok)
        {
            fail("6.2.4.3", n, $"colour space {name ?? "(missing)"} is not consistent with the OutputIntent ({components?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} components)");
        }
    }

    private static void CheckContent(PdfRevisionReader reader, string content, DictionaryToken? resources, long n, int? components, bool hasIntent, Action<string, long?, string> fail)
    {
        var tokens = ContentToken().Matches(content).Select(m => m.Value).ToList();
        var fonts = reader.ResolveDictionary(Get(resources, NameToken.Font), "Font");
        for (var i = 0; i < tokens.Count; i++)
        {
            switch (tokens[i])
            {
                case "rg" or "RG":
                    CheckDeviceSpace("DeviceRGB", n, components, hasIntent, fail);
                    break;
                case "k" or "K":
                    CheckDeviceSpace("DeviceCMYK", n, components, hasIntent, fail);
                    break;
                case "g" or "G":
                    CheckDeviceSpace("DeviceGray", n, components, hasIntent, fail);
                    break;
                case "Tf" when i >= 2 && tokens[i - 2].StartsWith('/'):
                    var fontName = NameToken.Create(tokens[i - 2][1..]);
                    var font = fonts is not null && fonts.TryGet(fontName, out var f) ? reader.ResolveDictionary(f, "Font") : null;
                    if (font is null || !IsEmbedded(reader, font))
                    {
                        fail("6.2.11.4", n, $"font {tokens[i - 2]} drawn by the appearance is not embedded");
                    }

                    break;
            }
        }
    }

    private static bool IsEmbedded(PdfRevisionReader reader, DictionaryToken font)
    {
        if (Name(reader, font, NameToken.Subtype) == "Type0" && reader.Resolve(Get(font, NameToken.DescendantFonts)) is ArrayToken { Data.Count: > 0 } descendants)
        {
            font = reader.ResolveDictionary(descendants.Data[0], "DescendantFonts") ?? font;
        }

        if (Name(reader, font, NameToken.Subtype) == "Type3")
        {
            return true;
        }

        var descriptor = reader.ResolveDictionary(Get(font, NameToken.FontDescriptor), "FontDescriptor");
        return descriptor is not null && (descriptor.ContainsKey(NameToken.FontFile) || descriptor.ContainsKey(NameToken.FontFile2) || descriptor.ContainsKey(NameToken.FontFile3));
    }

    private static void CheckExtGStates(PdfRevisionReader reader, DictionaryToken? resources, long n, Action<string, long?, string> fail)
    {
        if (reader.ResolveDictionary(Get(resources, NameToken.ExtGState), "ExtGState") is not { } states)
        {
            return;
        }

        foreach (var (_, value) in states.Data)
        {
            if (reader.ResolveDictionary(value, "ExtGState") is not { } gs)
            {
                continue;
            }

            if (gs.ContainsKey(NameToken.Create("TR")) || (Name(reader, gs, NameToken.Create("TR2")) is { } tr2 && tr2 != "Default"))
            {
                fail("6.2.10", n, "graphics state has a transfer function");
            }

            var bm = reader.Resolve(Get(gs, NameToken.Create("BM")));
            var modes = bm switch
            {
                NameToken b => [b.Data],
                ArrayToken a => a.Data.Select(t => reader.Resolve(t) is NameToken b ? b.Data : "?").ToArray(),
                _ => Array.Empty<string>(),
            };
            if (modes.Any(m => !BlendModes.Contains(m)))
            {
                fail("6.2.10", n, "graphics state has a non-standard blend mode");
            }
        }
    }

    private static void CheckAnnotation(PdfRevisionReader reader, DictionaryToken annot, string? subtype, long n, Action<string, long?, string> fail)
    {
        if (subtype is null || ForbiddenAnnotations.Contains(subtype))
        {
            fail("6.3.1", n, $"annotation type {subtype ?? "(missing)"} is not permitted");
        }

        if (!annot.TryGet(NameToken.F, out var f) || reader.Resolve(f) is not NumericToken flags)
        {
            fail("6.3.2", n, "annotation has no /F");
        }
        else if ((flags.Int & 4) == 0 || (flags.Int & (1 | 2 | 32 | 256)) != 0)
        {
            fail("6.3.2", n, $"annotation flags {flags.Int}: Print must be set and Invisible, Hidden, NoView, ToggleNoView clear");
        }

        var rect = reader.Resolve(Get(annot, NameToken.Rect)) as ArrayToken;
        var zeroArea = rect is { Data.Count: 4 } && rect.Data.Select(t => reader.Resolve(t) is NumericToken v ? v.Double : 0).ToArray() is var r
            && (r[0] == r[2] || r[1] == r[3]);
        var ap = reader.ResolveDictionary(Get(annot, NameToken.Ap), "AP");
        if (ap is null)
        {
            if (!zeroArea && subtype is not ("Popup" or "Link"))
            {
                fail("6.3.3", n, "annotation has no appearance dictionary");
            }

            return;
        }

        if (ap.Data.Keys.Any(k => k != "N"))
        {
            fail("6.3.3", n, "appearance dictionary has entries other than /N");
        }

        var normal = reader.Resolve(Get(ap, NameToken.N));
        var isButton = Name(reader, annot, NameToken.Ft) == "Btn";
        if (subtype == "Widget" && (isButton ? normal is not DictionaryToken : normal is not StreamToken))
        {
            fail("6.3.3", n, "widget's normal appearance has the wrong form (a stream, or a subdictionary for buttons)");
        }
    }

    private static void CheckActions(PdfRevisionReader reader, DictionaryToken dict, long n, Action<string, long?, string> fail)
    {
        if (HasJavaScript(reader, dict, 0))
        {
            fail("6.6.1", n, "JavaScript action");
        }

        var widgetOrField = Name(reader, dict, NameToken.Subtype) == "Widget" || dict.ContainsKey(NameToken.Ft);
        if (widgetOrField && (dict.ContainsKey(NameToken.A) || dict.ContainsKey(NameToken.Aa)))
        {
            fail("6.4.1", n, "widget or field has /A or /AA");
        }
    }

    /// <summary>A JavaScript action in the dictionary itself or in its /A, /AA or /Next actions.</summary>
    private static bool HasJavaScript(PdfRevisionReader reader, DictionaryToken dict, int depth)
    {
        if (dict.ContainsKey(NameToken.Js) || Name(reader, dict, NameToken.S) == "JavaScript")
        {
            return true;
        }

        if (depth > 4)
        {
            return false;
        }

        foreach (var key in new[] { NameToken.A, NameToken.Aa, NameToken.Next })
        {
            var value = reader.Resolve(Get(dict, key));
            var nested = value switch
            {
                DictionaryToken d => [d],
                ArrayToken a => a.Data.Select(t => reader.ResolveDictionary(t, "action")).OfType<DictionaryToken>().ToArray(),
                _ => Array.Empty<DictionaryToken>(),
            };
            if (key == NameToken.Aa && value is DictionaryToken triggers)
            {
                nested = triggers.Data.Values.Select(t => reader.ResolveDictionary(t, "action")).OfType<DictionaryToken>().ToArray();
            }

            if (nested.Any(d => HasJavaScript(reader, d, depth + 1)))
            {
                return true;
            }
        }

        return false;
    }

    private static void CheckSignature(byte[] pdf, PdfRevisionReader reader, DictionaryToken sig, long n, Action<string, long?, string> fail)
    {
        var contents = Get(sig, NameToken.Contents);
        if (contents is not HexToken hex)
        {
            fail("6.4.3", n, "signature /Contents is not a hex string");
            return;
        }

        var range = reader.Resolve(Get(sig, NameToken.Create("ByteRange"))) is ArrayToken { Data.Count: 4 } a
            ? a.Data.Select(t => reader.Resolve(t) is NumericToken v ? v.Long : -1).ToArray()
            : null;
        if (range is null || range[0] != 0 || range[1] <= 0 || range[2] <= range[1] + 1 || range[2] + range[3] != pdf.Length)
        {
            fail("6.4.3", n, "the /ByteRange does not cover the whole file except /Contents");
            return;
        }

        var gap = pdf.AsSpan((int)range[1], (int)(range[2] - range[1]));
        if (gap[0] != '<' || gap[^1] != '>' || gap[1..^1].ContainsAnyExcept("0123456789abcdefABCDEF"u8))
        {
            fail("6.4.3", n, "the byte-range gap is not exactly the /Contents hex string");
        }

        try
        {
            // Bounded nesting before BouncyCastle's recursive parser (hostile /Contents must not overflow the stack).
            Trust.Core.Encoding.DerNesting.Check(hex.Bytes.ToArray(), "cms");
            using var asn1 = new Asn1InputStream(hex.Bytes.ToArray());
            var info = ContentInfo.GetInstance(asn1.ReadObject());
            var signed = SignedData.GetInstance(info.Content);
            if (signed.SignerInfos.Count != 1)
            {
                fail("6.4.3", n, $"the CMS has {signed.SignerInfos.Count} SignerInfos (one is required)");
                return;
            }

            var signer = Org.BouncyCastle.Asn1.Cms.SignerInfo.GetInstance(signed.SignerInfos[0]).SignerID;
            var certificates = signed.Certificates?.Cast<Asn1Encodable>().Select(X509CertificateStructure.GetInstance).ToList() ?? [];
            var listed = signer.ID is IssuerAndSerialNumber isn
                ? certificates.Any(c => c.Issuer.Equivalent(isn.Issuer) && c.SerialNumber.Equals(isn.SerialNumber))
                : certificates.Count > 0;
            if (!listed)
            {
                fail("6.4.3", n, "the signer's certificate is not embedded in the CMS");
            }
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidCastException or InvalidOperationException or Trust.Core.TrustFormatException)
        {
            fail("6.4.3", n, "the /Contents is not a DER CMS SignedData: " + ex.GetType().Name);
        }
    }

    private static void CheckStrings(IToken token, long n, Action<string, long?, string> fail, int depth)
    {
        if (depth > 32)
        {
            return;
        }

        switch (token)
        {
            case HexToken h when h.Bytes.ToArray().Length > MaxStringBytes:
            case StringToken s when s.GetBytes().Length > MaxStringBytes:
                fail("6.1.13", n, $"a string is longer than {MaxStringBytes} bytes");
                break;
            case ArrayToken a:
                foreach (var t in a.Data)
                {
                    CheckStrings(t, n, fail, depth + 1);
                }

                break;
            case DictionaryToken d:
                foreach (var t in d.Data.Values)
                {
                    CheckStrings(t, n, fail, depth + 1);
                }

                break;
            case StreamToken st:
                CheckStrings(st.StreamDictionary, n, fail, depth + 1);
                break;
        }
    }

    private static string? Decode(StreamToken stream, string[] filters)
    {
        var data = stream.Data.ToArray();
        if (filters.Length == 0)
        {
            return Encoding.Latin1.GetString(data);
        }

        if (filters is not ["FlateDecode"])
        {
            return null;
        }

        try
        {
            using var z = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
            using var text = new StreamReader(z, Encoding.Latin1);
            return text.ReadToEnd();
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static IToken? Get(DictionaryToken? dict, NameToken key) => dict is not null && dict.TryGet(key, out var v) ? v : null;

    private static string? Name(PdfRevisionReader reader, DictionaryToken dict, NameToken key) =>
        dict.TryGet(key, out var v) && reader.Resolve(v) is NameToken name ? name.Data : null;

    [GeneratedRegex(@"(?<=[\r\n])xref[\s\S]*?(?=trailer)")]
    private static partial Regex XrefSection();

    [GeneratedRegex(@"^xref(\r\n|\n|\r)(\d+ \d+(\r\n|\n|\r)(\d{10} \d{5} [nf](\r\n| \n| \r))*)+$")]
    private static partial Regex XrefSyntax();

    [GeneratedRegex(@"(?<![a-z])stream(?!\r\n|\n)")]
    private static partial Regex StreamWithoutEol();

    [GeneratedRegex(@"(?<![\r\n])endstream")]
    private static partial Regex EndstreamWithoutEol();

    [GeneratedRegex(@"/[^\s/\[\]<>(){}%]+|\(([^()\\]|\\.)*\)|<[0-9A-Fa-f\s]*>|[^\s/\[\]<>(){}%]+")]
    private static partial Regex ContentToken();
}
