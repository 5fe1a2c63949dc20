using System.Globalization;
using System.Text;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Tokens;
using Trust.Pdf.Internal.Reader;

namespace Trust.Pdf.Internal.Verification;

/// <summary>
/// Structural checks of a signature's /ByteRange and /Contents against the universal signature
/// forgery and signature wrapping attacks (Mladenov et al., "1 Trillion Dollar Refund", CCS 2019):
/// both present and well-typed, exactly two ranges starting at 0, the gap holding exactly the
/// /Contents hex string of this very signature dictionary, and the end at a revision end.
/// </summary>
internal static class ByteRangeCheck
{
    public const int MaxContentsBytes = 1 << 20;

    /// <summary>Checks the structure; returns the ranges and CMS bytes, or a reason code.</summary>
    public static (long[]? Range, byte[]? Contents, string? Reason) Check(PdfRevisionReader reader, Stream file, IToken? signatureReference, DictionaryToken signature)
    {
        if (!signature.TryGet(NameToken.Create("ByteRange"), out var brToken))
        {
            return (null, null, "byterange.missing");
        }

        if (reader.Resolve(brToken) is not ArrayToken br || br.Data.Count != 4 || br.Data.Any(t => reader.Resolve(t) is not NumericToken { HasDecimalPlaces: false }))
        {
            return (null, null, "byterange.malformed");
        }

        var range = br.Data.Select(t => ((NumericToken)reader.Resolve(t)!).Long).ToArray();
        if (!signature.TryGet(NameToken.Contents, out var contentsToken))
        {
            return (range, null, "contents.missing");
        }

        var contents = reader.Resolve(contentsToken) switch
        {
            HexToken h => h.Bytes.ToArray(),
            StringToken s => s.GetBytes(),
            _ => null,
        };
        if (contents is null)
        {
            return (range, null, "contents.malformed");
        }

        contents = TrimZeros(contents);
        if (contents.Length == 0)
        {
            return (range, null, "contents.empty");
        }

        if (contents.Length > MaxContentsBytes)
        {
            return (range, null, "contents.too_large");
        }

        long a = range[0], b = range[1], c = range[2], d = range[3];
        if (a != 0)
        {
            return (range, contents, "byterange.not_from_start");
        }

        if (b <= 0 || c <= b || d < 0 || c + d > file.Length || (c - b) > (2L * MaxContentsBytes) + 2)
        {
            return (range, contents, "byterange.out_of_bounds");
        }

        // The gap must be exactly "<hex>" and its value must be this dictionary's /Contents.
        var gap = new byte[c - b];
        file.Position = b;
        file.ReadExactly(gap);
        if (gap[0] != (byte)'<' || gap[^1] != (byte)'>' || gap.AsSpan(1, gap.Length - 2).ContainsAnyExcept("0123456789abcdefABCDEF"u8))
        {
            return (range, contents, "byterange.gap_not_contents");
        }

        var gapValue = TrimZeros(Convert.FromHexString(Encoding.ASCII.GetString(gap, 1, gap.Length - 2 - ((gap.Length - 2) % 2))));
        if (!gapValue.AsSpan().SequenceEqual(contents))
        {
            return (range, contents, "byterange.gap_not_contents");
        }

        // The signature dictionary itself must sit in the first signed range, directly around the gap.
        if (signatureReference is IndirectReferenceToken sigRef)
        {
            if (!reader.ObjectOffsets.TryGetValue(sigRef.Data, out var objectOffset) || objectOffset <= 0)
            {
                return (range, contents, "signature.dictionary_not_locatable");
            }

            if (objectOffset >= b || ContainsKeyword(file, objectOffset, b, "endobj"u8))
            {
                return (range, contents, "byterange.gap_outside_signature_dictionary");
            }
        }

        return (range, contents, null);
    }

    private static bool ContainsKeyword(Stream file, long from, long to, ReadOnlySpan<byte> keyword)
    {
        if (to - from > (1 << 20))
        {
            return true; // a signature dictionary is never that large: treat as not enclosing the gap
        }

        var buffer = new byte[to - from];
        file.Position = from;
        file.ReadExactly(buffer);
        return buffer.AsSpan().IndexOf(keyword) >= 0;
    }

    private static byte[] TrimZeros(byte[] bytes)
    {
        // Trailing zero padding of the placeholder is not part of the DER; the DER length decides.
        if (bytes.Length >= 2 && bytes[0] == 0x30)
        {
            var total = DerLength(bytes);
            if (total > 0 && total <= bytes.Length && bytes.AsSpan((int)total).IndexOfAnyExcept((byte)0) < 0)
            {
                return bytes[..(int)total];
            }
        }

        // Indefinite-length BER (NSS writes it): the end-of-contents octets are zeros too, so keep everything
        // unless the whole value is zero padding.
        return bytes.AsSpan().IndexOfAnyExcept((byte)0) < 0 ? [] : bytes;
    }

    private static long DerLength(byte[] der)
    {
        if (der.Length < 2)
        {
            return -1;
        }

        int first = der[1];
        if (first < 0x80)
        {
            return 2 + first;
        }

        var n = first & 0x7F;
        if (n is 0 or > 4 || der.Length < 2 + n)
        {
            return -1;
        }

        long len = 0;
        for (var i = 0; i < n; i++)
        {
            len = (len << 8) | der[2 + i];
        }

        return 2 + n + len;
    }

    internal static string Describe(long[] range) => string.Join(' ', range.Select(v => v.ToString(CultureInfo.InvariantCulture)));
}
