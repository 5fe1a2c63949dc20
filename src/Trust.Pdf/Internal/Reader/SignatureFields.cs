using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;

namespace Trust.Pdf.Internal.Reader;

/// <summary>A field of the AcroForm field tree (ISO 32000-1 section 12.7.3).</summary>
/// <param name="Reference">The field object, when indirect.</param>
/// <param name="FullName">The fully qualified name (parent names joined by '.').</param>
/// <param name="Dictionary">The field dictionary.</param>
/// <param name="FieldType">The (inherited) /FT, for example <c>Sig</c>.</param>
/// <param name="Value">The /V entry as written (a reference for signature fields), or null.</param>
internal sealed record FormField(IndirectReference? Reference, string FullName, DictionaryToken Dictionary, string? FieldType, IToken? Value);

/// <summary>Walks the AcroForm field tree.</summary>
internal static class SignatureFields
{
    private const int MaxFields = 100_000;

    /// <summary>The AcroForm dictionary of the catalog, or null.</summary>
    public static DictionaryToken? AcroForm(PdfRevisionReader reader) =>
        reader.Catalog.TryGet(NameToken.AcroForm, out var token) ? reader.ResolveDictionary(token, "AcroForm") : null;

    /// <summary>All terminal fields, in tree order.</summary>
    public static IReadOnlyList<FormField> All(PdfRevisionReader reader)
    {
        var result = new List<FormField>();
        var form = AcroForm(reader);
        if (form is null || !form.TryGet(NameToken.Fields, out var fieldsToken) || reader.Resolve(fieldsToken) is not ArrayToken fields)
        {
            return result;
        }

        var seen = new HashSet<IndirectReference>();
        foreach (var f in fields.Data)
        {
            Walk(f, null, null, 0);
        }

        return result;

        void Walk(IToken token, string? parentName, string? parentType, int depth)
        {
            if (depth > 32 || result.Count > MaxFields)
            {
                return;
            }

            IndirectReference? reference = token is IndirectReferenceToken r ? r.Data : null;
            if (reference is { } rf && !seen.Add(rf))
            {
                return;
            }

            if (reader.ResolveDictionary(token, "field") is not { } dict)
            {
                return;
            }

            var partial = dict.TryGet(NameToken.T, out var t) ? TextOf(reader.Resolve(t)) : null;
            var name = partial is null ? parentName ?? string.Empty : parentName is null ? partial : parentName + "." + partial;
            var type = dict.TryGet(NameToken.Ft, out var ft) && reader.Resolve(ft) is NameToken ftName ? ftName.Data : parentType;
            var kids = dict.TryGet(NameToken.Kids, out var k) ? reader.Resolve(k) as ArrayToken : null;
            var hasFieldKids = kids is not null && kids.Data.Any(kid => reader.ResolveDictionary(kid, "kid") is { } kd && kd.ContainsKey(NameToken.T));
            if (hasFieldKids)
            {
                foreach (var kid in kids!.Data)
                {
                    Walk(kid, name, type, depth + 1);
                }

                return;
            }

            dict.TryGet(NameToken.V, out var value);
            result.Add(new FormField(reference, name, dict, type, value));
        }
    }

    public static string? TextOf(IToken? token) => token switch
    {
        StringToken s => s.Data,
        HexToken h => h.Data,
        _ => null,
    };
}
