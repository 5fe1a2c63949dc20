using Trust.Documents.Fonts;

namespace Trust.Documents.Tests.Fonts;

public class TrueTypeSubsetterTests
{
    [Fact]
    public void Subset_keeps_the_characters_and_reads_back_as_a_font()
    {
        var font = LicenceFont.Default;
        var subset = font.Subset("营业执照ABC123：".EnumerateRunes().Select(r => r.Value));
        var again = TrueTypeFont.Load(subset.Data);
        foreach (var c in "营业执照ABC123：")
        {
            Assert.True(again.Has(c), $"subset lacks {c}");
            Assert.NotEqual(0, subset.Glyph(c));
        }

        Assert.False(again.Has('龍'));
        Assert.True(subset.Data.Length < 64 * 1024, $"subset is {subset.Data.Length} bytes");
    }

    [Fact]
    public void Glyph_ids_follow_code_point_order()
    {
        var subset = LicenceFont.Default.Subset([0x4E1A, 0x0041, 0x8425]);
        Assert.Equal(1, subset.Glyph(0x0041));
        Assert.Equal(2, subset.Glyph(0x4E1A));
        Assert.Equal(3, subset.Glyph(0x8425));
    }

    [Fact]
    public void Hostile_font_bytes_are_rejected_with_InvalidDataException()
    {
        var real = File.ReadAllBytes("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");
        var random = new Random(17);
        var inputs = new List<byte[]> { Array.Empty<byte>(), new byte[12], real[..100], real[..4096] };
        for (var i = 0; i < 20; i++)
        {
            var bytes = new byte[random.Next(1, 5000)];
            random.NextBytes(bytes);
            inputs.Add(bytes);
        }

        foreach (var input in inputs)
        {
            Assert.Throws<InvalidDataException>(() => TrueTypeFont.Load(input).Subset([0x41]));
        }
    }
}
