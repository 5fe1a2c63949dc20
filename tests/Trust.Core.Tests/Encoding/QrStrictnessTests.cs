using System.IO.Compression;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Encoding;
using Trust.Core.Licences;
using Trust.Core.Tests.Licences;

namespace Trust.Core.Tests.Encoding;

/// <summary>The QR text decoder's error contract: one distinct field per layer, strict zlib, nothing else escapes.</summary>
public sealed class QrStrictnessTests
{
    private const string Prefix = "TL1:";

    private static readonly Lazy<LicenceFixture> F = new(() => new LicenceFixture(KeyAlgorithm.Sm2));

    private static string Qr(byte[] zlib) => Prefix + Base45.Encode(zlib);

    private static TrustFormatException Fails(string text, int max = 64 * 1024) =>
        Assert.Throws<TrustFormatException>(() => QrText.Decode(Prefix, text, max));

    private static byte[] Sample => System.Text.Encoding.ASCII.GetBytes("a licence, a licence, a licence: 0123456789");

    private static byte[] ZlibOf(byte[] data, CompressionLevel level)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, level, leaveOpen: true))
        {
            z.Write(data);
        }

        return output.ToArray();
    }

    [Fact]
    public void Preset_dictionary_is_refused_as_qr_zlib()
    {
        // CMF 0x78, FLG 0xBB: check bits right, FDICT set, then a DICTID and a deflate stream.
        byte[] fdict = [0x78, 0xBB, 0x01, 0x02, 0x03, 0x04, .. ZlibOf(Sample, CompressionLevel.Optimal)[2..]];
        var ex = Fails(Qr(fdict));
        Assert.Equal("qr.zlib", ex.Field);
        Assert.Contains("FDICT", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, ex.Offset);
    }

    [Theory]
    [InlineData(new byte[] { 0x79, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 }, "not deflate")]  // CM 9
    [InlineData(new byte[] { 0x88, 0x98, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 }, "not deflate")]  // CINFO 8 (64 KiB window)
    [InlineData(new byte[] { 0x78, 0x9D, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01 }, "check bits")]   // FCHECK wrong
    [InlineData(new byte[] { 0x78 }, "truncated zlib header")]
    [InlineData(new byte[0], "empty zlib data")]
    [InlineData(new byte[] { 0x78, 0x9C, 0x07, 0x00, 0x00, 0x00, 0x00, 0x01 }, "block type 3")]
    [InlineData(new byte[] { 0x78, 0x9C, 0x01, 0x01, 0x00, 0xFF, 0xFF, 0x00 }, "complement")]  // stored LEN 1, NLEN wrong
    [InlineData(new byte[] { 0x78, 0x9C, 0x05, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00 }, "code lengths code")] // dynamic: one code of length 2 (incomplete)
    [InlineData(new byte[] { 0x78, 0x9C, 0x05, 0x00, 0x92, 0x00, 0x00, 0x00, 0x00, 0x00 }, "code lengths code")] // dynamic: three codes of length 1 (over-subscribed)
    [InlineData(new byte[] { 0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00 }, "qr.trailing_bytes")]
    public void Bad_zlib_streams_are_qr_zlib(byte[] zlib, string message)
    {
        // The reference: 78 9C 03 00 00 00 00 01 is the zlib stream of no bytes.
        Assert.Empty(QrText.Decode(Prefix, Qr([0x78, 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]), 10));
        var ex = Fails(Qr(zlib));
        Assert.Equal(message == "qr.trailing_bytes" ? message : "qr.zlib", ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adler32_is_checked()
    {
        var z = ZlibOf(Sample, CompressionLevel.Optimal);
        z[^1] ^= 0x01;
        var ex = Fails(Qr(z));
        Assert.Equal("qr.zlib", ex.Field);
        Assert.Contains("Adler-32", ex.Message, StringComparison.Ordinal);
        Assert.Equal(z.Length - 4, ex.Offset);
    }

    [Fact]
    public void Every_truncation_is_qr_zlib()
    {
        var z = ZlibOf(Sample, CompressionLevel.SmallestSize);
        for (var cut = 0; cut < z.Length; cut++)
        {
            var ex = Fails(Qr(z[..cut]));
            Assert.Equal("qr.zlib", ex.Field);
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x00 })]
    [InlineData(new byte[] { 0x78, 0x9C, 0x03, 0x00 })]
    public void Bytes_after_the_zlib_stream_are_qr_trailing_bytes(byte[] extra)
    {
        var z = ZlibOf(Sample, CompressionLevel.Optimal);
        var ex = Fails(Qr([.. z, .. extra]));
        Assert.Equal("qr.trailing_bytes", ex.Field);
        Assert.Equal(z.Length, ex.Offset);
    }

    [Fact]
    public void The_size_cap_is_exact_and_enforced_while_inflating()
    {
        var data = new byte[10_000];
        var text = Qr(ZlibOf(data, CompressionLevel.SmallestSize));
        Assert.Equal(data.Length, QrText.Decode(Prefix, text, data.Length).Length);
        var ex = Fails(text, data.Length - 1);
        Assert.Equal("qr.zlib.too_large", ex.Field);

        // A bomb: 16 MB of zeros in a few kilobytes stops at the cap.
        var bomb = ZlibOf(new byte[16 << 20], CompressionLevel.SmallestSize);
        Assert.Equal("qr.zlib.too_large", Assert.Throws<TrustFormatException>(() => Zlib.Decompress(bomb, 64 * 1024, "qr.zlib")).Field);
    }

    [Theory]
    [InlineData("TL1:AB", "qr.base45", 4)]        // 10 + 11*45 = 505 > 255 (final pair out of range)
    [InlineData("TL1:000a00", "qr.base45", 7)]    // lower-case letter
    [InlineData("TL1:00000", "qr.base45", 8)]     // 3k+1 characters... (5 = 3+2 is fine; see next)
    [InlineData("TL1:0000", "qr.base45", 7)]      // length 3k+1
    [InlineData("TL1::::00", "qr.base45", 4)]     // triple above 65535
    [InlineData("TL1:€00", "qr.base45", 4)]       // non-ASCII
    public void Bad_base45_is_qr_base45_with_the_character_offset(string text, string field, long offset)
    {
        if (text == "TL1:00000")
        {
            // 3 + 2 characters decode to 3 bytes, which are not zlib: the layer below reports it.
            Assert.Equal("qr.zlib", Fails(text).Field);
            return;
        }

        var ex = Fails(text);
        Assert.Equal(field, ex.Field);
        Assert.Equal(offset, ex.Offset);
    }

    [Theory]
    [InlineData("TG1:0000")]
    [InlineData("tl1:0000")]
    [InlineData("")]
    [InlineData(null)]
    public void Wrong_prefix_is_qr_prefix(string? text)
    {
        var ex = Assert.Throws<TrustFormatException>(() => QrText.Decode(Prefix, text!, 1024));
        Assert.Equal("qr.prefix", ex.Field);
    }

    [Fact]
    public void Overlong_text_is_qr_length() =>
        Assert.Equal("qr.length", Fails(Prefix + new string('0', QrText.MaxTextLength)).Field);

    [Theory]
    [InlineData(CompressionLevel.NoCompression)]
    [InlineData(CompressionLevel.Fastest)]
    [InlineData(CompressionLevel.Optimal)]
    [InlineData(CompressionLevel.SmallestSize)]
    public void Our_inflater_reads_what_the_platform_deflater_writes(CompressionLevel level)
    {
        var random = new Random(1234);
        foreach (var size in new[] { 0, 1, 100, 65_535, 70_000, 300_000 })
        {
            var data = new byte[size];
            for (var i = 0; i < size; i++)
            {
                // Runs and repeats (matches, long distances) mixed with noise (literals, dynamic blocks).
                data[i] = (i / 97 % 3) switch { 0 => (byte)random.Next(256), 1 => (byte)(i % 7), _ => i >= 4000 ? data[i - 4000] : (byte)i };
            }

            Assert.Equal(data, Zlib.Decompress(size == 0 ? Zlib.Compress(data) : ZlibOf(data, level), size, "z"));
        }
    }

    [Property(MaxTest = 200)]
    public bool Round_trip_equals_the_platform(byte[] data, PositiveInt repeat)
    {
        var input = Enumerable.Repeat(data, 1 + (repeat.Get % 20)).SelectMany(b => b).ToArray();
        var platform = input.Length == 0 ? Zlib.Compress(input) : ZlibOf(input, CompressionLevel.Optimal); // the platform writes nothing for nothing
        return Zlib.Decompress(platform, input.Length, "z").AsSpan().SequenceEqual(input);
    }

    [Property(MaxTest = 500)]
    public bool Random_bytes_give_bytes_or_a_format_error(byte[] junk)
    {
        byte[] input = [0x78, 0x9C, .. junk];
        try
        {
            Zlib.Decompress(input, 1 << 16, "z");
        }
        catch (TrustFormatException ex)
        {
            return ex.Field.StartsWith('z');
        }

        return true;
    }

    [Property(MaxTest = 500)]
    public Property Bit_flips_in_a_valid_stream_never_escape_as_another_exception()
    {
        var z = ZlibOf(Sample.Concat(Sample).Concat(new byte[300]).ToArray(), CompressionLevel.Optimal);
        return Prop.ForAll(Gen.Choose(0, (z.Length * 8) - 1).ToArbitrary(), bit =>
        {
            var mutated = (byte[])z.Clone();
            mutated[bit / 8] ^= (byte)(1 << (bit % 8));
            try
            {
                var output = Zlib.Decompress(mutated, 1 << 16, "z");
                return Zlib.Adler32(output) == Zlib.Adler32(Zlib.Decompress(z, 1 << 16, "z")) || bit < 16;
            }
            catch (TrustFormatException)
            {
                return true;
            }
        });
    }

    [Fact]
    public void Adler32_matches_the_rfc_1950_definition()
    {
        Assert.Equal(1u, Zlib.Adler32([]));
        Assert.Equal(0x11E60398u, Zlib.Adler32(System.Text.Encoding.ASCII.GetBytes("Wikipedia")));
        var big = new byte[100_000];
        Array.Fill(big, (byte)0xFF);
        uint a = 1, b = 0;
        foreach (var x in big)
        {
            a = (a + x) % 65521;
            b = (b + a) % 65521;
        }

        Assert.Equal((b << 16) | a, Zlib.Adler32(big));
    }

    [Theory]
    [InlineData("TL1:AB", "input.malformed:qr.base45")]
    [InlineData("TG1:0000", "input.malformed:qr.prefix")]
    public void The_field_survives_into_the_licence_reason(string text, string reason)
    {
        var ex = Assert.Throws<TrustFormatException>(() => SignedLicence.BytesFromQrText(text));
        var result = LicenceVerificationResult.Malformed(ex);
        Assert.Equal(LicenceVerdict.Invalid, result.Verdict);
        Assert.Equal([reason], result.Reasons);
        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task A_good_licence_qr_text_with_a_byte_appended_to_its_zlib_stream_is_refused()
    {
        var licence = await F.Value.IssueAsync("BL");
        var z = ZlibOf(licence.Encoded.ToArray(), CompressionLevel.SmallestSize);
        Assert.Equal(licence.Encoded.ToArray(), SignedLicence.BytesFromQrText(Qr(z)));
        Assert.Equal("qr.trailing_bytes", Assert.Throws<TrustFormatException>(() => SignedLicence.BytesFromQrText(Qr([.. z, 0x00]))).Field);
    }
}
