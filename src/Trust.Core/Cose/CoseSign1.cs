using System.Formats.Cbor;
using Trust.Core.Cbor;
using Trust.Core.Crypto;

namespace Trust.Core.Cose;

/// <summary>
/// A decoded COSE_Sign1 message (RFC 9052 section 4.2) in Trust's profile: tag 18 (optional
/// on input, always written), a protected header with <c>alg</c> and optionally
/// <c>content type</c>, <c>kid</c> and <c>x5chain</c> (RFC 9360), an empty unprotected header,
/// an embedded payload, and the signature over the <c>Signature1</c> Sig_structure
/// (RFC 9052 section 4.4). EC and SM2 signatures are raw r‖s.
/// </summary>
internal sealed class CoseSign1
{
    private static readonly byte[] EmptyMap = [0xA0];

    private CoseSign1(
        ReadOnlyMemory<byte> encoded,
        byte[] protectedHeader,
        SignatureAlgorithm algorithm,
        string? contentType,
        ReadOnlyMemory<byte> keyId,
        IReadOnlyList<byte[]> chain,
        byte[] payload,
        byte[] signature)
    {
        Encoded = encoded;
        ProtectedHeader = protectedHeader;
        Algorithm = algorithm;
        ContentType = contentType;
        KeyId = keyId;
        CertificateChain = chain;
        Payload = payload;
        Signature = signature;
    }

    /// <summary>The whole message as received.</summary>
    public ReadOnlyMemory<byte> Encoded { get; }

    /// <summary>The serialized protected header (the bstr content).</summary>
    public byte[] ProtectedHeader { get; }

    /// <summary>The algorithm from the protected header.</summary>
    public SignatureAlgorithm Algorithm { get; }

    /// <summary>The content type from the protected header, if any.</summary>
    public string? ContentType { get; }

    /// <summary>The key identifier from the protected header; empty when absent.</summary>
    public ReadOnlyMemory<byte> KeyId { get; }

    /// <summary>The x5chain certificates (DER, leaf first); empty when absent.</summary>
    public IReadOnlyList<byte[]> CertificateChain { get; }

    /// <summary>The embedded payload.</summary>
    public byte[] Payload { get; }

    /// <summary>The signature bytes (raw r‖s for EC/SM2).</summary>
    public byte[] Signature { get; }

    /// <summary>Signs <paramref name="payload"/> and returns the tagged COSE_Sign1 bytes.</summary>
    /// <exception cref="TrustKeyException">The key cannot sign with <paramref name="algorithm"/>.</exception>
    public static byte[] Sign(
        SigningKey key,
        SignatureAlgorithm algorithm,
        ReadOnlySpan<byte> payload,
        string? contentType = null,
        ReadOnlySpan<byte> keyId = default,
        IReadOnlyList<byte[]>? chain = null,
        int maxBytes = CoseLimits.MaxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (chain is { Count: > CoseLimits.MaxChainCertificates })
        {
            throw new TrustFormatException("x5chain", $"at most {CoseLimits.MaxChainCertificates} certificates");
        }

        var protectedHeader = EncodeProtectedHeader(algorithm, contentType, keyId, chain);
        var toBeSigned = SigStructure(protectedHeader, payload);
        var signature = key.Sign(algorithm, toBeSigned);
        if (CoseAlgorithms.IsRawEc(algorithm))
        {
            signature = EcSignatureEncoding.DerToRaw(signature)
                ?? throw new TrustKeyException("The signing key returned a malformed EC signature.");
        }

        var writer = DeterministicCbor.CreateWriter();
        writer.WriteTag((CborTag)CoseHeaderLabels.Sign1Tag);
        writer.WriteStartArray(4);
        writer.WriteByteString(protectedHeader);
        writer.WriteEncodedValue(EmptyMap);
        writer.WriteByteString(payload);
        writer.WriteByteString(signature);
        writer.WriteEndArray();
        var encoded = writer.Encode();
        if (encoded.Length > maxBytes)
        {
            throw new TrustFormatException("cose", $"the signed message would exceed {maxBytes} bytes");
        }

        return encoded;
    }

