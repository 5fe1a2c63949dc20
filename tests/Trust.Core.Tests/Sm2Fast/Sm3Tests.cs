using FsCheck.Xunit;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm3;

namespace Trust.Core.Tests.Sm2Fast;

public sealed class Sm3Tests
{
    private static byte[] Reference(byte[] data)
    {
        var d = new SM3Digest();
        d.BlockUpdate(data, 0, data.Length);
        var result = new byte[32];
        d.DoFinal(result, 0);
        return result;
    }

    [Theory]
    // GB/T 32905-2016 appendix A, examples 1 and 2.
    [InlineData("abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0")]
    [InlineData("abcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcdabcd", "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732")]
    public void Standard_test_vectors_hash_as_published(string message, string expectedHex)
    {
        var data = System.Text.Encoding.ASCII.GetBytes(message);
        var actual = new byte[32];
        Sm3State.Hash(data, actual);
        Assert.Equal(expectedHex, Convert.ToHexStringLower(actual));
        Assert.Equal(expectedHex, Convert.ToHexStringLower(Digest.Hash(DigestAlgorithm.Sm3, data)));
    }

    [Property(MaxTest = 300)]
    public bool Chunked_appends_match_BouncyCastle(byte[] data, int[] cuts)
    {
        var digest = Digest.Create(DigestAlgorithm.Sm3);
        int offset = 0;
        foreach (var cut in cuts ?? [])
        {
            int take = Math.Min(Math.Abs(cut % 97), data.Length - offset);
            digest.Append(data.AsSpan(offset, take));
            offset += take;
        }

        digest.Append(data.AsSpan(offset));
        var first = digest.Finish();
        digest.Append(data);
        var second = digest.Finish(); // Finish resets
        var expected = Reference(data);
        return first.AsSpan().SequenceEqual(expected) && second.AsSpan().SequenceEqual(expected);
    }

    [Fact]
    public void Lengths_around_block_and_padding_boundaries_match_BouncyCastle()
    {
        var random = new Random(9);
        for (int length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            var actual = new byte[32];
            Sm3State.Hash(data, actual);
            Assert.Equal(Reference(data), actual);
        }
    }

    [Property(MaxTest = 200)]
    public bool Hmac_matches_BouncyCastle(byte[] key, byte[] data)
    {
        var mac = new HMac(new SM3Digest());
        mac.Init(new KeyParameter(key));
        mac.BlockUpdate(data, 0, data.Length);
        var expected = new byte[32];
        mac.DoFinal(expected, 0);

        var actual = new byte[32];
        HmacSm3.Compute(key, data, actual);
        var keyed = HmacSm3.Create(key);
        keyed.Append(data);
        var reused = new byte[32];
        keyed.Finish(reused);
        keyed.Append(data);
        keyed.Finish(reused);
        return actual.AsSpan().SequenceEqual(expected) && reused.AsSpan().SequenceEqual(expected);
    }
}
