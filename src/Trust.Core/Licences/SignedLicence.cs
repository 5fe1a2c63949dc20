using Trust.Core.Cose;
using Trust.Core.Crypto;
using Trust.Core.Encoding;

namespace Trust.Core.Licences;

/// <summary>
/// A signed licence as it travels in files (<c>.lic</c>: exactly these bytes), gRPC calls and QR
/// codes: a COSE_Sign1 (RFC 9052 section 4.2, tag 18) whose protected header holds the
/// algorithm (<c>alg</c>: ES256 -7, PS256 -37, RS256 -257, SM2-SM3 -65540 private use), the
/// content type <c>application/trust-licence+cbor</c>, the key id (SHA-256 of the signer's
/// SubjectPublicKeyInfo) and the issuer's certificate chain (<c>x5chain</c>, RFC 9360, leaf
/// first), and whose payload is a <see cref="LicencePayload"/>.
/// </summary>
/// <remarks>
/// Decoding checks structure only. Whether a licence is authentic, trusted, well-formed for its
/// type, in its validity window and not revoked is the job of <see cref="LicenceVerifier"/>.
/// </remarks>
public sealed class SignedLicence
{
    /// <summary>COSE content type of a licence.</summary>
    public const string ContentType = "application/trust-licence+cbor";

    /// <summary>Prefix of the QR text form (<c>TL1:</c> = Trust licence, format 1).</summary>
    public const string QrPrefix = "TL1:";

    /// <summary>Largest licence accepted (64 KiB), before and after QR decompression.</summary>
    public const int MaxBytes = CoseLimits.MaxMessageBytes;

    private SignedLicence(CoseSign1 message, LicencePayload payload)
    {
        Message = message;
        Payload = payload;
    }

    /// <summary>The signed content.</summary>
    public LicencePayload Payload { get; }

    /// <summary>The licence identifier (same as <see cref="LicencePayload.Id"/>).</summary>
    public string Id => Payload.Id;

    /// <summary>The signature algorithm from the protected header.</summary>
    public SignatureAlgorithm Algorithm => Message.Algorithm;

    /// <summary>The key id from the protected header (empty when absent).</summary>
    public ReadOnlyMemory<byte> KeyId => Message.KeyId;

    /// <summary>The issuer's certificates (DER, leaf first) from the protected header.</summary>
    public IReadOnlyList<byte[]> CertificateChain => Message.CertificateChain;

    /// <summary>The COSE_Sign1 bytes: the content of a <c>.lic</c> file.</summary>
    public ReadOnlyMemory<byte> Encoded => Message.Encoded;

    internal CoseSign1 Message { get; }

    /// <summary>Decodes a licence (structure only, no trust decision).</summary>
    /// <exception cref="TrustFormatException">Not a licence in Trust's profile; the field says where.</exception>
    public static SignedLicence Decode(ReadOnlyMemory<byte> encoded)
    {
        var message = CoseSign1.Decode(encoded, MaxBytes);
        if (!string.Equals(message.ContentType, ContentType, StringComparison.Ordinal))
        {
            throw new TrustFormatException("cose.content_type", $"expected '{ContentType}'");
        }

        return new SignedLicence(message, LicencePayloadCbor.Decode(message.Payload));
    }

    /// <summary>
    /// Reads the signature algorithm from the protected header without decoding or checking anything else: for routing
    /// (for example a cache policy per algorithm), never for a trust decision. Cheap: a tag, an array header, a byte
    /// string header and the first key of the protected header map (<c>alg</c>, label 1, sorts first in deterministic
    /// CBOR, RFC 8949 section 4.2.1).
    /// </summary>
    /// <param name="encoded">The COSE_Sign1 bytes.</param>
    /// <param name="algorithm">The algorithm, when found.</param>
    /// <returns>False when the bytes do not start like a licence with a known algorithm.</returns>
    public static bool TryPeekAlgorithm(ReadOnlyMemory<byte> encoded, out SignatureAlgorithm algorithm)
    {
        algorithm = default;
        try
        {
            var reader = new System.Formats.Cbor.CborReader(encoded, System.Formats.Cbor.CborConformanceMode.Lax, allowMultipleRootLevelValues: true);
            if (reader.PeekState() == System.Formats.Cbor.CborReaderState.Tag)
            {
                reader.ReadTag();
            }

            reader.ReadStartArray();

            // The protected header is a byte string (major type 2) whose content is a map: read the map in place, no copy.
            var offset = encoded.Length - reader.BytesRemaining;
            var span = encoded.Span;
            if (offset >= span.Length || (span[offset] >> 5) != 2)
            {
                return false;
            }

            var headerLength = (span[offset] & 0x1F) switch { < 24 => 1, 24 => 2, 25 => 3, 26 => 5, 27 => 9, _ => 0 };
            if (headerLength == 0 || offset + headerLength >= span.Length)
            {
                return false;
            }

            var header = new System.Formats.Cbor.CborReader(encoded[(offset + headerLength)..], System.Formats.Cbor.CborConformanceMode.Lax, allowMultipleRootLevelValues: true);
            header.ReadStartMap();
            return header.PeekState() is System.Formats.Cbor.CborReaderState.UnsignedInteger && header.ReadInt64() == CoseHeaderLabels.Algorithm
                && header.PeekState() is System.Formats.Cbor.CborReaderState.NegativeInteger or System.Formats.Cbor.CborReaderState.UnsignedInteger
                && CoseAlgorithms.TryFromLabel(header.ReadInt64(), out algorithm);
        }
        catch (Exception e) when (e is System.Formats.Cbor.CborContentException or InvalidOperationException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>Decodes a licence without throwing.</summary>
    /// <param name="encoded">The COSE_Sign1 bytes.</param>
    /// <param name="licence">The licence, when well-formed.</param>
    /// <param name="error">The problem, when not.</param>
    public static bool TryDecode(ReadOnlyMemory<byte> encoded, out SignedLicence? licence, out TrustFormatException? error)
    {
        try
        {
            licence = Decode(encoded);
            error = null;
            return true;
        }
        catch (TrustFormatException ex)
        {
            licence = null;
            error = ex;
            return false;
        }
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

    /// <summary>Decodes a licence from QR text (structure only).</summary>
    /// <exception cref="TrustFormatException">Not a licence QR text.</exception>
    public static SignedLicence FromQrText(string text) => Decode(BytesFromQrText(text));
}
