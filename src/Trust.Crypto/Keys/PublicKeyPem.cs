using System.Formats.Asn1;
using System.Security.Cryptography;
using Trust.Core.Crypto;

namespace Trust.Core.Keys;

/// <summary>Loads public keys from PEM: SubjectPublicKeyInfo ("PUBLIC KEY") or a certificate's key ("CERTIFICATE").</summary>
public static class PublicKeyPem
{
    /// <summary>Writes a public key as "PUBLIC KEY" PEM.</summary>
    public static string Export(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new string(PemEncoding.Write("PUBLIC KEY", key.ExportSubjectPublicKeyInfo())) + "\n";
    }

    /// <summary>Loads the first public key or certificate in <paramref name="pem"/>.</summary>
    /// <exception cref="TrustKeyException">No public key, corrupt PEM, unsupported algorithm.</exception>
    public static VerificationKey Load(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Length > PrivateKeyPem.MaxPemLength * 4)
        {
            throw new TrustKeyException("The public key file is too large.");
        }

        var text = pem.AsSpan();
        while (PemEncoding.TryFind(text, out var fields))
        {
            var label = text[fields.Label].ToString();
            var der = new byte[fields.DecodedDataLength];
            if (!Convert.TryFromBase64Chars(text[fields.Base64Data], der, out _))
            {
                throw new TrustKeyException($"The PEM block '{label}' is not valid base64.");
            }

            text = text[fields.Location.End..];
            switch (label)
            {
                case "PUBLIC KEY":
                    return KeyEncoding.DecodeSubjectPublicKeyInfo(der);
                case "CERTIFICATE":
                    return KeyEncoding.DecodeSubjectPublicKeyInfo(SubjectPublicKeyInfoOfCertificate(der));
                case "PRIVATE KEY" or "ENCRYPTED PRIVATE KEY" or "EC PRIVATE KEY" or "SM2 PRIVATE KEY" or "RSA PRIVATE KEY":
                    throw new TrustKeyException($"Expected a public key or certificate but found a {label.ToLowerInvariant()}; do not hand private keys to verifiers.");
                default:
                    continue;
            }
        }

        throw new TrustKeyException("No PEM public key or certificate found.");
    }

    /// <summary>Loads a public key from a DER SubjectPublicKeyInfo.</summary>
    public static VerificationKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> der) => KeyEncoding.DecodeSubjectPublicKeyInfo(der);

    /// <summary>Loads the subject public key of a DER X.509 certificate (SM2, RSA or P-256).</summary>
    public static VerificationKey FromCertificate(ReadOnlySpan<byte> certificateDer) =>
        KeyEncoding.DecodeSubjectPublicKeyInfo(SubjectPublicKeyInfoOfCertificate(certificateDer));

    internal static byte[] SubjectPublicKeyInfoOfCertificate(ReadOnlySpan<byte> certificateDer)
    {
        try
        {
            var reader = new AsnReader(certificateDer.ToArray(), AsnEncodingRules.DER);
            var cert = reader.ReadSequence();
            var tbs = cert.ReadSequence();
            if (tbs.PeekTag().HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0, true)))
            {
                tbs.ReadEncodedValue();
            }

            tbs.ReadEncodedValue(); // serialNumber
            tbs.ReadEncodedValue(); // signature
            tbs.ReadEncodedValue(); // issuer
            tbs.ReadEncodedValue(); // validity
            tbs.ReadEncodedValue(); // subject
            return tbs.ReadEncodedValue().ToArray();
        }
        catch (AsnContentException ex)
        {
            throw new TrustKeyException("The certificate is malformed.", ex);
        }
    }
}
