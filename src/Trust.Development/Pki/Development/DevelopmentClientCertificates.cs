using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Keys;

namespace Trust.Core.Pki.Development;

/// <summary>
/// Issues TLS client certificates for mutual TLS from a development PKI's RSA issuing CA: ECDSA
/// P-256 keys, extended key usage clientAuth, and the caller's roles and departments as subject
/// alternative name URIs <c>urn:trust:role:ROLE</c> and <c>urn:trust:dept:CODE</c> (RFC 5280
/// section 4.2.1.6), which the server maps to the same claims as a bearer token. DEVELOPMENT ONLY.
/// </summary>
public static partial class DevelopmentClientCertificates
{
    /// <summary>SAN URI prefix naming a role.</summary>
    public const string RoleUriPrefix = "urn:trust:role:";

    /// <summary>SAN URI prefix naming a department.</summary>
    public const string DepartmentUriPrefix = "urn:trust:dept:";

    private const string IssuingCa = "rsa-issuing";

    /// <summary>
    /// Issues a client certificate and writes <c>STEM.pem</c> (the certificate followed by the
    /// issuing CA) and <c>STEM.key.pem</c> (the key, encrypted with the PKI passphrase, mode 0600).
    /// </summary>
    /// <param name="pkiDirectory">The development PKI folder.</param>
    /// <param name="outputStem">Path without extension of the files to write.</param>
    /// <param name="commonName">Subject common name: the caller's name in logs and the audit log.</param>
    /// <param name="roles">Roles (lower-case names).</param>
    /// <param name="departments">Department codes that scope issuer and sealer.</param>
    /// <param name="lifetime">Validity (default one year).</param>
    /// <returns>The path of the certificate file.</returns>
    /// <exception cref="TrustFormatException">A name, role or department is not acceptable.</exception>
    /// <exception cref="TrustException">The folder holds no development PKI.</exception>
    public static string Issue(string pkiDirectory, string outputStem, string commonName, IEnumerable<string> roles, IEnumerable<string> departments, TimeSpan? lifetime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(pkiDirectory);
        ArgumentException.ThrowIfNullOrEmpty(outputStem);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(departments);
        if (string.IsNullOrWhiteSpace(commonName) || commonName.Length > 64)
        {
            throw new TrustFormatException("common_name", "required, at most 64 characters");
        }

        var manifest = DevelopmentPkiManifest.Load(pkiDirectory);
        var authority = manifest.FindAuthority(IssuingCa) ?? throw new TrustException($"'{pkiDirectory}' has no {IssuingCa} CA.");
        var passphrase = DevelopmentPki.ResolvePassphrase();
        using var caKey = PrivateKeyPem.LoadFile(Path.Combine(pkiDirectory, authority.Key), passphrase, out _);
        var caCert = CertificatePem.LoadFile(Path.Combine(pkiDirectory, authority.Certificate))[0];

        using var key = EcdsaSigningKey.Generate();
        var now = DateTimeOffset.UtcNow;
        var builder = new CertificateBuilder(new CertificateSubject(commonName, DevelopmentPkiGenerator.Organization, "TLS Client"), key.PublicKey)
        {
            NotBefore = now.AddMinutes(-5),
            NotAfter = now + (lifetime ?? TimeSpan.FromDays(365)),
            KeyUsage = X509KeyUsageFlags.DigitalSignature,
        };
        builder.ExtendedKeyUsages.Add(CertificateBuilder.ClientAuthOid);
        foreach (var role in roles)
        {
            if (!RolePattern().IsMatch(role))
            {
                throw new TrustFormatException("role", $"'{role}' is not a role name (lower-case letters)");
            }

            builder.UniformResourceIdentifiers.Add(RoleUriPrefix + role);
        }

        foreach (var department in departments)
        {
            if (!DepartmentPattern().IsMatch(department))
            {
                throw new TrustFormatException("department", $"'{department}' is not a department code");
            }

            builder.UniformResourceIdentifiers.Add(DepartmentUriPrefix + department);
        }

        var cert = builder.Sign(caCert, caKey);
        var certPath = outputStem + ".pem";
        var directory = Path.GetDirectoryName(Path.GetFullPath(certPath));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(certPath, CertificatePem.Export(cert) + CertificatePem.Export(caCert));
        DevelopmentPki.WritePrivate(outputStem + ".key.pem", PrivateKeyPem.ExportEncrypted(key, passphrase, Math.Max(manifest.Pbkdf2Iterations, 1000)));
        return certPath;
    }

    [GeneratedRegex("^[a-z]{1,32}$")]
    private static partial Regex RolePattern();

    [GeneratedRegex("^[A-Z0-9][A-Z0-9-]{0,31}$")]
    private static partial Regex DepartmentPattern();
}
