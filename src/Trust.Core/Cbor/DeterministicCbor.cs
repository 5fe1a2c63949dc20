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
    /// <summary>The deepest nesting of arrays and maps we accept in any input.</summary>
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
            Walk(reader, field, 0, maxDepth, data.Length);
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

    private static void Walk(CborReader reader, string field, int depth, int maxDepth, int total)
    {
        var state = reader.PeekState();
        switch (state)
        {
            case CborReaderState.StartArray:
            case CborReaderState.StartMap:
                if (depth >= maxDepth)
                {
                    throw new TrustFormatException(field, $"CBOR nested deeper than {maxDepth}", total - reader.BytesRemaining);
                }

                var isMap = state == CborReaderState.StartMap;
                var count = isMap ? reader.ReadStartMap() : reader.ReadStartArray();
                if (count is null)
                {
                    throw new TrustFormatException(field, "indefinite-length CBOR is not allowed", total - reader.BytesRemaining);
                }

                var items = isMap ? count.Value * 2 : count.Value;
                for (var i = 0; i < items; i++)
                {
                    Walk(reader, field, depth + 1, maxDepth, total);
                }

                if (isMap)
                {
                    reader.ReadEndMap();
                }
                else
                {
                    reader.ReadEndArray();
                }

                break;
            case CborReaderState.Tag:
                reader.ReadTag();
                Walk(reader, field, depth, maxDepth, total);
                break;
            case CborReaderState.StartIndefiniteLengthByteString:
            case CborReaderState.StartIndefiniteLengthTextString:
                throw new TrustFormatException(field, "indefinite-length CBOR is not allowed", total - reader.BytesRemaining);
            default:
                reader.SkipValue();
                break;
        }
    }
}