    /// <summary>Decodes and checks the structure (not the signature) of a COSE_Sign1 message.</summary>
    /// <exception cref="TrustFormatException">Anything outside the profile; <see cref="TrustFormatException.Field"/> says where.</exception>
    public static CoseSign1 Decode(ReadOnlyMemory<byte> data, int maxBytes = CoseLimits.MaxMessageBytes)
    {
        if (data.IsEmpty)
        {
            throw new TrustFormatException("cose", "empty input", 0);
        }

        if (data.Length > maxBytes)
        {
            throw new TrustFormatException("cose", $"larger than {maxBytes} bytes");
        }

        var reader = DeterministicCbor.CreateStrictReader(data, "cose");
        try
        {
            if (reader.PeekState() == CborReaderState.Tag)
            {
                var tag = reader.ReadTag();
                if ((ulong)tag != CoseHeaderLabels.Sign1Tag)
                {
                    throw new TrustFormatException("cose", $"unexpected CBOR tag {(ulong)tag}, expected 18 (COSE_Sign1)", 0);
                }
            }

            if (CborRead.StartArray(reader, "cose", 4) != 4)
            {
                throw new TrustFormatException("cose", "a COSE_Sign1 is an array of four items");
            }

            var protectedHeader = CborRead.Bytes(reader, "cose.protected", CoseLimits.MaxProtectedHeaderBytes);
            if (CborRead.StartMap(reader, "cose.unprotected", 0) != 0)
            {
                throw new TrustFormatException("cose.unprotected", "the unprotected header must be empty");
            }

            reader.ReadEndMap();
            if (reader.PeekState() == CborReaderState.Null)
            {
                throw new TrustFormatException("cose.payload", "detached payloads are not supported");
            }

            var payload = CborRead.Bytes(reader, "cose.payload", maxBytes);
            var signature = CborRead.Bytes(reader, "cose.signature", CoseLimits.MaxSignatureBytes);
            reader.ReadEndArray();

            var (algorithm, contentType, keyId, chain) = DecodeProtectedHeader(protectedHeader);
            if (CoseAlgorithms.IsRawEc(algorithm) && signature.Length != EcSignatureEncoding.RawLength)
            {
                throw new TrustFormatException("cose.signature", $"an EC/SM2 COSE signature is {EcSignatureEncoding.RawLength} bytes (r||s)");
            }

            return new CoseSign1(data, protectedHeader, algorithm, contentType, keyId, chain, payload, signature);
        }
        catch (CborContentException ex)
        {
            throw new TrustFormatException("cose", "malformed CBOR: " + ex.Message, null, ex);
        }
        catch (InvalidOperationException ex)
        {
            throw new TrustFormatException("cose", "unexpected CBOR structure: " + ex.Message, null, ex);
        }
    }

    /// <summary>
    /// Verifies the signature with <paramref name="key"/>; false for a wrong key kind or a bad signature.
    /// ES256 signatures with a high s are refused (Trust signs low-s only; see <see cref="Crypto.Ecdsa.EcdsaVerificationKey.Verify"/>).
    /// </summary>
    public bool VerifySignature(VerificationKey key) => VerifySignature(key, allowHighS: false);

    /// <summary>
    /// Verifies like <see cref="VerifySignature(VerificationKey)"/>; <paramref name="allowHighS"/> also accepts an ES256 high-s
    /// signature. No licence, grant or status-list path sets it: it exists for the explicitly flagged interoperability
    /// check of messages made by other COSE libraries (.NET's <c>CoseSign1Message</c> does not normalise s).
    /// </summary>
    internal bool VerifySignature(VerificationKey key, bool allowHighS)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (SignatureAlgorithms.KeyAlgorithmOf(Algorithm) != key.KeyAlgorithm)
        {
            return false;
        }

