using System.IO.Compression;
using UglyToad.PdfPig.Filters;
using UglyToad.PdfPig.Tokens;

namespace Trust.Pdf.Internal.Reader;

/// <summary>
/// PdfPig's filters, each behind a guard that bounds what it may decode to (PdfPig inflates
/// cross-reference streams and object streams itself). Flate data is first inflated into a small
/// scratch buffer that only counts, stopping as soon as the allowance is exceeded, so a zlib bomb
/// is refused after reading at most the allowance and before any memory is spent on its output.
/// Filters without a counting pass are refused when their worst-case expansion of the input could
/// exceed the allowance (LZW, run-length), or checked on their output.
/// </summary>
internal sealed class LimitingFilterProvider(ParseLimits limits) : IFilterProvider
{
    private readonly IFilterProvider _inner = DefaultFilterProvider.Instance;

    public IReadOnlyList<IFilter> GetFilters(DictionaryToken dictionary) => Wrap(_inner.GetFilters(dictionary));

    public IReadOnlyList<IFilter> GetNamedFilters(IReadOnlyList<NameToken> names) => Wrap(_inner.GetNamedFilters(names));

    public IReadOnlyList<IFilter> GetAllFilters() => Wrap(_inner.GetAllFilters());

    private IReadOnlyList<IFilter> Wrap(IReadOnlyList<IFilter> filters) => [.. filters.Select(f => (IFilter)new Guard(f, limits))];

    /// <summary>Bytes the Flate data inflates to, counting at most <paramref name="allowance"/> + 1 (raw deflate after a zlib header, as PdfPig reads it).</summary>
    internal static long InflatedSizeUpTo(ReadOnlySpan<byte> input, long allowance)
    {
        var data = input.ToArray();
        var skip = data.Length >= 2 && (data[0] & 0x0F) == 8 && ((data[0] << 8) | data[1]) % 31 == 0 ? 2 : 0;
        var scratch = new byte[1 << 16];
        long total = 0;
        try
        {
            using var inflater = new DeflateStream(new MemoryStream(data, skip, data.Length - skip, writable: false), CompressionMode.Decompress);
            int read;
            while ((read = inflater.Read(scratch, 0, scratch.Length)) > 0)
            {
                total += read;
                if (total > allowance)
                {
                    return total;
                }
            }
        }
        catch (InvalidDataException)
        {
            // Corrupt data ends the count where PdfPig's own inflate would stop too.
        }

        return total;
    }

    private sealed class Guard(IFilter inner, ParseLimits limits) : IFilter
    {
        public bool IsSupported => inner.IsSupported;

        public Memory<byte> Decode(Memory<byte> input, DictionaryToken streamDictionary, IFilterProvider filterProvider, int filterIndex)
        {
            limits.ThrowIfHit();
            var allowance = limits.StreamAllowance;
            var name = inner.GetType().Name;
            long? bound = name switch
            {
                "FlateFilter" => InflatedSizeUpTo(input.Span, allowance),
                "LzwFilter" => input.Length * 4096L, // one 9-bit code can stand for up to 4096 bytes
                "RunLengthFilter" => input.Length * 64L,
                "AsciiHexDecodeFilter" or "Ascii85Filter" => input.Length * 5L / 4 + 4,
                _ => null,
            };
            if (bound > allowance)
            {
                throw Refuse(allowance);
            }

            var output = inner.Decode(input, streamDictionary, filterProvider, filterIndex);
            if (output.Length > allowance)
            {
                throw Refuse(allowance);
            }

            limits.AddDecoded(output.Length);
            return output;
        }

        private PdfLimitException Refuse(long allowance) => allowance < limits.MaxStreamDecodedBytes
            ? limits.Fail("limit.total_decoded_bytes", $"The streams decode to more than {limits.MaxTotalDecodedBytes} bytes in total.")
            : limits.Fail("limit.stream_decoded_bytes", $"A stream decodes to more than {limits.MaxStreamDecodedBytes} bytes.");
    }
}
