using System.Formats.Asn1;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Internal;

namespace Trust.Core.Keys;

/// <summary>
/// DER encodings of keys: PKCS#8 (RFC 5208/5958), SEC1 (RFC 5915), SubjectPublicKeyInfo (RFC 5280
/// section 4.1.2.7). Decoding reads the AlgorithmIdentifier and hands over to the algorithm's
/// registered <see cref="KeyAlgorithmProvider"/>.
/// </summary>
internal static class KeyEncoding
{
    /// <summary>Largest DER key structure accepted (an RSA-8192 PKCS#8 is about 4.7 KB).</summary>
    internal const int MaxDerLength = 16 * 1024;

    internal static byte[] EncodeEcPkcs8(string curveOid, ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> point)
    {
        // RFC 5915 section 3 ECPrivateKey inside RFC 5208 PrivateKeyInfo; parameters sit in the outer AlgorithmIdentifier.
        var inner = new AsnWriter(AsnEncodingRules.DER);
        using (inner.PushSequence())
        {
            inner.WriteInteger(1);
            inner.WriteOctetString(scalar);
            using (inner.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
            {
                inner.WriteBitString(point);
            }
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oids.EcPublicKey);
                writer.WriteObjectIdentifier(curveOid);
            }

            var innerDer = inner.Encode();
            writer.WriteOctetString(innerDer);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(innerDer);
        }

        return writer.Encode();
    }

    internal static byte[] EncodeEcSubjectPublicKeyInfo(string curveOid, ReadOnlySpan<byte> point)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Oids.EcPublicKey);
                writer.WriteObjectIdentifier(curveOid);
            }

            writer.WriteBitString(point);
        }

        return writer.Encode();
    }

    /// <summary>Decodes an unencrypted PKCS#8 PrivateKeyInfo (or OneAsymmetricKey) into a signing key.</summary>
    /// <exception cref="TrustKeyException">Malformed, truncated, or an unsupported algorithm or curve.</exception>
    internal static SigningKey DecodePkcs8(ReadOnlySpan<byte> der)
    {
        CheckLength(der, "PKCS#8 private key");
        var bytes = der.ToArray();
        string algorithmOid;
        string? parameterOid;
        ReadOnlyMemory<byte> privateKey;
        try
        {
            var reader = new AsnReader(bytes, AsnEncodingRules.BER);
            var seq = reader.ReadSequence();
            if (!seq.TryReadInt32(out var version) || version is not (0 or 1))
            {
                throw new TrustKeyException("The PKCS#8 private key has an unsupported version.");
            }

            (algorithmOid, parameterOid) = ReadAlgorithmIdentifier(seq);
            privateKey = seq.ReadOctetString();
            if (reader.HasData)
            {
                throw new TrustKeyException("Trailing bytes after the PKCS#8 private key.");
            }
        }
        catch (AsnContentException ex)
        {
            throw new TrustKeyException("The PKCS#8 private key is malformed or truncated.", ex);
        }

        var provider = AlgorithmRegistry.FindByAlgorithmIdentifier(algorithmOid, parameterOid)
            ?? throw Unsupported("private key", algorithmOid, parameterOid);
        return provider.DecodePkcs8(bytes, privateKey);
    }

    /// <summary>Decodes a SEC1 ECPrivateKey ("EC PRIVATE KEY"), which must name its curve.</summary>
    /// <exception cref="TrustKeyException">Malformed, truncated, or an unsupported curve.</exception>
    internal static SigningKey DecodeSec1(ReadOnlySpan<byte> der)
    {
        CheckLength(der, "EC private key");
        var curve = Sec1PrivateKey.PeekCurve(der);
        var provider = AlgorithmRegistry.FindByAlgorithmIdentifier(Oids.EcPublicKey, curve)
            ?? throw new TrustKeyException($"Unsupported EC curve {Oids.CurveName(curve)}; only sm2p256v1 and P-256 are supported.");
        return provider.DecodeSec1(der.ToArray());
    }

    /// <summary>Decodes a DER SubjectPublicKeyInfo into a verification key.</summary>
    /// <exception cref="TrustKeyException">Malformed, truncated, or an unsupported algorithm or curve.</exception>
    internal static VerificationKey DecodeSubjectPublicKeyInfo(ReadOnlySpan<byte> der)
    {
        CheckLength(der, "public key");
        var bytes = der.ToArray();
        string algorithmOid;
        string? parameterOid;
        byte[] publicKey;
        try
        {
            var reader = new AsnReader(bytes, AsnEncodingRules.DER);
            var seq = reader.ReadSequence();
            (algorithmOid, parameterOid) = ReadAlgorithmIdentifier(seq);
            publicKey = seq.ReadBitString(out var unusedBits);
            if (reader.HasData || seq.HasData || unusedBits != 0)
            {
                throw new TrustKeyException("The SubjectPublicKeyInfo has trailing bytes or a partial-byte key.");
            }
        }
        catch (AsnContentException ex)
        {
            throw new TrustKeyException("The public key (SubjectPublicKeyInfo) is malformed or truncated.", ex);
        }

        var provider = AlgorithmRegistry.FindByAlgorithmIdentifier(algorithmOid, parameterOid)
            ?? throw Unsupported("public key", algorithmOid, parameterOid);
        return provider.DecodeSubjectPublicKeyInfo(bytes, publicKey);
    }

    private static (string Algorithm, string? Parameter) ReadAlgorithmIdentifier(AsnReader outer)
    {
        var alg = outer.ReadSequence();
        var algorithmOid = alg.ReadObjectIdentifier();
        string? parameterOid = null;
        if (alg.HasData && alg.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
        {
            parameterOid = alg.ReadObjectIdentifier();
        }

        return (algorithmOid, parameterOid);
    }

    private static TrustKeyException Unsupported(string what, string algorithmOid, string? parameterOid) =>
        algorithmOid == Oids.EcPublicKey
            ? new TrustKeyException($"Unsupported EC curve {Oids.CurveName(parameterOid)} in the {what}; only sm2p256v1 and P-256 are supported.")
            : new TrustKeyException($"Unsupported {what} algorithm {Oids.CurveName(algorithmOid)}; SM2, RSA and ECDSA P-256 are supported.");

    private static void CheckLength(ReadOnlySpan<byte> der, string what)
    {
        if (der.IsEmpty)
        {
            throw new TrustKeyException($"The {what} is empty.");
        }

        if (der.Length > MaxDerLength)
        {
            throw new TrustKeyException($"The {what} is larger than {MaxDerLength} bytes.");
        }
    }
}
