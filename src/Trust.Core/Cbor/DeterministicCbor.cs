using System.Formats.Cbor;

namespace Trust.Core.Cbor;

/// <summary>
/// Writers and strict readers for deterministically encoded CBOR (RFC 8949 section 4.2.1):
/// shortest integer and length arguments, definite lengths only, no duplicate map keys, and
/// map keys sorted bytewise by their encoding.
/// </summary>
/// <remarks>
/// System.Formats.Cbor's <see cref="CborConformanceMode.Canonical"/> mode sorts keys
/// length-first (RFC 7049 section 3.9). Our maps only ever use keys of one major type
/// (small unsigned integers, or text strings), and for keys of one major type the
/// length-first order and the bytewise order of RFC 8949 section 4.2.1 coincide, because the
/// initial byte encodes the length. <see cref="HasSingleKeyMajorType"/> is checked by the
/// tests for every map we write.
/// </remarks>
internal static class DeterministicCbor
{
    /// <summary>
    /// The deepest nesting of arrays, maps and tags we accept in any input (our formats need at
    /// most 3: the COSE tag, the COSE array, an x5chain array). Checked before each level is entered.
    /// </summary>
    public const int MaxDepth = 8;

    /// <summary>Creates a writer that emits deterministic CBOR (one root value).</summary>
    public static CborWriter CreateWriter() =>
        new(CborConformanceMode.Canonical, convertIndefiniteLengthEncodings: false, allowMultipleRootLevelValues: false);

    /// <summary>
    /// Creates a reader that rejects anything but deterministic CBOR, after checking that the
    /// whole input is one well-formed item no deeper than <paramref name="maxDepth"/>.
    /// </summary>
    /// <exception cref="TrustFormatException">The input is not one deterministic CBOR item.</exception>
    public static CborReader CreateStrictReader(ReadOnlyMemory<byte> data, string field, int maxDepth = MaxDepth)
    {
        Validate(data, field, maxDepth);
        return new CborReader(data, CborConformanceMode.Canonical, allowMultipleRootLevelValues: false);
    }

    /// <summary>
    /// Walks the whole item: deterministic encoding (Canonical mode: shortest forms, definite
    /// lengths, sorted unique keys), nesting depth, and no trailing bytes.
    /// </summary>
    /// <exception cref="TrustFormatException">Any violation; names <paramref name="field"/> and the offset.</exception>
    public static void Validate(ReadOnlyMemory<byte> data, string field, int maxDepth = MaxDepth)
    {
        if (data.IsEmpty)
        {
            throw new TrustFormatException(field, "empty CBOR input", 0);
        }

        var reader = new CborReader(data, CborConformanceMode.Canonical, allowMultipleRootLevelValues: false);
        try
        {
            Walk(reader, field, maxDepth, data.Length);
            if (reader.BytesRemaining != 0)
            {
                throw new TrustFormatException(field, "trailing bytes after the CBOR item", data.Length - reader.BytesRemaining);
            }
        }
        catch (CborContentException ex)
        {
            throw new TrustFormatException(field, "not deterministic CBOR: " + ex.Message, data.Length - reader.BytesRemaining, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new TrustFormatException(field, "not deterministic CBOR: " + ex.Message, data.Length - reader.BytesRemaining, ex);
        }
    }

    /// <summary>
    /// Whether <paramref name="data"/>, already known to be one well-formed deterministic item (it passed
    /// <see cref="Validate"/>), nests no deeper than <paramref name="maxDepth"/>; used for a configured limit below
    /// <see cref="MaxDepth"/>, so that exceeding it is told apart from malformed input.
    /// </summary>
    public static bool WithinDepth(ReadOnlyMemory<byte> data, int maxDepth)
    {
        try
        {
            Validate(data, "depth", maxDepth);
            return true;
        }
        catch (TrustFormatException)
        {
            return false;
        }
    }

    /// <summary>True when all keys of a map (given as their encodings) share one major type.</summary>
    public static bool HasSingleKeyMajorType(IEnumerable<ReadOnlyMemory<byte>> encodedKeys)
    {
        int? major = null;
        foreach (var key in encodedKeys)
        {
            var m = key.Span[0] >> 5;
            if (major is { } known && known != m)
            {
                return false;
            }

            major = m;
        }

        return true;
    }

    /// <summary>
    /// Walks one item without recursion: an explicit stack holds the open arrays, maps and tags,
    /// and every one of them counts as a nesting level, checked before it is entered. (A chain
    /// of 100,000 tags must be a format error, not a stack overflow.)
    /// </summary>
    private static void Walk(CborReader reader, string field, int maxDepth, int total)
    {
        // Remaining items of each open container; a tag is a container of one item with no end marker.
        var open = new Stack<(CborReaderState Kind, int Remaining)>();
        while (true)
        {
            var state = reader.PeekState();
            switch (state)
            {
                case CborReaderState.StartArray:
                case CborReaderState.StartMap:
                case CborReaderState.Tag:
                    if (open.Count >= maxDepth)
                    {
                        throw new TrustFormatException(field, $"CBOR nested too deep (more than {maxDepth} levels of arrays, maps and tags)", total - reader.BytesRemaining);
                    }

                    if (state == CborReaderState.Tag)
                    {
                        reader.ReadTag();
                        open.Push((state, 1));
                        continue;
                    }

                    var isMap = state == CborReaderState.StartMap;
                    var count = isMap ? reader.ReadStartMap() : reader.ReadStartArray();
                    if (count is null)
                    {
                        throw new TrustFormatException(field, "indefinite-length CBOR is not allowed", total - reader.BytesRemaining);
                    }

                    var items = isMap ? count.Value * 2 : count.Value;
                    if (items > 0)
                    {
                        open.Push((state, items));
                        continue;
                    }

                    End(reader, state);
                    break;
                case CborReaderState.StartIndefiniteLengthByteString:
                case CborReaderState.StartIndefiniteLengthTextString:
                    throw new TrustFormatException(field, "indefinite-length CBOR is not allowed", total - reader.BytesRemaining);
                default:
                    // A primitive (integer, string, simple value, float): SkipValue does not nest here.
                    reader.SkipValue();
                    break;
            }

            // One item is complete: count it against the open containers, closing those that are full.
            while (true)
            {
                if (open.Count == 0)
                {
                    return;
                }

                var (kind, remaining) = open.Pop();
                if (remaining > 1)
                {
                    open.Push((kind, remaining - 1));
                    break;
                }

                End(reader, kind);
            }
        }
    }

    private static void End(CborReader reader, CborReaderState kind)
    {
        if (kind == CborReaderState.StartMap)
        {
            reader.ReadEndMap();
        }
        else if (kind == CborReaderState.StartArray)
        {
            reader.ReadEndArray();
        }
    }
}