        var toBeSigned = SigStructure(ProtectedHeader, Payload);
        return allowHighS && key is Crypto.Ecdsa.EcdsaVerificationKey ec
            ? ec.VerifyAllowingHighS(Algorithm, toBeSigned, Signature)
            : key.Verify(Algorithm, toBeSigned, Signature);
    }

    /// <summary>The Sig_structure for COSE_Sign1 with empty external AAD (RFC 9052 section 4.4).</summary>
    internal static byte[] SigStructure(ReadOnlySpan<byte> protectedHeader, ReadOnlySpan<byte> payload)
    {
        var writer = DeterministicCbor.CreateWriter();
        writer.WriteStartArray(4);
        writer.WriteTextString("Signature1");
        writer.WriteByteString(protectedHeader);
        writer.WriteByteString([]);
        writer.WriteByteString(payload);
        writer.WriteEndArray();
        return writer.Encode();
    }

    private static byte[] EncodeProtectedHeader(SignatureAlgorithm algorithm, string? contentType, ReadOnlySpan<byte> keyId, IReadOnlyList<byte[]>? chain)
    {
        var hasChain = chain is { Count: > 0 };
        var writer = DeterministicCbor.CreateWriter();
        writer.WriteStartMap(1 + (contentType is null ? 0 : 1) + (keyId.IsEmpty ? 0 : 1) + (hasChain ? 1 : 0));
        writer.WriteInt32(CoseHeaderLabels.Algorithm);
        writer.WriteInt64(CoseAlgorithms.LabelOf(algorithm));
        if (contentType is not null)
        {
            writer.WriteInt32(CoseHeaderLabels.ContentType);
            writer.WriteTextString(contentType);
        }

        if (!keyId.IsEmpty)
        {
            writer.WriteInt32(CoseHeaderLabels.KeyId);
            writer.WriteByteString(keyId);
        }

        if (hasChain)
        {
            // RFC 9360 section 2: one certificate as a bstr, several as an array of bstr, leaf first.
            writer.WriteInt32(CoseHeaderLabels.X5Chain);
            if (chain!.Count == 1)
            {
                writer.WriteByteString(chain[0]);
            }
            else
            {
                writer.WriteStartArray(chain.Count);
                foreach (var cert in chain)
                {
                    writer.WriteByteString(cert);
                }

                writer.WriteEndArray();
            }
        }

        writer.WriteEndMap();
        return writer.Encode();
    }

    private static (SignatureAlgorithm Algorithm, string? ContentType, ReadOnlyMemory<byte> KeyId, IReadOnlyList<byte[]> Chain) DecodeProtectedHeader(byte[] encoded)
    {
        var reader = DeterministicCbor.CreateStrictReader(encoded, "cose.protected");
        var entries = CborRead.StartMap(reader, "cose.protected", 8);
        SignatureAlgorithm? algorithm = null;
        string? contentType = null;
        ReadOnlyMemory<byte> keyId = default;
        IReadOnlyList<byte[]> chain = [];
        for (var i = 0; i < entries; i++)
        {
            var label = CborRead.Int(reader, "cose.protected");
            switch (label)
            {
                case CoseHeaderLabels.Algorithm:
                    var algLabel = CborRead.Int(reader, "cose.alg");
                    if (!CoseAlgorithms.TryFromLabel(algLabel, out var alg))
                    {
                        throw new TrustFormatException("cose.alg", $"unsupported algorithm label {algLabel}");
                    }

                    algorithm = alg;
                    break;
                case CoseHeaderLabels.ContentType:
                    contentType = CborRead.Text(reader, "cose.content_type", CoseLimits.MaxContentTypeLength);
                    break;
                case CoseHeaderLabels.KeyId:
                    keyId = CborRead.Bytes(reader, "cose.kid", CoseLimits.MaxKeyIdBytes);
                    break;
                case CoseHeaderLabels.X5Chain:
                    chain = ReadChain(reader);
                    break;
                default:
                    throw new TrustFormatException("cose.protected", $"unsupported header label {label}");
            }
        }

        reader.ReadEndMap();
        return (algorithm ?? throw new TrustFormatException("cose.alg", "the protected header has no algorithm"), contentType, keyId, chain);
    }

    private static List<byte[]> ReadChain(CborReader reader)
    {
        if (reader.PeekState() == CborReaderState.ByteString)
        {
            return [CborRead.Bytes(reader, "cose.x5chain", CoseLimits.MaxCertificateBytes)];
        }

        var count = CborRead.StartArray(reader, "cose.x5chain", CoseLimits.MaxChainCertificates);
        if (count < 2)
        {
            throw new TrustFormatException("cose.x5chain", "a single certificate must be a byte string, not an array (RFC 9360 section 2)");
        }

        var chain = new List<byte[]>(count);
        for (var i = 0; i < count; i++)
        {
            chain.Add(CborRead.Bytes(reader, "cose.x5chain", CoseLimits.MaxCertificateBytes));
        }

        reader.ReadEndArray();
        return chain;
    }
}
