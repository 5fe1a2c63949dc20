using System.Formats.Cbor;
using Trust.Core.Cbor;

namespace Trust.Core.Licences;

/// <summary>Encodes and strictly decodes <see cref="LicencePayload"/> (schema in its remarks).</summary>
internal static class LicencePayloadCbor
{
    /// <summary>Most field entries.</summary>
    public const int MaxFields = 64;

    /// <summary>Longest field value.</summary>
    public const int MaxValueLength = 4096;

    public static byte[] Encode(LicencePayload p)
    {
        var writer = DeterministicCbor.CreateWriter();
        writer.WriteStartMap(p.ValidUntil is null ? 10 : 11);
        writer.WriteInt32(1);
        writer.WriteTextString(p.Id);
        writer.WriteInt32(2);
        writer.WriteTextString(p.TypeCode);
        writer.WriteInt32(3);
        writer.WriteInt32(p.TypeVersion);
        writer.WriteInt32(4);
        writer.WriteTextString(p.HolderId);
        writer.WriteInt32(5);
        writer.WriteTextString(p.HolderName);
        writer.WriteInt32(6);
        writer.WriteTextString(p.IssuerDepartment);
        writer.WriteInt32(7);
        writer.WriteInt64(p.IssuedAt.ToUnixTimeSeconds());
        writer.WriteInt32(8);
        writer.WriteInt64(p.ValidFrom.ToUnixTimeSeconds());
        if (p.ValidUntil is { } until)
        {
            writer.WriteInt32(9);
            writer.WriteInt64(until.ToUnixTimeSeconds());
        }

        writer.WriteInt32(10);
        writer.WriteStartMap(p.Fields.Count);
        foreach (var (code, value) in p.Fields)
        {
            writer.WriteTextString(code);
            writer.WriteTextString(value);
        }

        writer.WriteEndMap();
        writer.WriteInt32(11);
        writer.WriteStartMap(2);
        writer.WriteInt32(1);
        writer.WriteTextString(p.StatusListId);
        writer.WriteInt32(2);
        writer.WriteInt64(p.StatusIndex);
        writer.WriteEndMap();
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <exception cref="TrustFormatException">Anything outside the schema; the field names the key (<c>payload.holder_id</c>, …).</exception>
    public static LicencePayload Decode(byte[] payload)
    {
        var reader = DeterministicCbor.CreateStrictReader(payload, "payload");
        try
        {
            var entries = CborRead.StartMap(reader, "payload", 11);
            if (entries < 10)
            {
                throw new TrustFormatException("payload", "missing entries");
            }

            var id = CborRead.PayloadKey(reader, 1, "id") ? CborRead.Text(reader, "payload.id", 64) : "";
            var type = CborRead.PayloadKey(reader, 2, "type") ? CborRead.Text(reader, "payload.type", 16) : "";
            var version = CborRead.PayloadKey(reader, 3, "type_version") ? (int)CborRead.UInt(reader, "payload.type_version", int.MaxValue) : 0;
            var holderId = CborRead.PayloadKey(reader, 4, "holder_id") ? CborRead.Text(reader, "payload.holder_id", 32) : "";
            var holderName = CborRead.PayloadKey(reader, 5, "holder_name") ? CborRead.Text(reader, "payload.holder_name", 256) : "";
            var department = CborRead.PayloadKey(reader, 6, "department") ? CborRead.Text(reader, "payload.department", 32) : "";
            var issuedAt = CborRead.PayloadKey(reader, 7, "issued_at") ? CborRead.EpochSeconds(reader, "payload.issued_at") : default;
            var validFrom = CborRead.PayloadKey(reader, 8, "valid_from") ? CborRead.EpochSeconds(reader, "payload.valid_from") : default;
            DateTimeOffset? validUntil = null;
            if (entries == 11)
            {
                CborRead.PayloadKey(reader, 9, "valid_until");
                validUntil = CborRead.EpochSeconds(reader, "payload.valid_until");
            }

            CborRead.PayloadKey(reader, 10, "fields");
            var count = CborRead.StartMap(reader, "payload.fields", MaxFields);
            var fields = new Dictionary<string, string>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var code = CborRead.Text(reader, "payload.fields", 64);
                fields[code] = CborRead.Text(reader, "payload.fields." + code, MaxValueLength);
            }

            reader.ReadEndMap();
            CborRead.PayloadKey(reader, 11, "status");
            if (CborRead.StartMap(reader, "payload.status", 2) != 2)
            {
                throw new TrustFormatException("payload.status", "a status reference has two entries");
            }

            var listId = CborRead.PayloadKey(reader, 1, "status.list") ? CborRead.Text(reader, "payload.status.list", 128) : "";
            var index = CborRead.PayloadKey(reader, 2, "status.index") ? CborRead.UInt(reader, "payload.status.index", int.MaxValue) : 0;
            reader.ReadEndMap();
            reader.ReadEndMap();
            return new LicencePayload(id, type, version, holderId, holderName, department, issuedAt, validFrom, validUntil, fields, listId, index);
        }
        catch (CborContentException ex)
        {
            throw new TrustFormatException("payload", "malformed CBOR", null, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new TrustFormatException("payload", "unexpected CBOR structure", null, ex);
        }
    }
}
