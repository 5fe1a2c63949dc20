using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Pkcs;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Crypto.Rsa;

namespace Trust.Core.Keys;

/// <summary>
/// Imports a private key and its certificate chain from a PKCS#12 (.p12/.pfx) file (RFC 7292).
/// RSA and P-256 keys are read by the platform's hardened loader (<see cref="X509CertificateLoader"/>
/// with its default work limits); SM2 keys, which the platform does not know, by BouncyCastle's
/// <see cref="Pkcs12Store"/>, after the platform has checked the file's integrity MAC.
/// </summary>
public static class Pkcs12KeyLoader
{
    /// <summary>Largest PKCS#12 file accepted.</summary>
    public const int MaxLength = 1024 * 1024;

    /// <summary>Loads the one private key and its certificates.</summary>
    /// <exception cref="TrustKeyException">Wrong password, corrupt or oversized file, no private key (or several), unsupported key.</exception>
    public static Pkcs12Contents Load(ReadOnlySpan<byte> pkcs12, string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        if (pkcs12.IsEmpty || pkcs12.Length > MaxLength)
        {
            throw new TrustKeyException($"A PKCS#12 file must be between 1 byte and {MaxLength} bytes.");
        }

        X509Certificate2Collection collection;
        try
        {
            collection = X509CertificateLoader.LoadPkcs12Collection(pkcs12, password, X509KeyStorageFlags.EphemeralKeySet, Pkcs12LoaderLimits.Defaults);
        }
        catch (Pkcs12LoadLimitExceededException ex)
        {
            throw new TrustKeyException("The PKCS#12 file exceeds the loader's work limits (too many iterations or entries).", ex);
        }
        catch (CryptographicException ex) when (IsWrongPassword(ex))
        {
            throw new TrustKeyException("Wrong PKCS#12 password, or the file is corrupt.", ex);
        }
        catch (CryptographicException ex)
        {
            // The platform refuses keys it does not know (SM2) along with the whole file; BouncyCastle
            // reads it, and its MAC check still tells a wrong password apart.
            return LoadWithBouncyCastle(pkcs12, password, ex);
        }

        try
        {
            var withKey = collection.Where(c => c.HasPrivateKey).ToList();
            if (withKey.Count == 0)
            {
                throw new TrustKeyException("The PKCS#12 file holds no private key with a certificate.");
            }

            if (withKey.Count > 1)
            {
                throw new TrustKeyException($"The PKCS#12 file holds {withKey.Count} private keys; exactly one is expected.");
            }

            var leaf = withKey[0];
            var key = PlatformKey(leaf);
            if (key is null)
            {
                return LoadWithBouncyCastle(pkcs12, password, inner: null);
            }

            return new Pkcs12Contents(key, OrderChain(leaf.RawData, collection.Select(c => (c.RawData, c.SubjectName.RawData, c.IssuerName.RawData))));
        }
        finally
        {
            foreach (var certificate in collection)
            {
                certificate.Dispose();
            }
        }
    }

    /// <summary>Loads a PKCS#12 file from disk.</summary>
    /// <inheritdoc cref="Load(ReadOnlySpan{byte}, string)"/>
    public static Pkcs12Contents LoadFile(string path, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new TrustKeyException($"PKCS#12 file {path} does not exist.");
        }

        if (info.Length > MaxLength)
        {
            throw new TrustKeyException($"PKCS#12 file {path} is larger than {MaxLength} bytes.");
        }

