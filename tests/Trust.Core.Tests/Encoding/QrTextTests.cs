using FsCheck.Xunit;
using Trust.Core.Encoding;

namespace Trust.Core.Tests.Encoding;

public sealed class QrTextTests
{
    [Property(MaxTest = 100)]
    public bool Bytes_round_trip_through_qr_text(byte[] bytes) =>
        QrText.Decode("TL1:", QrText.Encode("TL1:", bytes), 1 << 20).AsSpan().SequenceEqual(bytes);

    [Fact]
    public void Qr_text_uses_only_the_qr_alphanumeric_set()
    {
        var text = QrText.Encode("TL1:", Enumerable.Range(0, 500).Select(i => (byte)(i * 7)).ToArray());
        Assert.All(text, c => Assert.Contains(c, Base45.Alphabet));
    }

    [Fact]
    public void A_decompression_bomb_is_stopped_at_the_cap()
    {
        var bomb = QrText.Encode("TL1:", new byte[1_000_000]);
        Assert.True(bomb.Length < QrText.MaxTextLength);
        var ex = Assert.Throws<TrustFormatException>(() => QrText.Decode("TL1:", bomb, 64 * 1024));
        Assert.Equal("qr.zlib.too_large", ex.Field);
    }

    [Theory]
    [InlineData("HC1:BB8")]
    [InlineData("TL1:BB8")]
    [InlineData("TL1:a")]
    [InlineData("")]
    public void Wrong_prefix_or_garbage_is_rejected(string text) =>
        Assert.Throws<TrustFormatException>(() => QrText.Decode("TL1:", text, 1024));

    [Fact]
    public void Overlong_text_is_rejected_before_decoding() =>
        Assert.Throws<TrustFormatException>(() => QrText.Decode("TL1:", "TL1:" + new string('0', 100_000), 1024));
}
