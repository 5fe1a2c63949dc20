using UglyToad.PdfPig.Tokens;
using Trust.Pdf.Internal.Reader;

namespace Trust.Pdf.Internal.Signing;

/// <summary>Reads the DocMDP permission of a certified document (ISO 32000-1 section 12.8.2.2).</summary>
internal static class DocMdp
{
    /// <summary>The /P of the certification signature (2 when absent, per Table 254), or null when not certified.</summary>
    public static int? Permission(PdfRevisionReader reader)
    {
        if (!reader.Catalog.TryGet(NameToken.Perms, out var permsToken) || reader.ResolveDictionary(permsToken, "Perms") is not { } perms
            || !perms.TryGet(NameToken.Create("DocMDP"), out var sigToken) || reader.ResolveDictionary(sigToken, "DocMDP") is not { } sig)
        {
            return null;
        }

        if (sig.TryGet(NameToken.Create("Reference"), out var refsToken) && reader.Resolve(refsToken) is ArrayToken refs)
        {
            foreach (var item in refs.Data)
            {
                if (reader.ResolveDictionary(item, "SigRef") is { } sigRef
                    && sigRef.TryGet(NameToken.Create("TransformMethod"), out var method) && reader.Resolve(method) is NameToken { Data: "DocMDP" }
                    && sigRef.TryGet(NameToken.Create("TransformParams"), out var paramsToken) && reader.ResolveDictionary(paramsToken, "TransformParams") is { } tp)
                {
                    return tp.TryGet(NameToken.P, out var pToken) && reader.Resolve(pToken) is NumericToken pNum ? pNum.Int : 2;
                }
            }
        }

        return 2;
    }
}
