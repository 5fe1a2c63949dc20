using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using Trust.Pdf.Internal.Reader;

namespace Trust.Pdf.Internal.ChangeAnalysis;

/// <summary>What each object of a revision is for: the facts the change rules need.</summary>
internal sealed class ObjectRoles
{
    public HashSet<IndirectReference> Pages { get; } = [];

    public HashSet<IndirectReference> AnnotsArrays { get; } = [];

    public HashSet<IndirectReference> ContentStreams { get; } = [];

    public HashSet<IndirectReference> Resources { get; } = [];

    public HashSet<IndirectReference> Annotations { get; } = [];

    public Dictionary<IndirectReference, FormField> Fields { get; } = [];

    public IndirectReference? AcroForm { get; private set; }

    public IndirectReference? FieldsArray { get; private set; }

    public IndirectReference? Info { get; private set; }

    public IndirectReference? Metadata { get; private set; }

    public IndirectReference? Dss { get; private set; }

    public static ObjectRoles Of(PdfRevisionReader reader)
    {
        var roles = new ObjectRoles { Info = reader.InfoReference };
        var catalog = reader.Catalog;
        roles.AcroForm = catalog.TryGet(NameToken.AcroForm, out var af) && af is IndirectReferenceToken afr ? afr.Data : null;
        roles.Metadata = catalog.TryGet(NameToken.Metadata, out var md) && md is IndirectReferenceToken mdr ? mdr.Data : null;
        roles.Dss = catalog.TryGet(NameToken.Create("DSS"), out var dss) && dss is IndirectReferenceToken dssr ? dssr.Data : null;
        if (SignatureFields.AcroForm(reader) is { } form && form.TryGet(NameToken.Fields, out var fa) && fa is IndirectReferenceToken far)
        {
            roles.FieldsArray = far.Data;
        }

        foreach (var field in SignatureFields.All(reader))
        {
            if (field.Reference is { } r)
            {
                roles.Fields[r] = field;
            }
        }

        foreach (var page in reader.Pages)
        {
            roles.Pages.Add(page);
            if (reader.ResolveDictionary(new IndirectReferenceToken(page), "page") is not { } dict)
            {
                continue;
            }

            if (dict.TryGet(NameToken.Annots, out var annots))
            {
                if (annots is IndirectReferenceToken ar)
                {
                    roles.AnnotsArrays.Add(ar.Data);
                }

                if (reader.Resolve(annots) is ArrayToken arr)
                {
                    foreach (var a in arr.Data.OfType<IndirectReferenceToken>())
                    {
                        roles.Annotations.Add(a.Data);
                    }
                }
            }

            if (dict.TryGet(NameToken.Contents, out var contents))
            {
                if (contents is IndirectReferenceToken cr)
                {
                    roles.ContentStreams.Add(cr.Data);
                }

                if (reader.Resolve(contents) is ArrayToken carr)
                {
                    foreach (var c in carr.Data.OfType<IndirectReferenceToken>())
                    {
                        roles.ContentStreams.Add(c.Data);
                    }
                }
            }

            if (dict.TryGet(NameToken.Resources, out var res) && res is IndirectReferenceToken rr)
            {
                roles.Resources.Add(rr.Data);
            }
        }

        return roles;
    }
}
