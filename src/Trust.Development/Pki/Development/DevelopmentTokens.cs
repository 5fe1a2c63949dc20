using System.Buffers.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Keys;

namespace Trust.Core.Pki.Development;

/// <summary>
/// Development bearer tokens: JWTs (RFC 7519) in JWS compact form (RFC 7515 section 7.1) signed
/// with ES256 (RFC 7518 section 3.4, ECDSA P-256 with SHA-256, signature as raw r‖s) by the
/// development token-signing key <c>keys/token-signing.key.pem</c> of a development PKI. The key
/// is created on first use, encrypted with the PKI passphrase like every other development key;
/// its public half is written next to it as <c>keys/token-signing.pub.pem</c>. The server accepts
/// these tokens in development mode only. DEVELOPMENT MATERIAL ONLY.
/// </summary>
public static partial class DevelopmentTokens
{
    /// <summary>The <c>iss</c> of development tokens.</summary>
    public const string Issuer = "urn:trust:development";

    /// <summary>The <c>aud</c> the server expects by default.</summary>
    public const string Audience = "trust";

    /// <summary>Manifest path of the encrypted private key.</summary>
    public const string SigningKeyPath = "keys/token-signing.key.pem";

    /// <summary>Manifest path of the public key (SubjectPublicKeyInfo PEM).</summary>
    public const string PublicKeyPath = "keys/token-signing.pub.pem";

    /// <summary>
    /// Returns the development token-signing key of the PKI in <paramref name="pkiDirectory"/>,
    /// creating it (and its public key file) when missing. Safe when several processes race: the
    /// first file to land wins and everyone uses it.
    /// </summary>
    /// <exception cref="TrustException">The folder holds no development PKI.</exception>
    /// <exception cref="TrustKeyException">The key file exists but cannot be decrypted with the passphrase.</exception>
    public static SigningKey LoadOrCreateSigningKey(string pkiDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(pkiDirectory);
        var manifestPath = Path.Combine(pkiDirectory, DevelopmentPki.ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            throw new TrustException($"'{pkiDirectory}' holds no development PKI ({DevelopmentPki.ManifestFileName} is missing).");
        }

        var passphrase = DevelopmentPki.ResolvePassphrase();
        var keyFile = Path.Combine(pkiDirectory, SigningKeyPath);
        if (!File.Exists(keyFile))
        {
            var iterations = DevelopmentPkiManifest.Load(pkiDirectory).Pbkdf2Iterations;
            using var fresh = EcdsaSigningKey.Generate();
            var temporary = keyFile + "." + Guid.NewGuid().ToString("N") + ".tmp";
            DevelopmentPki.WritePrivate(temporary, PrivateKeyPem.ExportEncrypted(fresh, passphrase, Math.Max(iterations, 1000)));
            try
            {
                File.Move(temporary, keyFile, overwrite: false);
            }
            catch (IOException) when (File.Exists(keyFile))
            {
                // Another process created it first: use theirs.
            }
            finally
            {
                File.Delete(temporary);
            }
        }

        var key = PrivateKeyPem.LoadFile(keyFile, passphrase, out _);
        WritePublicKeyOnce(Path.Combine(pkiDirectory, PublicKeyPath), PublicKeyPem.Export(key.PublicKey));
        return key;
    }

    /// <summary>Mints a development token with the PKI's token-signing key (created when missing).</summary>
    /// <returns>The token in JWS compact serialisation.</returns>
    /// <exception cref="TrustFormatException">The request is not acceptable (the field is named).</exception>
    public static string Mint(string pkiDirectory, DevelopmentTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        using var key = LoadOrCreateSigningKey(pkiDirectory);
        return Mint(key, request);
    }

    /// <summary>Mints a token with <paramref name="key"/> (ECDSA P-256; ES256).</summary>
    /// <exception cref="TrustFormatException">The request is not acceptable (the field is named).</exception>
    /// <exception cref="TrustKeyException">The key is not a P-256 key.</exception>
    public static string Mint(SigningKey key, DevelopmentTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);
        if (key.KeyAlgorithm != KeyAlgorithm.EcP256)
        {
            throw new TrustKeyException("Development tokens are signed with ES256: the key must be ECDSA P-256.");
        }

        var now = (request.Now ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds();
        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["alg"] = "ES256", ["typ"] = "JWT", ["kid"] = KeyId(key.PublicKey) });
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["iss"] = request.Issuer,
            ["aud"] = request.Audience,
            ["sub"] = request.Subject,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + (long)request.Lifetime.TotalSeconds,
            ["jti"] = Guid.NewGuid().ToString("N"),
            ["role"] = request.Roles.ToArray(),
            ["dept"] = request.Departments.ToArray(),
        });
        var signingInput = Base64Url.EncodeToString(header) + "." + Base64Url.EncodeToString(payload);
        var der = key.Sign(SignatureAlgorithm.EcdsaP256Sha256, System.Text.Encoding.ASCII.GetBytes(signingInput));
        var raw = EcSignatureEncoding.DerToRaw(der) ?? throw new TrustKeyException("The key produced a malformed ECDSA signature.");
        return signingInput + "." + Base64Url.EncodeToString(raw);
    }

    /// <summary>The <c>kid</c> of a key: base64url of the first 16 bytes of SHA-256 over its SubjectPublicKeyInfo.</summary>
    public static string KeyId(VerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var hash = System.Security.Cryptography.SHA256.HashData(key.ExportSubjectPublicKeyInfo());
        return Base64Url.EncodeToString(hash.AsSpan(0, 16));
    }

    private static void Validate(DevelopmentTokenRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Subject) || request.Subject.Length > 128)
        {
            throw new TrustFormatException("subject", "required, at most 128 characters");
        }

        if (request.Roles.Count == 0)
        {
            throw new TrustFormatException("role", "at least one role is required");
        }

        foreach (var role in request.Roles)
        {
            if (!NamePattern().IsMatch(role))
            {
                throw new TrustFormatException("role", $"'{role}' is not a role name (lower-case letters)");
            }
        }

        foreach (var department in request.Departments)
        {
            if (!DepartmentPattern().IsMatch(department))
            {
                throw new TrustFormatException("department", $"'{department}' is not a department code");
            }
        }

        if (request.Lifetime <= TimeSpan.Zero || request.Lifetime > DevelopmentTokenRequest.MaxLifetime)
        {
            throw new TrustFormatException("lifetime", $"must be positive and at most {DevelopmentTokenRequest.MaxLifetime.TotalMinutes} minutes");
        }

        if (string.IsNullOrWhiteSpace(request.Issuer) || string.IsNullOrWhiteSpace(request.Audience))
        {
            throw new TrustFormatException("issuer", "issuer and audience are required");
        }
    }

    private static void WritePublicKeyOnce(string path, string pem)
    {
        if (File.Exists(path))
        {
            return;
        }

        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, pem);
        try
        {
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Written by another process from the same key.
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    [GeneratedRegex("^[a-z]{1,32}$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,31}$")]
    private static partial Regex DepartmentPattern();
}
