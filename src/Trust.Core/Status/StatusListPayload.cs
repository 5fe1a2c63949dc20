using System.Formats.Cbor;
using Trust.Core.Cbor;

namespace Trust.Core.Status;

/// <summary>
/// The CBOR payload of a signed status list (deterministic CBOR, RFC 8949 section 4.2.1):
/// <code>
/// { 1: list id (tstr), 2: issuing department (tstr), 3: issued at (uint, seconds since 1970 UTC),
///   4: time to live (uint, seconds), 5: bits per entry (uint, always 2), 6: size (uint, entries),
///   7: zlib (RFC 1950) of the packed status bits (bstr) }
/// </code>
/// </summary>
internal static class StatusListPayload
{
    /// <summary>COSE content type of a status list.</summary>
    public const string ContentType = "application/trust-statuslist+cbor";

    /// <summary>Most entries in one list (2^26: 16 MiB of bits).</summary>
    public const long MaxEntries = 1L << 26;

    /// <summary>Latest time accepted (9999-12-31T23:59:59Z).</summary>
    public const long MaxEpochSeconds = 253402300799;

    /// <summary>Longest time to live accepted (one year).</summary>
    public const long MaxTtlSeconds = 366L * 24 * 3600;

    /// <summary>Largest signed status list accepted.</summary>
    public const int MaxSignedBytes = 8 * 1024 * 1024;

    public static byte[] Encode(string listId, string issuer, long issuedAt, long ttlSeconds, long size, byte[] compressedBits)
    {
        var writer = DeterministicCbor.CreateWriter();
        writer.WriteStartMap(7);
        writer.WriteInt32(1);
        writer.WriteTextString(listId);
        writer.WriteInt32(2);
        writer.WriteTextString(issuer);
        writer.WriteInt32(3);
        writer.WriteInt64(issuedAt);
        writer.WriteInt32(4);
        writer.WriteInt64(ttlSeconds);
        writer.WriteInt32(5);
        writer.WriteInt32(StatusBits.BitsPerEntry);
        writer.WriteInt32(6);
        writer.WriteInt64(size);
        writer.WriteInt32(7);
        writer.WriteByteString(compressedBits);
        writer.WriteEndMap();
        return writer.Encode();
    }

    public static (string ListId, string Issuer, long IssuedAt, long Ttl, long Size, byte[] Compressed) Decode(byte[] payload)
    {
        var reader = DeterministicCbor.CreateStrictReader(payload, "statuslist");
        try
        {
            if (CborRead.StartMap(reader, "statuslist", 7) != 7)
            {
                throw new TrustFormatException("statuslist", "a status list has exactly seven entries");
            }

            var listId = Key(reader, 1) ? CborRead.Text(reader, "statuslist.id", 128) : "";
            var issuer = Key(reader, 2) ? CborRead.Text(reader, "statuslist.issuer", 64) : "";
            var issuedAt = Key(reader, 3) ? CborRead.UInt(reader, "statuslist.issued_at", MaxEpochSeconds) : 0;
            var ttl = Key(reader, 4) ? CborRead.UInt(reader, "statuslist.ttl", MaxTtlSeconds) : 0;
            if (Key(reader, 5) && CborRead.UInt(reader, "statuslist.bits", 8) != StatusBits.BitsPerEntry)
            {
                throw new TrustFormatException("statuslist.bits", "only two bits per entry are supported");
            }

            var size = Key(reader, 6) ? CborRead.UInt(reader, "statuslist.size", MaxEntries) : 0;
            var compressed = Key(reader, 7) ? CborRead.Bytes(reader, "statuslist.lst", MaxSignedBytes) : [];
            reader.ReadEndMap();
            return (listId, issuer, issuedAt, ttl, size, compressed);
        }
        catch (CborContentException ex)
        {
            throw new TrustFormatException("statuslist", "malformed CBOR", null, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new TrustFormatException("statuslist", "unexpected CBOR structure", null, ex);
        }
    }

    private static bool Key(CborReader reader, int expected)
    {
        // Deterministic encoding fixes the key order, so the keys must come exactly as 1..7.
        if (CborRead.UInt(reader, "statuslist.key", 7) != expected)
        {
            throw new TrustFormatException("statuslist.key", $"expected key {expected}");
        }

        return true;
    }
}
