using System.Formats.Asn1;
using System.Security.Cryptography;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;

namespace Trust.Core.Keys;

/// <summary>DER encodings of keys: PKCS#8 (RFC 5208/5958), SEC1 (RFC 5915), SubjectPublicKeyInfo (RFC 5280).</summary>
internal static class KeyEncoding
{
    internal const string RsaEncryptionOid = "1.2.840.113549.1.1.1";
    internal const string EcPublicKeyOid = "1.2.840.10045.2.1";
    internal const string P256Oid = "1.2.840.10045.3.1.7";

    internal static byte[] EncodeEcPkcs8(string curveOid, ReadOnlySpan<byte> scalar, ReadOnlySpan<byte> point)
    {
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
                writer.WriteObjectIdentifier(EcPublicKeyOid);
                writer.WriteObjectIdentifier(curveOid);
            }

            writer.WriteOctetString(inner.Encode());
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
                writer.WriteObjectIdentifier(EcPublicKeyOid);
                writer.WriteObjectIdentifier(curveOid);
            }

            writer.WriteBitString(point);
        }

        return writer.Encode();
    }

    /// <summary>Decodes an unencrypted PKCS#8 PrivateKeyInfo into a signing key.</summary>
    internal static SigningKey DecodePkcs8(ReadOnlySpan<byte> der)
    {
        string algorithmOid;
        string? curveOid = null;
        ReadOnlyMemory<byte> privateKey;
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.BER);
            var seq = reader.ReadSequence();
            seq.ReadInteger();
            var alg = seq.ReadSequence();
            algorithmOid = alg.ReadObjectIdentifier();
            if (alg.HasData && alg.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                curveOid = alg.ReadObjectIdentifier();
            }

            privateKey = seq.ReadOctetString();
            if (reader.HasData)
            {
                throw new TrustKeyException("Trailing bytes after the PKCS#8 private key.");
            }
        }
        catch (AsnContentException ex)
        {
            throw new TrustKeyException("The PKCS#8 private key is malformed.", ex);
        }

        try
        {
            switch (algorithmOid)
            {
                case RsaEncryptionOid:
                    var rsa = RSA.Create();
                    rsa.ImportPkcs8PrivateKey(der, out _);
                    return new RsaSigningKey(rsa);
                case EcPublicKeyOid when curveOid == P256Oid:
                    var ec = ECDsa.Create();
                    ec.ImportPkcs8PrivateKey(der, out _);
                    return new EcdsaSigningKey(ec);
                case EcPublicKeyOid when curveOid == SignatureAlgorithms.Sm2CurveOid:
                case SignatureAlgorithms.Sm2CurveOid:
                    return DecodeSm2EcPrivateKey(privateKey.Span);
                default:
                    throw new TrustKeyException($"Unsupported private key algorithm {algorithmOid}{(curveOid is null ? "" : " with curve " + curveOid)}.");
            }
        }
        catch (CryptographicException ex)
        {
            throw new TrustKeyException("The private key could not be imported.", ex);
        }
    }

    /// <summary>Decodes a SEC1 ECPrivateKey ("EC PRIVATE KEY"), which names its curve.</summary>
    internal static SigningKey DecodeSec1(ReadOnlySpan<byte> der)
    {
        string? curve = null;
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.BER);
            var seq = reader.ReadSequence();
            seq.ReadInteger();
            seq.ReadOctetString();
            if (seq.HasData && seq.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0)))
            {
                var p = seq.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 0));
                curve = p.ReadObjectIdentifier();
            }
        }
        catch (AsnContentException ex)
        {
            throw new TrustKeyException("The EC private key is malformed.", ex);
        }

        if (curve == SignatureAlgorithms.Sm2CurveOid)
        {
            return DecodeSm2EcPrivateKey(der);
        }

        if (curve == P256Oid)
        {
            var ec = ECDsa.Create();
            try
            {
                ec.ImportECPrivateKey(der, out _);
            }
            catch (CryptographicException ex)
            {
                ec.Dispose();
                throw new TrustKeyException("The EC private key could not be imported.", ex);
            }

            return new EcdsaSigningKey(ec);
        }

        throw new TrustKeyException($"Unsupported EC curve {curve ?? "(not named)"}; only sm2p256v1 and P-256 are supported.");
    }

    private static Sm2SigningKey DecodeSm2EcPrivateKey(ReadOnlySpan<byte> ecPrivateKey)
    {
        try
        {
            var reader = new AsnReader(ecPrivateKey.ToArray(), AsnEncodingRules.BER);
            var seq = reader.ReadSequence();
            seq.ReadInteger();
            var scalar = seq.ReadOctetString();
            if (scalar.Length > 32)
            {
                throw new TrustKeyException("The SM2 private key is longer than 32 bytes.");
            }

            var padded = new byte[32];
            scalar.CopyTo(padded.AsSpan(32 - scalar.Length));
            try
            {
                return Sm2SigningKey.FromPrivateScalar(padded);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(padded);
                CryptographicOperations.ZeroMemory(scalar);
            }
        }
        catch (AsnContentException ex)
        {
            throw new TrustKeyException("The SM2 private key is malformed.", ex);
        }
    }

    /// <summary>Decodes a DER SubjectPublicKeyInfo into a verification key.</summary>
    internal static VerificationKey DecodeSubjectPublicKeyInfo(ReadOnlySpan<byte> der)
    {
        string algorithmOid;
        string? curveOid = null;
        byte[] point;
        try
        {
            var reader = new AsnReader(der.ToArray(), AsnEncodingRules.DER);
            var seq = reader.ReadSequence();
            var alg = seq.ReadSequence();
            algorithmOid = alg.ReadObjectIdentifier();
            if (alg.HasData && alg.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                curveOid = alg.ReadObjectIdentifier();
            }

            point = seq.ReadBitString(out _);
            if (reader.HasData || seq.HasData)
            {
                throw new TrustKeyException("Trailing bytes after the SubjectPublicKeyInfo.");
            }
        }
        catch (AsnContentException ex)
        {
            throw new TrustKeyException("The public key (SubjectPublicKeyInfo) is malformed.", ex);
        }

        return algorithmOid switch
        {
            RsaEncryptionOid => new RsaVerificationKey(der),
            EcPublicKeyOid when curveOid == P256Oid => new EcdsaVerificationKey(der),
            EcPublicKeyOid when curveOid == SignatureAlgorithms.Sm2CurveOid => Sm2VerificationKey.FromPoint(point),
            SignatureAlgorithms.Sm2CurveOid => Sm2VerificationKey.FromPoint(point),
            _ => throw new TrustKeyException($"Unsupported public key algorithm {algorithmOid}{(curveOid is null ? "" : " with curve " + curveOid)}."),
        };
    }
}
