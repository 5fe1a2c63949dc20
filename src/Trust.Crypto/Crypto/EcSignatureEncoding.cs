using System.Formats.Asn1;
using System.Numerics;

namespace Trust.Core.Crypto;

/// <summary>Conversions between DER <c>SEQUENCE { r, s }</c> and raw r‖s for 256-bit curves.</summary>
public static class EcSignatureEncoding
{
    /// <summary>Length of a raw r‖s signature for a 256-bit curve.</summary>
    public const int RawLength = 64;

    /// <summary>Converts DER to raw r‖s (each 32 bytes, big-endian). Returns false if malformed or out of range.</summary>
    public static bool TryDerToRaw(ReadOnlySpan<byte> der, Span<byte> raw)
    {
        if (raw.Length < RawLength || der.Length > 80)
        {
            return false;
        }

        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var seq = reader.ReadSequence();
            var r = seq.ReadIntegerBytes().Span;
            var s = seq.ReadIntegerBytes().Span;
            if (seq.HasData || reader.HasData)
            {
                return false;
            }

            return WriteUnsigned(r, raw[..32]) && WriteUnsigned(s, raw.Slice(32, 32));
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>Converts raw r‖s (64 bytes) to DER.</summary>
    /// <exception cref="TrustFormatException">The input is not 64 bytes.</exception>
    public static byte[] RawToDer(ReadOnlySpan<byte> raw)
    {
        if (raw.Length != RawLength)
        {
            throw new TrustFormatException("signature", $"a raw r||s signature is {RawLength} bytes, got {raw.Length}");
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(new BigInteger(raw[..32], isUnsigned: true, isBigEndian: true));
            writer.WriteInteger(new BigInteger(raw.Slice(32, 32), isUnsigned: true, isBigEndian: true));
        }

        return writer.Encode();
    }

    /// <summary>Converts DER to raw r‖s; returns null if malformed.</summary>
    public static byte[]? DerToRaw(ReadOnlySpan<byte> der)
    {
        var raw = new byte[RawLength];
        return TryDerToRaw(der, raw) ? raw : null;
    }

    private static bool WriteUnsigned(ReadOnlySpan<byte> signedBigEndian, Span<byte> destination)
    {
        // DER INTEGER: a leading 0x00 is allowed only to keep a positive sign; negative values are invalid.
        if (signedBigEndian.Length == 0 || (signedBigEndian[0] & 0x80) != 0)
        {
            return false;
        }

        var value = signedBigEndian;
        if (value.Length > 1 && value[0] == 0)
        {
            value = value[1..];
        }

        if (value.Length > destination.Length)
        {
            return false;
        }

        destination.Clear();
        value.CopyTo(destination[(destination.Length - value.Length)..]);
        return true;
    }
}
