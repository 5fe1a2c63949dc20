using System.Formats.Asn1;
using System.Security.Cryptography;

namespace Trust.Core.Keys;

/// <summary>
/// PKCS#5 v2.1 PBES2 (RFC 8018 section 6.2) for EncryptedPrivateKeyInfo (RFC 5958):
/// PBKDF2 with HMAC-SHA-256 and AES-256-CBC when writing; PBKDF2 with HMAC-SHA-1/-256/-384/-512
/// and AES-128/192/256-CBC when reading (what OpenSSL writes).
/// </summary>
internal static class Pbes2
{
    private const string Pbes2Oid = "1.2.840.113549.1.5.13";
    private const string Pbkdf2Oid = "1.2.840.113549.1.5.12";
    private const string HmacSha1Oid = "1.2.840.113549.2.7";
    private const string HmacSha256Oid = "1.2.840.113549.2.9";
    private const string HmacSha384Oid = "1.2.840.113549.2.10";
    private const string HmacSha512Oid = "1.2.840.113549.2.11";
    private const string Aes128CbcOid = "2.16.840.1.101.3.4.1.2";
    private const string Aes192CbcOid = "2.16.840.1.101.3.4.1.22";
    private const string Aes256CbcOid = "2.16.840.1.101.3.4.1.42";

    /// <summary>Iterations used when writing. A balance between load time and brute-force cost.</summary>
    internal const int DefaultIterations = 100_000;

    /// <summary>Lower bound when writing (tests use it to stay fast; production keeps the default).</summary>
    internal const int MinIterations = 1000;

    /// <summary>Upper bound accepted when reading, so a hostile file cannot make us spin for hours.</summary>
    internal const int MaxIterations = 10_000_000;

    internal static byte[] Encrypt(ReadOnlySpan<byte> pkcs8, ReadOnlySpan<char> passphrase, int iterations = DefaultIterations)
    {
        if (passphrase.IsEmpty)
        {
            throw new TrustKeyException("An empty passphrase cannot protect a private key.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, MinIterations);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(iterations, MaxIterations);

        Span<byte> salt = stackalloc byte[16];
        Span<byte> iv = stackalloc byte[16];
        RandomNumberGenerator.Fill(salt);
        RandomNumberGenerator.Fill(iv);
        var key = Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, iterations, HashAlgorithmName.SHA256, 32);
        byte[] cipherText;
        using (var aes = Aes.Create())
        {
            aes.Key = key;
            cipherText = aes.EncryptCbc(pkcs8, iv, PaddingMode.PKCS7);
        }

        CryptographicOperations.ZeroMemory(key);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(Pbes2Oid);
                using (writer.PushSequence())
                {
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Pbkdf2Oid);
                        using (writer.PushSequence())
                        {
                            writer.WriteOctetString(salt);
                            writer.WriteInteger(iterations);
                            using (writer.PushSequence())
                            {
                                writer.WriteObjectIdentifier(HmacSha256Oid);
                                writer.WriteNull();
                            }
                        }
                    }

                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(Aes256CbcOid);
                        writer.WriteOctetString(iv);
                    }
                }
            }

            writer.WriteOctetString(cipherText);
        }

        return writer.Encode();
    }

    /// <summary>Decrypts an EncryptedPrivateKeyInfo to the PKCS#8 PrivateKeyInfo DER.</summary>
    /// <exception cref="TrustKeyException">Malformed, unsupported, or wrong passphrase.</exception>
    internal static byte[] Decrypt(ReadOnlySpan<byte> encryptedPrivateKeyInfo, ReadOnlySpan<char> passphrase)
    {
        byte[] salt, iv, cipherText;
        long iterations;
        HashAlgorithmName prf = HashAlgorithmName.SHA1;
        int keyLength;
        try
        {
            var reader = new AsnReader(encryptedPrivateKeyInfo.ToArray(), AsnEncodingRules.BER);
            var outer = reader.ReadSequence();
            var alg = outer.ReadSequence();
            var scheme = alg.ReadObjectIdentifier();
            if (scheme != Pbes2Oid)
            {
                throw new TrustKeyException($"Unsupported private key encryption {scheme}: only PBES2 is accepted (convert with 'openssl pkcs8 -topk8 -v2 aes-256-cbc').");
            }

            var pbes2 = alg.ReadSequence();
            var kdf = pbes2.ReadSequence();
            var kdfOid = kdf.ReadObjectIdentifier();
            if (kdfOid != Pbkdf2Oid)
            {
                throw new TrustKeyException($"Unsupported key derivation {kdfOid}: only PBKDF2 is accepted.");
            }

            var kdfParams = kdf.ReadSequence();
            salt = kdfParams.ReadOctetString();
            if (!kdfParams.TryReadInt64(out iterations) || iterations < 1 || iterations > MaxIterations)
            {
                throw new TrustKeyException($"PBKDF2 iteration count is out of range (1 to {MaxIterations}).");
            }

            int? declaredKeyLength = null;
            if (kdfParams.HasData && kdfParams.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
            {
                kdfParams.TryReadInt32(out var kl);
                declaredKeyLength = kl;
            }

            if (kdfParams.HasData)
            {
                var prfSeq = kdfParams.ReadSequence();
                prf = prfSeq.ReadObjectIdentifier() switch
                {
                    HmacSha1Oid => HashAlgorithmName.SHA1,
                    HmacSha256Oid => HashAlgorithmName.SHA256,
                    HmacSha384Oid => HashAlgorithmName.SHA384,
                    HmacSha512Oid => HashAlgorithmName.SHA512,
                    var other => throw new TrustKeyException($"Unsupported PBKDF2 pseudo-random function {other}."),
                };
            }

            var enc = pbes2.ReadSequence();
            keyLength = enc.ReadObjectIdentifier() switch
            {
                Aes128CbcOid => 16,
                Aes192CbcOid => 24,
                Aes256CbcOid => 32,
                var other => throw new TrustKeyException($"Unsupported private key cipher {other}: AES-CBC is accepted."),
            };
            if (declaredKeyLength is { } d && d != keyLength)
            {
                throw new TrustKeyException("PBKDF2 key length does not match the cipher.");
            }

            iv = enc.ReadOctetString();
            if (iv.Length != 16)
            {
                throw new TrustKeyException("The AES-CBC IV must be 16 bytes.");
            }

            cipherText = outer.ReadOctetString();
        }
        catch (AsnContentException ex)
        {
            throw new TrustKeyException("The encrypted private key is malformed.", ex);
        }

        var key = Rfc2898DeriveBytes.Pbkdf2(passphrase, salt, (int)iterations, prf, keyLength);
        try
        {
            using var aes = Aes.Create();
            aes.Key = key;
            return aes.DecryptCbc(cipherText, iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException ex)
        {
            throw new TrustKeyException("Wrong passphrase, or the encrypted private key is corrupt.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
