using System.IO.Compression;

namespace Trust.Core.Encoding;

/// <summary>
/// zlib (RFC 1950) compression, and a strict, bounded decompressor of our own (RFC 1951 inflate)
/// so that every rule is ours to enforce and report: the header (deflate, window at most 32 KiB,
/// header check, no preset dictionary), the inflated size cap (checked while inflating: a
/// decompression bomb stops at the cap), the Adler-32 checksum, truncation, and trailing bytes.
/// </summary>
/// <remarks>
/// The decoder is iterative and works in time proportional to its input plus its (capped)
/// output. Every error is a <see cref="TrustFormatException"/>; no other exception type escapes.
/// </remarks>
internal static class Zlib
{
    /// <summary>Compresses with the smallest output (always a complete zlib stream, also for no bytes).</summary>
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            // The platform writes nothing at all for no input; the zlib stream of no bytes is an empty fixed block.
            return [0x78, 0xDA, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01];
        }

        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Inflates <paramref name="compressed"/>, refusing to produce more than <paramref name="maxInflatedBytes"/>.</summary>
    /// <param name="compressed">One zlib stream and nothing after it.</param>
    /// <param name="maxInflatedBytes">The cap on the inflated size.</param>
    /// <param name="field">The field named by errors: bad header, preset dictionary, bad data, bad checksum, truncated.</param>
    /// <param name="trailingField">The field named when bytes follow the stream (default <c>field.trailing_bytes</c>).</param>
    /// <exception cref="TrustFormatException">
    /// <paramref name="field"/> for malformed or truncated data and checksum mismatches;
    /// <c>field.too_large</c> when the output would pass the cap; <paramref name="trailingField"/> for bytes after the stream.
    /// </exception>
    public static byte[] Decompress(ReadOnlyMemory<byte> compressed, int maxInflatedBytes, string field = "zlib", string? trailingField = null)
    {
        try
        {
            return new Inflater(compressed.Span.ToArray(), maxInflatedBytes, field, trailingField ?? field + ".trailing_bytes").Run();
        }
        catch (TrustFormatException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Defensive: a bug in the decoder must still be a format error, never an escaping exception.
            throw new TrustFormatException(field, "not valid zlib data", null, ex);
        }
    }

    /// <summary>Adler-32 (RFC 1950 section 8.2).</summary>
    internal static uint Adler32(ReadOnlySpan<byte> data)
    {
        const uint Mod = 65521;
        uint a = 1, b = 0;
        while (!data.IsEmpty)
        {
            // 5552 is the most bytes before b can overflow 32 bits (zlib's NMAX).
            var chunk = data[..Math.Min(data.Length, 5552)];
            foreach (var x in chunk)
            {
                a += x;
                b += a;
            }

            a %= Mod;
            b %= Mod;
            data = data[chunk.Length..];
        }

        return (b << 16) | a;
    }

    private sealed class Inflater(byte[] input, int max, string field, string trailingField)
    {
        private const int MaxBits = 15;

        private static readonly ushort[] LengthBase = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
        private static readonly byte[] LengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
        private static readonly ushort[] DistanceBase = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
        private static readonly byte[] DistanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
        private static readonly byte[] CodeLengthOrder = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

        private static readonly Huffman FixedLiterals = FixedLiteralCode();
        private static readonly Huffman FixedDistances = FixedDistanceCode();

        private int _pos;
        private int _bitBuffer;
        private int _bitCount;
        private byte[] _out = new byte[Math.Min(Math.Max(max, 0), 4096)];
        private int _outLength;
        private int _window;

        public byte[] Run()
        {
            // RFC 1950 section 2.2: CMF (method 8 = deflate, CINFO = log2(window) - 8 <= 7), FLG (check bits, FDICT).
            if (input.Length < 2)
            {
                throw Error(input.Length == 0 ? "empty zlib data" : "truncated zlib header", 0);
            }

            int cmf = input[0], flg = input[1];
            if ((cmf & 0x0F) != 8 || (cmf >> 4) > 7)
            {
                throw Error("bad zlib header: not deflate with a window of at most 32 KiB", 0);
            }

            if (((cmf << 8) | flg) % 31 != 0)
            {
                throw Error("bad zlib header: header check bits wrong", 1);
            }

            if ((flg & 0x20) != 0)
            {
                throw Error("zlib preset dictionary (FDICT) is not supported", 1);
            }

            _window = 1 << ((cmf >> 4) + 8);
            _pos = 2;
            bool last;
            do
            {
                last = Bits(1) == 1;
                switch (Bits(2))
                {
                    case 0:
                        Stored();
                        break;
                    case 1:
                        Codes(FixedLiterals, FixedDistances);
                        break;
                    case 2:
                        Dynamic();
                        break;
                    default:
                        throw Error("invalid deflate block type 3", _pos);
                }
            }
            while (!last);

            // The Adler-32 of the output follows at the next byte boundary, big-endian.
            _bitBuffer = 0;
            _bitCount = 0;
            if (input.Length - _pos < 4)
            {
                throw Error("truncated: the Adler-32 checksum is missing", _pos);
            }

            var expected = ((uint)input[_pos] << 24) | ((uint)input[_pos + 1] << 16) | ((uint)input[_pos + 2] << 8) | input[_pos + 3];
            if (expected != Adler32(_out.AsSpan(0, _outLength)))
            {
                throw Error("Adler-32 checksum mismatch", _pos);
            }

            _pos += 4;
            if (_pos != input.Length)
            {
                throw new TrustFormatException(trailingField, $"{input.Length - _pos} bytes after the zlib stream", _pos);
            }

            return _out.AsSpan(0, _outLength).ToArray();
        }

        private TrustFormatException Error(string message, long offset) => new(field, message, offset);

        private int Bits(int need)
        {
            var value = _bitBuffer;
            while (_bitCount < need)
            {
                if (_pos >= input.Length)
                {
                    throw Error("truncated deflate data", _pos);
                }

                value |= input[_pos++] << _bitCount;
                _bitCount += 8;
            }

            _bitBuffer = value >> need;
            _bitCount -= need;
            return value & ((1 << need) - 1);
        }

        private void Stored()
        {
            // RFC 1951 section 3.2.4: skip to a byte boundary, LEN, NLEN = ~LEN, LEN bytes.
            _bitBuffer = 0;
            _bitCount = 0;
            if (input.Length - _pos < 4)
            {
                throw Error("truncated stored block header", _pos);
            }

            var length = input[_pos] | (input[_pos + 1] << 8);
            var complement = input[_pos + 2] | (input[_pos + 3] << 8);
            if (length != (~complement & 0xFFFF))
            {
                throw Error("stored block length does not match its complement", _pos);
            }

            _pos += 4;
            if (input.Length - _pos < length)
            {
                throw Error("truncated stored block", _pos);
            }

            Reserve(length);
            input.AsSpan(_pos, length).CopyTo(_out.AsSpan(_outLength));
            _outLength += length;
            _pos += length;
        }

        private void Reserve(int more)
        {
            if (more > max - _outLength)
            {
                throw new TrustFormatException(field + ".too_large", $"inflates to more than {max} bytes", _pos);
            }

            var need = _outLength + more;
            if (need > _out.Length)
            {
                var size = (int)Math.Min(max, Math.Max(need, (long)_out.Length * 2));
                Array.Resize(ref _out, size);
            }
        }

        private void Codes(Huffman literals, Huffman distances)
        {
            while (true)
            {
                var symbol = Decode(literals);
                if (symbol < 256)
                {
                    Reserve(1);
                    _out[_outLength++] = (byte)symbol;
                    continue;
                }

                if (symbol == 256)
                {
                    return;
                }

                symbol -= 257;
                if (symbol >= LengthBase.Length)
                {
                    throw Error("invalid deflate length code", _pos);
                }

                var length = LengthBase[symbol] + Bits(LengthExtra[symbol]);
                var d = Decode(distances);
                if (d >= DistanceBase.Length)
                {
                    throw Error("invalid deflate distance code", _pos);
                }

                var distance = DistanceBase[d] + Bits(DistanceExtra[d]);
                if (distance > _outLength || distance > _window)
                {
                    throw Error("deflate distance too far back", _pos);
                }

                Reserve(length);
                for (var i = 0; i < length; i++)
                {
                    _out[_outLength] = _out[_outLength - distance];
                    _outLength++;
                }
            }
        }

        private void Dynamic()
        {
            // RFC 1951 section 3.2.7.
            var literalCount = Bits(5) + 257;
            var distanceCount = Bits(5) + 1;
            var codeLengthCount = Bits(4) + 4;
            if (literalCount > 286 || distanceCount > 30)
            {
                throw Error("too many deflate length or distance codes", _pos);
            }

            var lengths = new byte[19];
            for (var i = 0; i < codeLengthCount; i++)
            {
                lengths[CodeLengthOrder[i]] = (byte)Bits(3);
            }

            var codeLengths = Huffman.Build(lengths) ?? throw Error("invalid deflate code lengths code", _pos);
            var all = new byte[literalCount + distanceCount];
            var index = 0;
            while (index < all.Length)
            {
                var symbol = Decode(codeLengths);
                if (symbol < 16)
                {
                    all[index++] = (byte)symbol;
                    continue;
                }

                byte value = 0;
                int repeat;
                if (symbol == 16)
                {
                    if (index == 0)
                    {
                        throw Error("deflate repeat with no previous length", _pos);
                    }

                    value = all[index - 1];
                    repeat = 3 + Bits(2);
                }
                else
                {
                    repeat = symbol == 17 ? 3 + Bits(3) : 11 + Bits(7);
                }

                if (index + repeat > all.Length)
                {
                    throw Error("deflate code lengths overrun", _pos);
                }

                all.AsSpan(index, repeat).Fill(value);
                index += repeat;
            }

            if (all[256] == 0)
            {
                throw Error("deflate block has no end-of-block code", _pos);
            }

            var literals = Huffman.Build(all.AsSpan(0, literalCount)) ?? throw Error("invalid deflate literal/length code", _pos);
            var distances = Huffman.Build(all.AsSpan(literalCount)) ?? throw Error("invalid deflate distance code", _pos);
            Codes(literals, distances);
        }

        private int Decode(Huffman h)
        {
            // Canonical code, read bit by bit (RFC 1951 section 3.2.2), first code of each length at 'first'.
            int code = 0, first = 0, index = 0;
            for (var length = 1; length <= MaxBits; length++)
            {
                code |= Bits(1);
                var count = h.Count[length];
                if (code - count < first)
                {
                    return h.Symbols[index + (code - first)];
                }

                index += count;
                first += count;
                first <<= 1;
                code <<= 1;
            }

            throw Error("invalid deflate Huffman code", _pos);
        }

        private static Huffman FixedLiteralCode()
        {
            var lengths = new byte[288];
            lengths.AsSpan(0, 144).Fill(8);
            lengths.AsSpan(144, 112).Fill(9);
            lengths.AsSpan(256, 24).Fill(7);
            lengths.AsSpan(280, 8).Fill(8);
            return Huffman.Build(lengths)!;
        }

        private static Huffman FixedDistanceCode()
        {
            // RFC 1951 section 3.2.6: 30 five-bit codes (codes 30 and 31 never occur), incomplete by design.
            var lengths = new byte[30];
            lengths.AsSpan().Fill(5);
            return Huffman.Build(lengths, allowIncomplete: true)!;
        }
    }

    private sealed class Huffman
    {
        private Huffman(short[] count, short[] symbols)
        {
            Count = count;
            Symbols = symbols;
        }

        public short[] Count { get; }

        public short[] Symbols { get; }

        /// <summary>The canonical code for <paramref name="lengths"/>; null when over-subscribed or incomplete (beyond one code of length 1).</summary>
        public static Huffman? Build(ReadOnlySpan<byte> lengths, bool allowIncomplete = false)
        {
            var count = new short[16];
            foreach (var l in lengths)
            {
                count[l]++;
            }

            if (count[0] == lengths.Length)
            {
                // No codes at all: only valid for a distance code of a block without matches; decoding then fails.
                return new Huffman(count, []);
            }

            var left = 1;
            for (var length = 1; length < 16; length++)
            {
                left <<= 1;
                left -= count[length];
                if (left < 0)
                {
                    return null; // over-subscribed
                }
            }

            // As zlib: an incomplete code is allowed only when it is a single code of length 1.
            if (left > 0 && !allowIncomplete && !(count[1] == 1 && lengths.Length - count[0] == 1))
            {
                return null;
            }

            var offsets = new short[16];
            for (var length = 1; length < 15; length++)
            {
                offsets[length + 1] = (short)(offsets[length] + count[length]);
            }

            var symbols = new short[lengths.Length];
            for (var symbol = 0; symbol < lengths.Length; symbol++)
            {
                if (lengths[symbol] != 0)
                {
                    symbols[offsets[lengths[symbol]]++] = (short)symbol;
                }
            }

            count[0] = 0;
            return new Huffman(count, symbols);
        }
    }
}
