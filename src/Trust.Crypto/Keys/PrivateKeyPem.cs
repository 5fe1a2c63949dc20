using System.Security.Cryptography;
using Trust.Core.Crypto;

namespace Trust.Core.Keys;

/// <summary>
/// Loads and saves private keys as PEM: encrypted PKCS#8 (PBES2, "ENCRYPTED PRIVATE KEY")
/// for storage, and for interoperability the unencrypted forms OpenSSL writes ("PRIVATE KEY",
/// "EC PRIVATE KEY", "SM2 PRIVATE KEY", "RSA PRIVATE KEY").
/// </summary>
public static class PrivateKeyPem
{
    /// <summary>Largest PEM text accepted.</summary>
    public const int MaxPemLength = 64 * 1024;

    /// <summary>Encrypts <paramref name="key"/> as PBES2 PKCS#8 PEM (PBKDF2-HMAC-SHA256, AES-256-CBC).</summary>
    /// <exception cref="TrustKeyException">The key is not exportable or the passphrase is empty.</exception>
    public static string ExportEncrypted(SigningKey key, ReadOnlySpan<char> passphrase, int iterations = Pbes2.DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(key);
        var pkcs8 = key.ExportPkcs8();
        try
        {
            var encrypted = Pbes2.Encrypt(pkcs8, passphrase, iterations);
            return new string(PemEncoding.Write("ENCRYPTED PRIVATE KEY", encrypted)) + "\n";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>Writes the key in clear as PKCS#8 PEM. Only for interoperability tests and development material.</summary>
    public static string ExportUnencrypted(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var pkcs8 = key.ExportPkcs8();
        try
        {
            return new string(PemEncoding.Write("PRIVATE KEY", pkcs8)) + "\n";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>
    /// Loads a private key from PEM text. <paramref name="passphrase"/> is needed for
    /// "ENCRYPTED PRIVATE KEY" and ignored otherwise.
    /// </summary>
    /// <param name="pem">The PEM text.</param>
    /// <param name="passphrase">The passphrase, when the key is encrypted.</param>
    /// <param name="wasEncrypted">Whether the key was stored encrypted (callers warn when not).</param>
    /// <exception cref="TrustKeyException">No private key in the text, corrupt PEM, wrong passphrase, a public key or certificate given instead, unsupported algorithm.</exception>
    public static SigningKey Load(string pem, ReadOnlySpan<char> passphrase, out bool wasEncrypted)
    {
        ArgumentNullException.ThrowIfNull(pem);
        if (pem.Length > MaxPemLength)
        {
            throw new TrustKeyException($"The key file is larger than {MaxPemLength} characters.");
        }

        if (pem.Contains("Proc-Type: 4,ENCRYPTED", StringComparison.Ordinal))
        {
            throw new TrustKeyException("Legacy OpenSSL-encrypted PEM is not supported; convert it with 'openssl pkcs8 -topk8 -v2 aes-256-cbc'.");
        }

        var text = pem.AsSpan();
        while (PemEncoding.TryFind(text, out var fields))
        {
            var label = text[fields.Label].ToString();
            var base64 = text[fields.Base64Data];
            text = text[fields.Location.End..];
            switch (label)
            {
                case "ENCRYPTED PRIVATE KEY":
                    if (passphrase.IsEmpty)
                    {
                        throw new TrustKeyException("The private key is encrypted: a passphrase is required.");
                    }

                    var plain = Pbes2.Decrypt(Decode(base64, label), passphrase);
                    try
                    {
                        // A wrong passphrase yields garbage that passes the CBC padding check about
                        // once in 256 tries; garbage is not a DER SEQUENCE, so report it as a wrong
                        // passphrase. A well-formed key with an unsupported algorithm keeps its own error.
                        if (!LooksLikeDerSequence(plain))
                        {
                            throw new TrustKeyException("Wrong passphrase, or the encrypted private key is corrupt.");
                        }

                        wasEncrypted = true;
                        return KeyEncoding.DecodePkcs8(plain);
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(plain);
                    }

                case "PRIVATE KEY":
                    wasEncrypted = false;
                    return KeyEncoding.DecodePkcs8(Decode(base64, label));
                case "EC PRIVATE KEY":
                case "SM2 PRIVATE KEY": // what 'openssl ec' writes for SM2: a SEC1 ECPrivateKey under another label
                    wasEncrypted = false;
                    return KeyEncoding.DecodeSec1(Decode(base64, label));
                case "RSA PRIVATE KEY":
                    wasEncrypted = false;
                    var pkcs1 = Decode(base64, label);
                    return Crypto.Internal.RsaKeyProvider.Import(rsa => rsa.ImportRSAPrivateKey(pkcs1, out _));
                case "PUBLIC KEY":
                case "CERTIFICATE":
                    throw new TrustKeyException($"Expected a private key but found a {label.ToLowerInvariant()}.");
                case "EC PARAMETERS":
                    continue;
                default:
                    throw new TrustKeyException($"Unsupported PEM block '{label}' where a private key was expected.");
            }
        }

        throw new TrustKeyException("No PEM private key found (expected '-----BEGIN ENCRYPTED PRIVATE KEY-----').");
    }

    /// <summary>Loads a private key from a PEM file.</summary>
    /// <inheritdoc cref="Load(string, ReadOnlySpan{char}, out bool)"/>
    public static SigningKey LoadFile(string path, ReadOnlySpan<char> passphrase, out bool wasEncrypted)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new TrustKeyException($"Key file {path} does not exist.");
        }

        if (info.Length > MaxPemLength)
        {
            throw new TrustKeyException($"Key file {path} is larger than {MaxPemLength} bytes.");
        }

        return Load(File.ReadAllText(path), passphrase, out wasEncrypted);
    }

    private static bool LooksLikeDerSequence(byte[] data)
    {
        try
        {
            var reader = new System.Formats.Asn1.AsnReader(data, System.Formats.Asn1.AsnEncodingRules.BER);
            reader.ReadSequence();
            return !reader.HasData;
        }
        catch (System.Formats.Asn1.AsnContentException)
        {
            return false;
        }
    }

    private static byte[] Decode(ReadOnlySpan<char> base64, string label)
    {
        var buffer = new byte[base64.Length];
        if (!Convert.TryFromBase64Chars(base64, buffer, out var written))
        {
            throw new TrustKeyException($"The PEM block '{label}' is not valid base64.");
        }

        return buffer.AsSpan(0, written).ToArray();
    }
}
