using System.Numerics;

namespace Trust.Core.Crypto.Ecdsa;

/// <summary>
/// ECDSA P-256 signature malleability: (r, s) and (r, n - s) both verify, so Trust signs with the
/// low form only (s at most n/2) and refuses the high form by default (BIP 62 / RFC 6979-style
/// normalisation). SM2 is not affected: its (r, n - s) does not verify.
/// </summary>
internal static class EcdsaLowS
{
    /// <summary>The order n of the P-256 base point (FIPS 186-4, D.1.2.3).</summary>
    private static readonly BigInteger Order = BigInteger.Parse("0FFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551", System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);

    private static readonly BigInteger HalfOrder = Order >> 1;

    /// <summary>True when the raw r‖s signature has s above n/2.</summary>
    public static bool IsHighS(ReadOnlySpan<byte> raw) =>
        raw.Length == EcSignatureEncoding.RawLength && new BigInteger(raw[32..], isUnsigned: true, isBigEndian: true) > HalfOrder;

    /// <summary>Rewrites a raw r‖s signature in place to its low-s form.</summary>
    public static void NormaliseRaw(Span<byte> raw)
    {
        if (!IsHighS(raw))
        {
            return;
        }

        var s = Order - new BigInteger(raw[32..], isUnsigned: true, isBigEndian: true);
        raw[32..].Clear();
        var bytes = s.ToByteArray(isUnsigned: true, isBigEndian: true);
        bytes.CopyTo(raw[(64 - bytes.Length)..]);
    }

    /// <summary>The low-s form of a DER signature (unchanged when already low or unreadable).</summary>
    public static byte[] NormaliseDer(byte[] der)
    {
        var raw = EcSignatureEncoding.DerToRaw(der);
        if (raw is null || !IsHighS(raw))
        {
            return der;
        }

        NormaliseRaw(raw);
        return EcSignatureEncoding.RawToDer(raw);
    }
}
