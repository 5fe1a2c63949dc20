namespace Trust.Core.Encoding;

/// <summary>
/// The QR text form of signed objects: a short prefix, then Base45 (RFC 9285) of the zlib
/// (RFC 1950) compressed bytes, as the EU Digital COVID Certificate does with <c>HC1:</c>.
/// Every character is in the QR alphanumeric set, so QR encoders use the compact mode.
/// </summary>
/// <remarks>
/// Decoding is strict and every failure is a <see cref="TrustFormatException"/> whose field says which layer failed
/// (verifiers report it as <c>input.malformed:&lt;field&gt;</c>):
/// <list type="bullet">
/// <item><c>qr.length</c>: longer than <see cref="MaxTextLength"/> characters;</item>
/// <item><c>qr.prefix</c>: does not start with the expected prefix;</item>
/// <item><c>qr.base45</c>: a character outside the alphabet, a length of 3k+1, or a group out of range (offset = character offset in the whole text);</item>
/// <item><c>qr.zlib</c>: bad zlib header, a preset dictionary (FDICT), bad deflate data, Adler-32 mismatch, truncated;</item>
/// <item><c>qr.zlib.too_large</c>: inflates past the object's size limit (stopped while inflating);</item>
/// <item><c>qr.trailing_bytes</c>: bytes after the zlib stream.</item>
/// </list>
/// No other exception type leaves <see cref="Decode"/>.
/// </remarks>
internal static class QrText
{
    /// <summary>Longest QR text accepted (version 40 holds 4,296 alphanumeric characters).</summary>
    public const int MaxTextLength = 4296;

    /// <summary>Builds <c>prefix + Base45(zlib(bytes))</c>.</summary>
    public static string Encode(string prefix, ReadOnlySpan<byte> bytes) => prefix + Base45.Encode(Zlib.Compress(bytes));

    /// <summary>Reverses <see cref="Encode"/>, capping the inflated size at <paramref name="maxBytes"/>.</summary>
    /// <exception cref="TrustFormatException">Wrong prefix, too long, bad Base45 or zlib, trailing bytes, or too large when inflated (see the remarks for the fields).</exception>
    public static byte[] Decode(string prefix, string? text, int maxBytes)
    {
        text ??= "";
        try
        {
            if (text.Length > MaxTextLength)
            {
                throw new TrustFormatException("qr.length", $"longer than {MaxTextLength} characters", MaxTextLength);
            }

            if (!text.StartsWith(prefix, StringComparison.Ordinal))
            {
                throw new TrustFormatException("qr.prefix", $"does not start with '{prefix}'", 0);
            }

            var compressed = Base45.Decode(text.AsSpan(prefix.Length), "qr.base45", prefix.Length);
            return Zlib.Decompress(compressed, maxBytes, "qr.zlib", "qr.trailing_bytes");
        }
        catch (TrustFormatException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The decoder boundary: hosts catch only TrustFormatException.
            throw new TrustFormatException("qr", "unreadable QR text", null, ex);
        }
    }
}
