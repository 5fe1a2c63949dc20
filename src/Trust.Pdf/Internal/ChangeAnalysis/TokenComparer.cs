using UglyToad.PdfPig.Tokens;

namespace Trust.Pdf.Internal.ChangeAnalysis;

/// <summary>Deep structural equality of PDF objects (references compared by number, streams by dictionary and raw bytes).</summary>
internal static class TokenComparer
{
    /// <summary>Deeper structures compare as different (a change, never silently equal); PdfPig refuses to parse beyond the nesting limit anyway.</summary>
    private const int MaxDepth = 1000;

    public static bool Equal(IToken? a, IToken? b, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (a, b)
        {
            case (null, null):
                return true;
            case (null, _) or (_, null):
                return false;
            case (NameToken x, NameToken y):
                return x.Data == y.Data;
            case (NumericToken x, NumericToken y):
                return x.Data == y.Data;
            case (BooleanToken x, BooleanToken y):
                return x.Data == y.Data;
            case (NullToken, NullToken):
                return true;
            case (IndirectReferenceToken x, IndirectReferenceToken y):
                return x.Data.Equals(y.Data);
            case (StringToken or HexToken, StringToken or HexToken):
                return BytesOf(a).AsSpan().SequenceEqual(BytesOf(b));
            case (ArrayToken x, ArrayToken y):
                if (x.Data.Count != y.Data.Count)
                {
                    return false;
                }

                for (var i = 0; i < x.Data.Count; i++)
                {
                    if (!Equal(x.Data[i], y.Data[i], depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case (DictionaryToken x, DictionaryToken y):
                return DictionaryEqual(x, y, depth, null);
            case (StreamToken x, StreamToken y):
                return DictionaryEqual(x.StreamDictionary, y.StreamDictionary, depth, "Length") && x.Data.Span.SequenceEqual(y.Data.Span);
            default:
                return false;
        }
    }

    /// <summary>Keys whose values differ (present in one only, or unequal).</summary>
    public static IReadOnlyList<string> DifferingKeys(DictionaryToken a, DictionaryToken b)
    {
        var keys = a.Data.Keys.Union(b.Data.Keys, StringComparer.Ordinal);
        return keys.Where(k => !Equal(a.Data.GetValueOrDefault(k), b.Data.GetValueOrDefault(k))).ToList();
    }

    private static bool DictionaryEqual(DictionaryToken x, DictionaryToken y, int depth, string? ignore)
    {
        var keys = x.Data.Keys.Union(y.Data.Keys, StringComparer.Ordinal);
        foreach (var k in keys)
        {
            if (k == ignore)
            {
                continue;
            }

            if (!Equal(x.Data.GetValueOrDefault(k), y.Data.GetValueOrDefault(k), depth + 1))
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] BytesOf(IToken t) => t switch
    {
        StringToken s => s.GetBytes(),
        HexToken h => h.Bytes.ToArray(),
        _ => [],
    };
}