        return Load(File.ReadAllBytes(path), password);
    }

    private static bool IsWrongPassword(CryptographicException ex) =>
        ex.HResult == unchecked((int)0x80070056) // ERROR_INVALID_PASSWORD, what the managed PKCS#12 reader reports
        || ex.Message.Contains("password", StringComparison.OrdinalIgnoreCase);

    private static SigningKey? PlatformKey(X509Certificate2 leaf)
    {
        if (leaf.GetRSAPrivateKey() is { } rsa)
        {
            try
            {
                return new RsaSigningKey(rsa);
            }
            catch
            {
                rsa.Dispose();
                throw;
            }
        }

        if (leaf.GetECDsaPrivateKey() is { } ec)
        {
            if (P256.IsP256(ec))
            {
                return new EcdsaSigningKey(ec);
            }

            ec.Dispose();
        }

        return null;
    }

    private static Pkcs12Contents LoadWithBouncyCastle(ReadOnlySpan<byte> pkcs12, string password, Exception? inner)
    {
        var store = new Pkcs12StoreBuilder().Build();
        try
        {
            using var stream = new MemoryStream(pkcs12.ToArray(), writable: false);
            store.Load(stream, password.ToCharArray());
        }
        catch (IOException ex) when (ex.Message.Contains("MAC", StringComparison.Ordinal))
        {
            throw new TrustKeyException("Wrong PKCS#12 password, or the file is corrupt.", ex);
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException or InvalidCastException or Org.BouncyCastle.Security.SecurityUtilityException or Org.BouncyCastle.Crypto.CryptoException)
        {
            throw new TrustKeyException("The PKCS#12 file is corrupt or uses an unsupported protection.", inner ?? ex);
        }

        var keyAliases = store.Aliases.Where(store.IsKeyEntry).ToList();
        if (keyAliases.Count == 0)
        {
            throw new TrustKeyException("The PKCS#12 file holds no private key.");
        }

        if (keyAliases.Count > 1)
        {
            throw new TrustKeyException($"The PKCS#12 file holds {keyAliases.Count} private keys; exactly one is expected.");
        }

        var alias = keyAliases[0];
        var pkcs8 = PrivateKeyInfoFactory.CreatePrivateKeyInfo(store.GetKey(alias).Key).GetDerEncoded();
        SigningKey key;
        try
        {
            key = KeyEncoding.DecodePkcs8(pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }

        var leaf = store.GetCertificate(alias)?.Certificate;
        if (leaf is null)
        {
            key.Dispose();
            throw new TrustKeyException("The PKCS#12 file has a private key but no certificate for it.");
        }

        var all = store.Aliases.Select(a => store.GetCertificate(a)?.Certificate)
            .Concat(store.GetCertificateChain(alias)?.Select(c => c.Certificate) ?? [])
            .OfType<BcCertificate>()
            .Select(c => (c.GetEncoded(), c.SubjectDN.GetEncoded(), c.IssuerDN.GetEncoded()));
        return new Pkcs12Contents(key, OrderChain(leaf.GetEncoded(), all));
    }

    /// <summary>Leaf first, then issuer by issuer (matching DER names), then the rest; duplicates removed.</summary>
    internal static IReadOnlyList<byte[]> OrderChain(byte[] leaf, IEnumerable<(byte[] Der, byte[] Subject, byte[] Issuer)> certificates)
    {
        var pool = new List<(byte[] Der, byte[] Subject, byte[] Issuer)>();
        foreach (var c in certificates)
        {
            if (!pool.Any(p => p.Der.AsSpan().SequenceEqual(c.Der)))
            {
                pool.Add(c);
            }
        }

        var chain = new List<byte[]> { leaf };
        var current = pool.FirstOrDefault(p => p.Der.AsSpan().SequenceEqual(leaf));
        pool.RemoveAll(p => p.Der.AsSpan().SequenceEqual(leaf));
        while (current.Der is not null && !current.Subject.AsSpan().SequenceEqual(current.Issuer))
        {
            var issuerName = current.Issuer;
            var issuer = pool.FirstOrDefault(p => p.Subject.AsSpan().SequenceEqual(issuerName));
            if (issuer.Der is null)
            {
                break;
            }

            chain.Add(issuer.Der);
            pool.Remove(issuer);
            current = issuer;
        }

        chain.AddRange(pool.Select(p => p.Der));
        return chain;
    }
}
