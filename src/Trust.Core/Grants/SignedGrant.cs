using Trust.Core.Cose;
using Trust.Core.Encoding;

namespace Trust.Core.Grants;

/// <summary>
/// A signed authorisation grant as it travels in files, calls and QR codes: a COSE_Sign1
/// (RFC 9052 section 4.2, tag 18) with the same protected header profile as a licence (<c>alg</c>,
/// content type <c>application/trust-grant+cbor</c>, key id, <c>x5chain</c> of the grant-signing
/// certificate, RFC 9360) whose payload is a <see cref="GrantPayload"/>.
/// </summary>
/// <remarks>Decoding checks structure only; <see cref="GrantChecker"/> decides whether a grant is honoured.</remarks>
public sealed class SignedGrant
{
    /// <summary>COSE content type of a grant.</summary>
    public const string ContentType = "application/trust-grant+cbor";

    /// <summary>Prefix of the QR text form (<c>TG1:</c> = Trust grant, format 1).</summary>
    public const string QrPrefix = "TG1:";

    /// <summary>Largest grant accepted (16 KiB), before and after QR decompression.</summary>
    public const int MaxBytes = 16 * 1024;

    private SignedGrant(CoseSign1 message, GrantPayload payload)
    {
        Message = message;
        Payload = payload;
    }

    /// <summary>The signed content.</summary>
    public GrantPayload Payload { get; }

    /// <summary>The grant identifier (same as <see cref="GrantPayload.Id"/>).</summary>
    public string Id => Payload.Id;

    /// <summary>The COSE_Sign1 bytes.</summary>
    public ReadOnlyMemory<byte> Encoded => Message.Encoded;

    internal CoseSign1 Message { get; }

    /// <summary>Decodes a grant (structure only, no trust decision).</summary>
    /// <exception cref="TrustFormatException">Not a grant in Trust's profile; the field says where.</exception>
    public static SignedGrant Decode(ReadOnlyMemory<byte> encoded)
    {
        var message = CoseSign1.Decode(encoded, MaxBytes);
        if (!string.Equals(message.ContentType, ContentType, StringComparison.Ordinal))
        {
            throw new TrustFormatException("cose.content_type", $"expected '{ContentType}'");
        }

        return new SignedGrant(message, GrantPayloadCbor.Decode(message.Payload));
    }

    /// <summary>
    /// The QR text: <see cref="QrPrefix"/> + Base45 (RFC 9285) of zlib (RFC 1950) of <see cref="Encoded"/>.
    /// All characters are in the QR alphanumeric set.
    /// </summary>
    public string ToQrText() => QrText.Encode(QrPrefix, Encoded.Span);

    /// <summary>Reads the COSE bytes back from QR text (inflated size capped at <see cref="MaxBytes"/>).</summary>
    /// <exception cref="TrustFormatException">
    /// The field names the layer: <c>qr.length</c>, <c>qr.prefix</c>, <c>qr.base45</c> (with the character offset),
    /// <c>qr.zlib</c> (bad header, preset dictionary, bad data, Adler-32 mismatch, truncated), <c>qr.zlib.too_large</c>,
    /// <c>qr.trailing_bytes</c>. No other exception type is thrown.
    /// </exception>
    public static byte[] BytesFromQrText(string text) => QrText.Decode(QrPrefix, text, MaxBytes);

    /// <summary>Decodes a grant from QR text (structure only).</summary>
    /// <exception cref="TrustFormatException">Not a grant QR text.</exception>
    public static SignedGrant FromQrText(string text) => Decode(BytesFromQrText(text));
}
