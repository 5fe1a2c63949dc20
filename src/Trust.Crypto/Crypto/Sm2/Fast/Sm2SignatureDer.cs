namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>Allocation-light DER for <c>SEQUENCE { INTEGER r, INTEGER s }</c> (GB/T 35276 / GM/T 0009 signature value).</summary>
internal static class Sm2SignatureDer
{
    internal static byte[] Encode(ReadOnlySpan<byte> r, ReadOnlySpan<byte> s)
    {
        var rTrim = TrimLeadingZeros(r);
        var sTrim = TrimLeadingZeros(s);
        int rLen = rTrim.Length + ((rTrim[0] & 0x80) != 0 ? 1 : 0);
        int sLen = sTrim.Length + ((sTrim[0] & 0x80) != 0 ? 1 : 0);
        int body = 2 + rLen + 2 + sLen; // at most 70, so short-form lengths suffice
        var der = new byte[2 + body];
        der[0] = 0x30;
        der[1] = (byte)body;
        int offset = WriteInteger(der, 2, rTrim, rLen);
        WriteInteger(der, offset, sTrim, sLen);
        return der;
    }

    private static ReadOnlySpan<byte> TrimLeadingZeros(ReadOnlySpan<byte> value)
    {
        int i = 0;
        while (i < value.Length - 1 && value[i] == 0)
        {
            i++;
        }

        return value[i..];
    }

    private static int WriteInteger(byte[] der, int offset, ReadOnlySpan<byte> value, int length)
    {
        der[offset] = 0x02;
        der[offset + 1] = (byte)length;
        offset += 2;
        if (length > value.Length)
        {
            der[offset++] = 0x00;
        }

        value.CopyTo(der.AsSpan(offset));
        return offset + value.Length;
    }
}
