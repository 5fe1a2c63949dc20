using System.Security.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Crypto.Internal;
using Trust.Core.Crypto.Rsa;

namespace Trust.Core.Keys.Pkcs11;

/// <summary>Finding key objects in a token and reading their public halves (PKCS#11 v2.40 sections 2.1 and 2.3).</summary>
internal static class Pkcs11Objects
{
    /// <summary>DER OID of P-256 as CKA_EC_PARAMS holds it.</summary>
    private static readonly byte[] P256Parameters = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    internal static IObjectHandle? FindOne(ISession session, CKO objectClass, string? label, byte[]? id)
    {
        var factory = Pkcs11Module.Factories.ObjectAttributeFactory;
        var template = new List<IObjectAttribute> { factory.Create(CKA.CKA_CLASS, objectClass) };
        if (!string.IsNullOrEmpty(label))
        {
            template.Add(factory.Create(CKA.CKA_LABEL, label));
        }

        if (id is not null)
        {
            template.Add(factory.Create(CKA.CKA_ID, id));
        }

        List<IObjectHandle> found;
        try
        {
            found = session.FindAllObjects(template);
        }
        catch (Pkcs11Exception ex)
        {
            throw new TrustKeyException($"Searching the PKCS#11 token failed ({ex.RV}).", ex);
        }
        finally
        {
            foreach (var attribute in template)
            {
                attribute.Dispose();
            }
        }

        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new TrustKeyException($"{found.Count} {(objectClass == CKO.CKO_PRIVATE_KEY ? "private" : "public")} keys in the token match; give both label and id."),
        };
    }

    internal static (KeyAlgorithm Algorithm, VerificationKey PublicKey) ReadPublicKey(ISession session, IObjectHandle privateKey, Pkcs11KeyOptions options)
    {
        var attributes = Read(session, privateKey, CKA.CKA_KEY_TYPE, CKA.CKA_SIGN, CKA.CKA_ID, CKA.CKA_LABEL);
        if (!attributes[1].GetValueAsBool())
        {
            throw new TrustKeyException($"The PKCS#11 key {options.Describe()} is not allowed to sign (CKA_SIGN is false).");
        }

        var keyType = (CKK)attributes[0].GetValueAsUlong();
        switch (keyType)
        {
            case CKK.CKK_RSA:
            {
                // Modulus and public exponent are readable on RSA private key objects (PKCS#11 v2.40 section 2.1.3).
                var rsaAttributes = Read(session, privateKey, CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT);
                using var rsa = RSA.Create();
                try
                {
                    rsa.ImportParameters(new RSAParameters
                    {
                        Modulus = rsaAttributes[0].GetValueAsByteArray(),
                        Exponent = rsaAttributes[1].GetValueAsByteArray(),
                    });
                }
                catch (CryptographicException ex)
                {
                    throw new TrustKeyException("The token's RSA public key is not usable.", ex);
                }

                return (KeyAlgorithm.Rsa, new RsaVerificationKey(rsa.ExportSubjectPublicKeyInfo()));
            }

            case CKK.CKK_EC:
            {
                var parameters = Read(session, privateKey, CKA.CKA_EC_PARAMS)[0].GetValueAsByteArray();
                if (!parameters.AsSpan().SequenceEqual(P256Parameters))
                {
                    throw new TrustKeyException("Unsupported curve: the token's EC key is not on P-256.");
                }

                // EC private key objects carry no point; read it from the matching public key object.
                var id = attributes[2].GetValueAsByteArray();
                var label = attributes[3].GetValueAsString();
                var publicKey = FindOne(session, CKO.CKO_PUBLIC_KEY, id is { Length: > 0 } ? null : label, id is { Length: > 0 } ? id : null)
                    ?? throw new TrustKeyException($"The PKCS#11 token has no public key object for EC key {options.Describe()}.");
                var point = UnwrapEcPoint(Read(session, publicKey, CKA.CKA_EC_POINT)[0].GetValueAsByteArray());
                var spki = KeyEncoding.EncodeEcSubjectPublicKeyInfo(Oids.P256, point);
                return (KeyAlgorithm.EcP256, new EcdsaVerificationKey(spki));
            }

            default:
                throw new TrustKeyException($"Unsupported PKCS#11 key type {keyType}: only RSA and EC P-256 keys can sign here.");
        }
    }

    /// <summary>CKA_EC_POINT is a DER OCTET STRING around the point (PKCS#11 v2.40 section 2.3.3); some tokens give the bare point.</summary>
    internal static byte[] UnwrapEcPoint(byte[] value)
    {
        if (value.Length == 67 && value[0] == 0x04 && value[1] == 65)
        {
            return value[2..];
        }

        if (value.Length == 65 && value[0] == 0x04)
        {
            return value;
        }

        throw new TrustKeyException("The token's EC public point is not an uncompressed P-256 point.");
    }

    internal static List<IObjectAttribute> Read(ISession session, IObjectHandle handle, params CKA[] types)
    {
        try
        {
            return session.GetAttributeValue(handle, types.ToList());
        }
        catch (Pkcs11Exception ex)
        {
            throw new TrustKeyException($"Reading the PKCS#11 key's attributes failed ({ex.RV}).", ex);
        }
    }
}
