using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig.Tokens;
using Trust.Pdf.Internal.Reader;

namespace Trust.Pdf.Internal.Conformance;

/// <summary>
/// What a document says about its PDF/A conformance: the claimed part and level from the XMP
/// identification schema (ISO 19005-2 section 6.6.4) and the number of colour components of the
/// PDF/A OutputIntent's destination profile (section 6.2.3).
/// </summary>
internal static partial class PdfAProfile
{
    private static readonly NameToken OutputIntents = NameToken.Create("OutputIntents");
    private static readonly NameToken DestOutputProfile = NameToken.Create("DestOutputProfile");

    /// <summary>The pdfaid part and conformance ("2", "B") claimed by the catalog's XMP metadata, or null.</summary>
    public static (string Part, string Conformance)? Claimed(PdfRevisionReader reader)
    {
        var xmp = MetadataText(reader);
        if (xmp is null)
        {
            return null;
        }

        var part = PartPattern().Match(xmp);
        var level = ConformancePattern().Match(xmp);
        return part.Success ? (part.Groups[1].Value, level.Success ? level.Groups[1].Value.ToUpperInvariant() : string.Empty) : null;
    }

    /// <summary>The catalog's XMP metadata as text (PDF/A requires it unfiltered, section 6.6.2.1), or null.</summary>
    public static string? MetadataText(PdfRevisionReader reader)
    {
        if (!reader.Catalog.TryGet(NameToken.Metadata, out var token) || reader.Resolve(token) is not StreamToken stream)
        {
            return null;
        }

        return stream.StreamDictionary.ContainsKey(NameToken.Filter) ? null : Encoding.UTF8.GetString(stream.Data.Span);
    }

    /// <summary>The /N of the GTS_PDFA1 OutputIntent's ICC profile (1 gray, 3 RGB, 4 CMYK), or null when there is none.</summary>
    public static int? OutputIntentComponents(PdfRevisionReader reader)
    {
        if (!reader.Catalog.TryGet(OutputIntents, out var token) || reader.Resolve(token) is not ArrayToken intents)
        {
            return null;
        }

        foreach (var item in intents.Data)
        {
            if (reader.ResolveDictionary(item, "OutputIntent") is not { } intent
                || !intent.TryGet(NameToken.S, out var s) || reader.Resolve(s) is not NameToken { Data: "GTS_PDFA1" }
                || !intent.TryGet(DestOutputProfile, out var profile) || reader.ResolveDictionary(profile, "DestOutputProfile") is not { } icc)
            {
                continue;
            }

            return icc.TryGet(NameToken.N, out var n) && reader.Resolve(n) is NumericToken number ? number.Int : null;
        }

        return null;
    }

    /// <summary>Whether the catalog lists any OutputIntent at all.</summary>
    public static bool HasOutputIntents(PdfRevisionReader reader) =>
        reader.Catalog.TryGet(OutputIntents, out var token) && reader.Resolve(token) is ArrayToken { Data.Count: > 0 };

    [GeneratedRegex(@"pdfaid:part\s*(?:=\s*['""]|>)\s*(\d)")]
    private static partial Regex PartPattern();

    [GeneratedRegex(@"pdfaid:conformance\s*(?:=\s*['""]|>)\s*([A-Za-z])")]
    private static partial Regex ConformancePattern();
}
