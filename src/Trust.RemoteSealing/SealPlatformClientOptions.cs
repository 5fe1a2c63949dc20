using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Trust.RemoteSealing;

/// <summary>
/// Where a seal platform is and how to authenticate to it: a bearer token (role <c>sealer</c>, the seal's departments)
/// and/or a TLS client certificate (mutual TLS; the platform reads the role and departments from its SAN URIs).
/// </summary>
public sealed class SealPlatformClientOptions
{
    /// <summary>The deadline of each call when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Longest deadline accepted.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromHours(1);

    /// <summary>The platform's gRPC endpoint: <c>http://</c> (h2c, trusted networks only) or <c>https://</c>.</summary>
    public required Uri Address { get; init; }

    /// <summary>Bearer token sent with every call, or null (then <see cref="ClientCertificate"/> is required).</summary>
    public string? Token { get; init; }

    /// <summary>Client certificate with its private key for mutual TLS (https only), or null.</summary>
    public X509Certificate2? ClientCertificate { get; init; }

    /// <summary>
    /// Roots that the platform's TLS server certificate must chain to (https only), with any issuing CAs needed to build the
    /// path (self-signed certificates are the roots, the others only help); null or empty: the system's trust store.
    /// </summary>
    public IReadOnlyList<X509Certificate2>? TrustedRoots { get; init; }

    /// <summary>The deadline of each call (connection included); a seal makes two to four calls.</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>Checks the options and names the first bad one.</summary>
    /// <exception cref="ArgumentException">A bad address, no credentials, a client certificate without key or over http, or a bad timeout; the message names the option.</exception>
    public void Validate()
    {
        if (Address is null || !Address.IsAbsoluteUri || Address.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"Address {Address}: expected the platform's gRPC endpoint, http://HOST:PORT or https://HOST:PORT", nameof(Address));
        }

        if (string.IsNullOrWhiteSpace(Token) && ClientCertificate is null)
        {
            throw new ArgumentException("Token / ClientCertificate: one is required (a bearer token with the sealer role, or a client certificate for mutual TLS)", nameof(Token));
        }

        if (ClientCertificate is not null && !ClientCertificate.HasPrivateKey)
        {
            throw new ArgumentException("ClientCertificate: has no private key", nameof(ClientCertificate));
        }

        if (ClientCertificate is not null && Address.Scheme != "https")
        {
            throw new ArgumentException($"ClientCertificate: mutual TLS needs an https:// address, not {Address}", nameof(ClientCertificate));
        }

        if (Timeout <= TimeSpan.Zero || Timeout > MaxTimeout)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"Timeout {Timeout.TotalSeconds} s: expected more than 0 and at most {MaxTimeout.TotalSeconds} s"), nameof(Timeout));
        }
    }

    /// <summary>
    /// Loads a client certificate with its key: a PEM certificate with a PEM private key (PKCS#8, encrypted with
    /// <paramref name="passphrase"/> or not), or a PKCS#12 file (<c>.p12</c>/<c>.pfx</c>) when <paramref name="keyPath"/> is null.
    /// </summary>
    /// <exception cref="ArgumentException">A file is missing or cannot be read as a certificate and key; the message names the file.</exception>
    public static X509Certificate2 LoadClientCertificate(string certificatePath, string? keyPath, string? passphrase)
    {
        ArgumentNullException.ThrowIfNull(certificatePath);
        foreach (var path in keyPath is null ? [certificatePath] : new[] { certificatePath, keyPath })
        {
            if (!File.Exists(path))
            {
                throw new ArgumentException($"{path}: file does not exist");
            }
        }

        try
        {
            if (keyPath is null)
            {
                return X509CertificateLoader.LoadPkcs12FromFile(certificatePath, passphrase);
            }

            var encrypted = File.ReadAllText(keyPath).Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal);
            var loaded = encrypted
                ? X509Certificate2.CreateFromEncryptedPemFile(certificatePath, passphrase ?? "", keyPath)
                : X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

            // Schannel-independent on Linux, but an exportable copy keeps SslStream happy on every platform.
            using (loaded)
            {
                return X509CertificateLoader.LoadPkcs12(loaded.Export(X509ContentType.Pkcs12), null);
            }
        }
        catch (CryptographicException ex)
        {
            throw new ArgumentException($"{keyPath ?? certificatePath}: not a usable client certificate and key ({ex.Message})", ex);
        }
    }
}
