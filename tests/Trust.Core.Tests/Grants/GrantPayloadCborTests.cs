using System.Formats.Cbor;
using Trust.Core.Grants;

namespace Trust.Core.Tests.Grants;

public sealed class GrantPayloadCborTests
{
    private static readonly GrantPayload Sample = new(
        "0123456789ABCDEF0123456789ABCDEF", GrantFixture.Person, "clerk-001", "PSB3301", "PSB-001", ["BL-SAMR3301-2025-000001-AB"], "test",
        DateTimeOffset.FromUnixTimeSeconds(1_750_000_000), DateTimeOffset.FromUnixTimeSeconds(1_750_000_000), DateTimeOffset.FromUnixTimeSeconds(1_750_001_800),
        new byte[16], SingleUse: true);

    [Fact]
    public void Payload_round_trips()
    {
        var decoded = GrantPayloadCbor.Decode(GrantPayloadCbor.Encode(Sample));
        Assert.Equal(Sample.Id, decoded.Id);
        Assert.Equal(Sample.HolderId, decoded.HolderId);
        Assert.Equal(Sample.LicenceIds, decoded.LicenceIds);
        Assert.Equal(Sample.ExpiresAt, decoded.ExpiresAt);
        Assert.True(decoded.SingleUse);
        Assert.Equal(GrantPayloadCbor.Encode(Sample), GrantPayloadCbor.Encode(decoded));
    }

    [Fact]
    public void Payload_with_an_extra_key_or_wrong_type_is_rejected()
    {
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteStartMap(1);
        writer.WriteInt32(1);
        writer.WriteInt32(5);
        writer.WriteEndMap();
        Assert.ThrowsAny<TrustFormatException>(() => GrantPayloadCbor.Decode(writer.Encode()));

        var bytes = GrantPayloadCbor.Encode(Sample);
        Assert.ThrowsAny<TrustFormatException>(() => GrantPayloadCbor.Decode([.. bytes, 0x00]));
        Assert.ThrowsAny<TrustFormatException>(() => GrantPayloadCbor.Decode(bytes[..^3]));
        Assert.ThrowsAny<TrustFormatException>(() => GrantPayloadCbor.Decode([]));
    }

    [Fact]
    public void Random_bytes_never_escape_as_anything_but_a_format_error()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            try
            {
                GrantPayloadCbor.Decode(bytes);
            }
            catch (TrustFormatException)
            {
            }
        }
    }
}
