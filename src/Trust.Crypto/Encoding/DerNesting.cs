namespace Trust.Core.Encoding;

/// <summary>
/// An iterative pre-scan of BER/DER bytes that bounds the nesting of constructed values before
/// the bytes reach a recursive ASN.1 parser (BouncyCastle's <c>Asn1InputStream</c> recurses once
/// per constructed level, so 100,000 nested SEQUENCEs would overflow the stack and kill the process).
/// </summary>
public static class DerNesting
{
    /// <summary>
    /// The deepest nesting of constructed values accepted. Certificates need about 8, an RFC 3161
    /// time-stamp token with its certificates about 16; BouncyCastle recurses safely far beyond this.
    /// </summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// Walks every tag and length of <paramref name="data"/> (definite and indefinite lengths) without
    /// recursion and throws when constructed values nest deeper than <paramref name="maxDepth"/> or a
    /// length runs past its enclosing value.
    /// </summary>
    /// <remarks>Only the first top-level value is scanned; bytes after it (for example the zero padding of a PDF <c>/Contents</c>) are the caller's business.</remarks>
    /// <param name="data">The BER or DER bytes.</param>
    /// <param name="field">The field named by errors.</param>
    /// <param name="maxDepth">The deepest nesting of constructed values accepted.</param>
    /// <exception cref="TrustFormatException">Nested too deep or a malformed tag or length; names <paramref name="field"/> and the offset.</exception>
    public static void Check(ReadOnlySpan<byte> data, string field, int maxDepth = MaxDepth)
    {
        // The end offset of each open constructed value, or -1 for an indefinite length (ends at 00 00).
        var ends = new Stack<long>();
        long pos = 0;
        while (true)
        {
            // Close every value that ends here.
            while (ends.Count > 0)
            {
                var end = ends.Peek();
                if (end >= 0 && pos == end)
                {
                    ends.Pop();
                    continue;
                }

                if (end < 0 && pos + 1 < data.Length && data[(int)pos] == 0 && data[(int)pos + 1] == 0)
                {
                    ends.Pop();
                    pos += 2;
                    continue;
                }

                break;
            }

            if (ends.Count == 0 && pos > 0)
            {
                return; // one top-level value read; trailing bytes are the parser's business
            }

            var limit = ends.Count > 0 && ends.Peek() >= 0 ? ends.Peek() : data.Length;
            var start = pos;
            if (pos >= limit)
            {
                throw new TrustFormatException(field, "ASN.1 value truncated", pos);
            }

            var identifier = data[(int)pos++];
            if ((identifier & 0x1F) == 0x1F)
            {
                // High tag number form: base-128 digits, the last without bit 8 (at most 4 digits here).
                var digits = 0;
                while (true)
                {
                    if (pos >= limit || ++digits > 4)
                    {
                        throw new TrustFormatException(field, "malformed ASN.1 tag", start);
                    }

                    if ((data[(int)pos++] & 0x80) == 0)
                    {
                        break;
                    }
                }
            }

            if (pos >= limit)
            {
                throw new TrustFormatException(field, "ASN.1 length missing", pos);
            }

            var first = data[(int)pos++];
            long length;
            if (first < 0x80)
            {
                length = first;
            }
            else if (first == 0x80)
            {
                length = -1;
            }
            else
            {
                var octets = first & 0x7F;
                if (octets > 4 || pos + octets > limit)
                {
                    throw new TrustFormatException(field, "malformed ASN.1 length", pos - 1);
                }

                length = 0;
                for (var i = 0; i < octets; i++)
                {
                    length = (length << 8) | data[(int)pos++];
                }
            }

            var constructed = (identifier & 0x20) != 0;
            if (length < 0 && !constructed)
            {
                throw new TrustFormatException(field, "indefinite length on a primitive ASN.1 value", start);
            }

            if (length >= 0 && pos + length > limit)
            {
                throw new TrustFormatException(field, "ASN.1 length runs past the end of its enclosing value", start);
            }

            if (!constructed)
            {
                pos += length;
                continue;
            }

            if (ends.Count >= maxDepth)
            {
                throw new TrustFormatException(field, $"ASN.1 nested too deep (more than {maxDepth} levels)", start);
            }

            ends.Push(length < 0 ? -1 : pos + length);
        }
    }
}
