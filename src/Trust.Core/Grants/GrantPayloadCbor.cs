using System.Formats.Cbor;
using Trust.Core.Cbor;

namespace Trust.Core.Grants;

/// <summary>Encodes and strictly decodes <see cref="GrantPayload"/> (schema in its remarks).</summary>
internal static class GrantPayloadCbor
{
    /// <summary>Most licence ids a grant may name.</summary>
    public const int MaxLicenceIds = 32;

    /// <summary>Longest clerk id or department code.</summary>
    public const int MaxPrincipalLength = 64;

    /// <summary>Longest purpose text.</summary>
    public const int MaxPurposeLength = 256;

    /// <summary>Length of the nonce in bytes.</summary>
    public const int NonceLength = 16;

    private const int Entries = 12;

    public static byte[] Encode(GrantPayload p)
    {
        var writer = DeterministicCbor.CreateWriter();
        writer.WriteStartMap(Entries);
        writer.WriteInt32(1);
        writer.WriteTextString(p.Id);
        writer.WriteInt32(2);
        writer.WriteTextString(p.HolderId);
        writer.WriteInt32(3);
        writer.WriteTextString(p.ClerkId);
        writer.WriteInt32(4);
        writer.WriteTextString(p.DepartmentCode);
        writer.WriteInt32(5);
        writer.WriteTextString(p.ServiceItemCode);
        writer.WriteInt32(6);
        writer.WriteStartArray(p.LicenceIds.Count);
        foreach (var id in p.LicenceIds)
        {
            writer.WriteTextString(id);
        }

        writer.WriteEndArray();
        writer.WriteInt32(7);
        writer.WriteTextString(p.Purpose);
        writer.WriteInt32(8);
        writer.WriteInt64(p.IssuedAt.ToUnixTimeSeconds());
        writer.WriteInt32(9);
        writer.WriteInt64(p.NotBefore.ToUnixTimeSeconds());
        writer.WriteInt32(10);
        writer.WriteInt64(p.ExpiresAt.ToUnixTimeSeconds());
        writer.WriteInt32(11);
        writer.WriteByteString(p.Nonce.Span);
        writer.WriteInt32(12);
        writer.WriteBoolean(p.SingleUse);
        writer.WriteEndMap();
        return writer.Encode();
    }

    /// <exception cref="TrustFormatException">Anything outside the schema; the field names the key (<c>payload.holder_id</c>, …).</exception>
    public static GrantPayload Decode(byte[] payload)
    {
        var reader = DeterministicCbor.CreateStrictReader(payload, "payload");
        try
        {
            if (CborRead.StartMap(reader, "payload", Entries) != Entries)
            {
                throw new TrustFormatException("payload", "missing entries");
            }

            CborRead.PayloadKey(reader, 1, "id");
            var id = CborRead.Text(reader, "payload.id", 32);
            CborRead.PayloadKey(reader, 2, "holder_id");
            var holder = CborRead.Text(reader, "payload.holder_id", 18);
            CborRead.PayloadKey(reader, 3, "clerk");
            var clerk = CborRead.Text(reader, "payload.clerk", MaxPrincipalLength);
            CborRead.PayloadKey(reader, 4, "department");
            var department = CborRead.Text(reader, "payload.department", MaxPrincipalLength);
            CborRead.PayloadKey(reader, 5, "service_item");
            var item = CborRead.Text(reader, "payload.service_item", 16);
            CborRead.PayloadKey(reader, 6, "licence_ids");
            var count = CborRead.StartArray(reader, "payload.licence_ids", MaxLicenceIds);
            var ids = new string[count];
            for (var i = 0; i < count; i++)
            {
                ids[i] = CborRead.Text(reader, "payload.licence_ids", Identifiers.LicenceId.MaxLength);
            }

            reader.ReadEndArray();
            CborRead.PayloadKey(reader, 7, "purpose");
            var purpose = CborRead.Text(reader, "payload.purpose", MaxPurposeLength);
            CborRead.PayloadKey(reader, 8, "issued_at");
            var issuedAt = CborRead.EpochSeconds(reader, "payload.issued_at");
            CborRead.PayloadKey(reader, 9, "not_before");
            var notBefore = CborRead.EpochSeconds(reader, "payload.not_before");
            CborRead.PayloadKey(reader, 10, "expires");
            var expires = CborRead.EpochSeconds(reader, "payload.expires");
            CborRead.PayloadKey(reader, 11, "nonce");
            var nonce = CborRead.Bytes(reader, "payload.nonce", NonceLength);
            CborRead.PayloadKey(reader, 12, "single_use");
            CborRead.Expect(reader, CborReaderState.Boolean, "payload.single_use", "a boolean");
            var singleUse = reader.ReadBoolean();
            reader.ReadEndMap();
            return new GrantPayload(id, holder, clerk, department, item, ids, purpose, issuedAt, notBefore, expires, nonce, singleUse);
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
