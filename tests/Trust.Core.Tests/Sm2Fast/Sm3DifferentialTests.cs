using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Org.BouncyCastle.Crypto.Digests;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm3;

namespace Trust.Core.Tests.Sm2Fast;

/// <summary>
/// The tuned SM3 (eight-block vector schedule, unrolled rounds, single-block tail) against
/// BouncyCastle's <see cref="SM3Digest"/> on messages up to 10,000 bytes fed in random pieces, so
/// both the eight-block path and the one-block path, and every way a block can straddle two
/// appends, are exercised.
/// </summary>
public sealed class Sm3DifferentialTests
{
    /// <summary>A message and the points where it is cut into appends.</summary>
    public sealed record SplitMessage(byte[] Data, int[] Cuts)
    {
        /// <inheritdoc/>
        public override string ToString() => $"{Data.Length} bytes cut at [{string.Join(", ", Cuts)}]";
    }

    public static class Generators
    {
        public static Arbitrary<SplitMessage> SplitMessages() =>
            (from length in Gen.Choose(0, 10_000)
             from data in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), length)
             from cutCount in Gen.Choose(0, 6)
             from cuts in Gen.ArrayOf(Gen.Choose(0, length), cutCount)
             select new SplitMessage(data, cuts.Order().ToArray())).ToArbitrary();
    }

    private static byte[] Reference(byte[] data)
    {
        var digest = new SM3Digest();
        digest.BlockUpdate(data, 0, data.Length);
        var result = new byte[32];
        digest.DoFinal(result, 0);
        return result;
    }

    [Property(MaxTest = 1000, Arbitrary = [typeof(Generators)])]
    public bool Random_lengths_appended_in_random_pieces_match_BouncyCastle(SplitMessage message)
    {
        var expected = Reference(message.Data);

        using var digest = Digest.Create(DigestAlgorithm.Sm3);
        int offset = 0;
        foreach (int cut in message.Cuts)
        {
            digest.Append(message.Data.AsSpan(offset, cut - offset));
            offset = cut;
        }

        digest.Append(message.Data.AsSpan(offset));
        var pieces = digest.Finish();

        var oneShot = new byte[32];
        Sm3State.Hash(message.Data, oneShot);
        return pieces.AsSpan().SequenceEqual(expected) && oneShot.AsSpan().SequenceEqual(expected);
    }

    [Fact]
    public void Every_block_count_up_to_three_groups_of_eight_matches_BouncyCastle()
    {
        // 0..25 whole blocks plus a few tails: groups of eight, the one-block remainder, and both.
        var random = new Random(32905);
        for (int blocks = 0; blocks <= 25; blocks++)
        {
            foreach (int tail in new[] { 0, 1, 55, 56, 63 })
            {
                var data = new byte[(64 * blocks) + tail];
                random.NextBytes(data);
                var actual = new byte[32];
                Sm3State.Hash(data, actual);
                Assert.Equal(Convert.ToHexStringLower(Reference(data)), Convert.ToHexStringLower(actual));
            }
        }
    }

    [Fact]
    public void Unaligned_input_spans_match_BouncyCastle()
    {
        var random = new Random(7);
        var buffer = new byte[4096 + 64];
        random.NextBytes(buffer);
        for (int start = 0; start < 64; start += 3)
        {
            var data = buffer.AsSpan(start, 4096);
            var actual = new byte[32];
            Sm3State.Hash(data, actual);
            Assert.Equal(Reference(data.ToArray()), actual);
        }
    }

    [Fact]
    public void One_million_a_bytes_hash_like_BouncyCastle()
    {
        var data = new byte[1_000_000];
        data.AsSpan().Fill((byte)'a');
        Assert.Equal(Reference(data), Digest.Hash(DigestAlgorithm.Sm3, data));
    }
}
