using UglyToad.PdfPig;
using UglyToad.PdfPig.Tokens;
using Trust.Pdf.Internal.Reader;

namespace Trust.Pdf.Internal.ChangeAnalysis;

/// <summary>
/// Signature fields added after a seal. A new signature vouches for its own appearance: a field whose
/// signature covers the revision that added it is permitted (its seal is verified on its own, and a
/// forged or broken one makes the document invalid). A field that is unsigned (or whose /V is some
/// earlier signature) is an empty field: permitted only when none of its widgets can draw anything
/// (hidden or NoView, zero-area /Rect, or appearance streams that paint nothing). Otherwise a later
/// revision could lay an opaque "signature" appearance over signed content (the same rule as pyHanko's
/// and EU DSS's: new form fields are allowed, changed page appearance is not).
/// </summary>
internal static partial class RevisionDiff
{
    private const int MaxWidgetsPerField = 64;
    private const int MaxAppearanceStates = 16;
    private const int HiddenFlag = 2;
    private const int NoViewFlag = 32;

    /// <summary>Whether adding this signature field or signature widget after a seal is permitted.</summary>
    private static bool SignatureAdditionIsPermitted(PdfRevisionReader newer, DictionaryToken fieldOrWidget, long regionEnd)
    {
        var field = IsSignatureField(newer, fieldOrWidget)
            ? fieldOrWidget
            : fieldOrWidget.TryGet(NameToken.Parent, out var parent) ? newer.ResolveDictionary(parent, "parent") : null;
        if (field is not null && SignedInRevision(newer, field, regionEnd))
        {
            return true;
        }

        var widgets = new List<DictionaryToken>();
        if (fieldOrWidget.TryGet(NameToken.Kids, out var kidsToken) && newer.Resolve(kidsToken) is ArrayToken kids)
        {
            if (kids.Length > MaxWidgetsPerField)
            {
                return false;
            }

            widgets.AddRange(kids.Data.Select(k => newer.ResolveDictionary(k, "kid")).OfType<DictionaryToken>());
        }

        if (fieldOrWidget.ContainsKey(NameToken.Rect) || fieldOrWidget.ContainsKey(NameToken.Ap)
            || (fieldOrWidget.TryGet(NameToken.Subtype, out var st) && newer.Resolve(st) is NameToken { Data: "Widget" }))
        {
            widgets.Add(fieldOrWidget);
        }

        return widgets.All(w => DrawsNothing(newer, w));
    }

    /// <summary>Whether the field's /V is a signature whose byte range ends at this revision's end (it signs the revision that adds it).</summary>
    private static bool SignedInRevision(PdfRevisionReader newer, DictionaryToken field, long regionEnd)
    {
        if (!field.TryGet(NameToken.V, out var v) || newer.ResolveDictionary(v, "V") is not { } signature
            || !signature.TryGet(NameToken.Create("ByteRange"), out var brToken) || newer.Resolve(brToken) is not ArrayToken { Length: 4 } br
            || br.Data.Any(t => t is not NumericToken))
        {
            return false;
        }

        var range = br.Data.Cast<NumericToken>().Select(n => n.Long).ToArray();
        var end = range[2] + range[3];
        return range[0] == 0 && end <= regionEnd && regionEnd - end <= 2;
    }

    /// <summary>Whether a widget annotation cannot show anything on the page.</summary>
    private static bool DrawsNothing(PdfRevisionReader reader, DictionaryToken widget)
    {
        if (widget.TryGet(NameToken.F, out var f) && reader.Resolve(f) is NumericToken flags && (flags.Int & (HiddenFlag | NoViewFlag)) != 0)
        {
            return true;
        }

        if (!widget.TryGet(NameToken.Rect, out var rectToken) || Box(reader, rectToken) is not { } rect)
        {
            return false; // no usable /Rect: cannot tell, so it counts as drawing
        }

        if (rect.Width < 0.01 || rect.Height < 0.01)
        {
            return true;
        }

        if (!widget.TryGet(NameToken.Ap, out var apToken) || reader.ResolveDictionary(apToken, "AP") is not { } ap)
        {
            // Without an appearance, viewers draw other annotation types from their entries (a /Square
            // from /C and /IC), and a widget's /MK border and background.
            if (widget.TryGet(NameToken.Subtype, out var subtype) && reader.Resolve(subtype) is not NameToken { Data: "Widget" })
            {
                return false;
            }

            return !(widget.TryGet(NameToken.Mk, out var mk) && reader.ResolveDictionary(mk, "MK") is { } mkDict
                && (mkDict.ContainsKey(NameToken.Create("BG")) || mkDict.ContainsKey(NameToken.Create("BC"))));
        }

        foreach (var key in new[] { "N", "R", "D" })
        {
            if (!ap.TryGet(NameToken.Create(key), out var appearance))
            {
                continue;
            }

            switch (reader.Resolve(appearance))
            {
                case StreamToken stream when !StreamPaintsNothing(reader, stream):
                    return false;
                case DictionaryToken states:
                    if (states.Data.Count > MaxAppearanceStates)
                    {
                        return false;
                    }

                    foreach (var state in states.Data.Values)
                    {
                        if (reader.Resolve(state) is StreamToken s && !StreamPaintsNothing(reader, s))
                        {
                            return false;
                        }
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>A form XObject paints nothing when its /BBox has no area or its content holds only q, Q, n and comments.</summary>
    private static bool StreamPaintsNothing(PdfRevisionReader reader, StreamToken stream)
    {
        if (stream.StreamDictionary.TryGet(NameToken.Bbox, out var bboxToken) && Box(reader, bboxToken) is { } bbox && (bbox.Width < 0.01 || bbox.Height < 0.01))
        {
            return true;
        }

        byte[] content;
        try
        {
            content = stream.Decode(new LimitingFilterProvider(ParseLimits.Current)).ToArray();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }

        var inComment = false;
        var token = new System.Text.StringBuilder();
        foreach (var b in content.Append((byte)' '))
        {
            if (inComment)
            {
                inComment = b is not ((byte)'\r' or (byte)'\n');
                continue;
            }

            if (b == '%' || PdfRevisionReader.IsWhite(b))
            {
                if (token.Length > 0 && token.ToString() is not ("q" or "Q" or "n"))
                {
                    return false;
                }

                token.Clear();
                inComment = b == '%';
                continue;
            }

            token.Append((char)b);
            if (token.Length > 1)
            {
                return false;
            }
        }

        return true;
    }

    private static (double Width, double Height)? Box(PdfRevisionReader reader, IToken token)
    {
        if (reader.Resolve(token) is not ArrayToken { Length: 4 } array)
        {
            return null;
        }

        var v = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (reader.Resolve(array[i]) is not NumericToken n)
            {
                return null;
            }

            v[i] = n.Double;
        }

        return (Math.Abs(v[2] - v[0]), Math.Abs(v[3] - v[1]));
    }
}
