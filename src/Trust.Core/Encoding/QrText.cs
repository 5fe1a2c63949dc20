namespace Trust.Core.Encoding;

/// <summary>
/// The QR text form of signed objects: a short prefix, then Base45 (RFC 9285) of the zlib
/// (RFC 1950) compressed bytes, as the EU Digital COVID Certificate does with <c>HC1:</c>.
/// Every character is in the QR alphanumeric set, so QR encoders use the compact mode.
/// </summary>
internal static class QrText
{
    /// <summary>Longest QR text accepted (version 40 holds 4,296 alphanumeric characters).</summary>
    public const int MaxTextLength = 4296;

    /// <summary>Builds <c>prefix + Base45(zlib(bytes))</c>.</summary>
    public static string Encode(string prefix, ReadOnlySpan<byte> bytes) => prefix + Base45.Encode(Zlib.Compress(bytes));

    /// <summary>Reverses <see cref="Encode"/>, capping the inflated size at <paramref name="maxBytes"/>.</summary>
    /// <exception cref="TrustFormatException">Wrong prefix, too long, bad Base45 or zlib, or too large when inflated.</exception>
    public static byte[] Decode(string prefix, string text, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxTextLength)
        {
            throw new TrustFormatException("qr", $"longer than {MaxTextLength} characters");
        }

        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new TrustFormatException("qr", $"does not start with '{prefix}'", 0);
        }

        var compressed = Base45.Decode(text.AsSpan(prefix.Length), "qr.base45");
        return Zlib.Decompress(compressed, maxBytes, "qr.zlib");
    }
}
