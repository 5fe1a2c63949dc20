using FsCheck.Xunit;
using Trust.Core.Encoding;

namespace Trust.Core.Tests.Encoding;

public sealed class Base45Tests
{
    // RFC 9285 sections 4.3 and 4.4.
    [Theory]
    [InlineData("AB", "BB8")]
    [InlineData("Hello!!", "%69 VD92EX0")]
    [InlineData("base-45", "UJCLQE7W581")]
    [InlineData("ietf!", "QED8WEX0")]
    [InlineData("", "")]
    public void Rfc9285_examples_round_trip(string text, string base45)
    {
        var bytes = System.Text.Encoding.ASCII.GetBytes(text);
        Assert.Equal(base45, Base45.Encode(bytes));
        Assert.Equal(bytes, Base45.Decode(base45));
    }

    [Theory]
    [InlineData("GGW")] // 65535 < value (RFC 9285 section 6)
    [InlineData("A")] // length 3k+1
    [InlineData("ab")] // lower case is outside the alphabet
    [InlineData("::")] // final pair above 255
    [InlineData("BB8\u00e9")]
    public void Invalid_base45_is_rejected(string text) =>
        Assert.Throws<TrustFormatException>(() => Base45.Decode(text));

    [Property(MaxTest = 200)]
    public bool Any_bytes_round_trip(byte[] bytes) => Base45.Decode(Base45.Encode(bytes)).AsSpan().SequenceEqual(bytes);
}
