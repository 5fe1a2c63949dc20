using System.Formats.Cbor;
using FsCheck;
using FsCheck.Xunit;
using Trust.Core.Cbor;

namespace Trust.Core.Tests.Cbor;

public sealed class DeterministicCborTests
{
    private static void Rejects(string hex)
    {
        var ex = Assert.Throws<TrustFormatException>(() => DeterministicCbor.Validate(Convert.FromHexString(hex), "test"));
        Assert.Equal("test", ex.Field);
    }

    [Theory]
    [InlineData("A201000101")] // duplicate key 1
    [InlineData("A2016161016162")] // duplicate key 1 with different values
    [InlineData("9F01FF")] // indefinite-length array
    [InlineData("BF0101FF")] // indefinite-length map
    [InlineData("5F4101FF")] // indefinite-length byte string
    [InlineData("1817")] // 23 encoded in two bytes (not shortest)
    [InlineData("190001")] // 1 encoded in three bytes
    [InlineData("5801AA")] // one-byte string with a one-byte length argument
    [InlineData("A202010101")] // keys out of order (2 before 1)
    [InlineData("0101")] // trailing bytes after the item
    [InlineData("82")] // truncated array
    [InlineData("")] // empty
    [InlineData("FF")] // lone break
    [InlineData("1C")] // reserved additional information
    public void Non_deterministic_or_malformed_cbor_is_rejected(string hex) => Rejects(hex);

    [Fact]
    public void Nesting_deeper_than_the_limit_is_rejected_without_stack_overflow()
    {
        var deep = new byte[100_000];
        Array.Fill(deep, (byte)0x81); // [[[[...
        deep[^1] = 0x00;
        Rejects(Convert.ToHexString(deep));

        var ok = new byte[DeterministicCbor.MaxDepth + 1];
        Array.Fill(ok, (byte)0x81);
        ok[^1] = 0x00;
        DeterministicCbor.Validate(ok, "test");
    }

    [Fact]
    public void Writer_sorts_keys_bytewise_and_uses_shortest_forms()
    {
        var writer = DeterministicCbor.CreateWriter();
        writer.WriteStartMap(3);
        writer.WriteInt32(33);
        writer.WriteInt32(1000);
        writer.WriteInt32(4);
        writer.WriteInt32(23);
        writer.WriteInt32(1);
        writer.WriteInt32(24);
        writer.WriteEndMap();
        Assert.Equal("A3011818041718211903E8", Convert.ToHexString(writer.Encode()));
    }

    [Property(MaxTest = 200)]
    public bool Text_keyed_maps_come_out_in_rfc8949_bytewise_key_order(NonEmptyString[] keys)
    {
        var distinct = keys.Select(k => k.Get).Distinct(StringComparer.Ordinal).Take(30).ToList();
        var writer = DeterministicCbor.CreateWriter();
        writer.WriteStartMap(distinct.Count);
        foreach (var k in distinct)
        {
            writer.WriteTextString(k);
            writer.WriteInt32(0);
        }

        writer.WriteEndMap();
        var reader = new CborReader(writer.Encode());
        reader.ReadStartMap();
        var encodedKeys = new List<byte[]>();
        while (reader.PeekState() != CborReaderState.EndMap)
        {
            encodedKeys.Add(reader.ReadEncodedValue().ToArray());
            reader.SkipValue();
        }

        return encodedKeys.Zip(encodedKeys.Skip(1)).All(p => p.First.AsSpan().SequenceCompareTo(p.Second) < 0)
            && DeterministicCbor.HasSingleKeyMajorType(encodedKeys.Select(k => (ReadOnlyMemory<byte>)k));
    }

    [Property(MaxTest = 300)]
    public bool Random_bytes_never_escape_as_anything_but_TrustFormatException(byte[] bytes)
    {
        try
        {
            DeterministicCbor.Validate(bytes, "test");
            return true;
        }
        catch (TrustFormatException)
        {
            return true;
        }
    }
}
