using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using Trust.Core.Crypto;
using Trust.Core.Pki.Internal;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Trust.Core.Pki;

/// <summary>
/// Issues X.509 v3 certificates (RFC 5280) for SM2 (signature SM2-with-SM3, GM/T 0015), RSA
/// (sha256WithRSAEncryption) and ECDSA P-256 subject keys. The issuer signs through a
/// <see cref="SigningKey"/>, so a key held in an HSM can issue as well.
/// </summary>
/// <remarks>
/// Set the properties, then call <see cref="SelfSign"/> for a root CA or <see cref="Sign"/>
/// with the issuer's certificate and key. Extensions written: basic constraints (critical),
/// key usage (critical), extended key usage, subject and authority key identifiers
/// (RFC 5280 section 4.2.1.2 method 1: SHA-1 of the subject public key bits) and subject
/// alternative names when given.
/// </remarks>
public sealed class CertificateBuilder
{
    /// <summary>id-kp-serverAuth (RFC 5280 section 4.2.1.12).</summary>
    public const string ServerAuthOid = "1.3.6.1.5.5.7.3.1";

    /// <summary>id-kp-clientAuth (RFC 5280 section 4.2.1.12).</summary>
    public const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    /// <summary>Creates a builder for a certificate binding <paramref name="subject"/> to <paramref name="subjectKey"/>.</summary>
    public CertificateBuilder(CertificateSubject subject, VerificationKey subjectKey)
    {
        Subject = subject ?? throw new ArgumentNullException(nameof(subject));
        SubjectKey = subjectKey ?? throw new ArgumentNullException(nameof(subjectKey));
    }

    /// <summary>The subject name.</summary>
    public CertificateSubject Subject { get; }

    /// <summary>The subject's public key.</summary>
    public VerificationKey SubjectKey { get; }

    /// <summary>Serial number (positive, big-endian); null for a random 16-byte serial.</summary>
    public byte[]? SerialNumber { get; set; }

    /// <summary>Start of validity (default: now minus 5 minutes, for clock skew).</summary>
    public DateTimeOffset NotBefore { get; set; } = DateTimeOffset.UtcNow.AddMinutes(-5);

    /// <summary>End of validity (default: one year from now).</summary>
    public DateTimeOffset NotAfter { get; set; } = DateTimeOffset.UtcNow.AddYears(1);

    /// <summary>Whether the subject is a CA (basic constraints cA).</summary>
    public bool IsCertificateAuthority { get; set; }

    /// <summary>pathLenConstraint for a CA; null for none.</summary>
    public int? PathLength { get; set; }

    /// <summary>Key usage bits (default: digital signature).</summary>
    public X509KeyUsageFlags KeyUsage { get; set; } = X509KeyUsageFlags.DigitalSignature;

    /// <summary>Extended key usage OIDs (for example <see cref="ServerAuthOid"/>); empty to omit the extension.</summary>
    public IList<string> ExtendedKeyUsages { get; } = new List<string>();

    /// <summary>
    /// Whether the extended key usage extension is marked critical. Set by <see cref="WithSignerRole"/> for
    /// <see cref="SignerRole.TimestampAuthority"/> (RFC 3161 section 2.3 requires a critical id-kp-timeStamping).
    /// </summary>
    public bool ExtendedKeyUsageCritical { get; set; }

    /// <summary>DNS names for the subject alternative name extension.</summary>
    public IList<string> DnsNames { get; } = new List<string>();

    /// <summary>IP addresses for the subject alternative name extension.</summary>
    public IList<IPAddress> IpAddresses { get; } = new List<IPAddress>();

    /// <summary>Subject alternative name URIs (RFC 5280 section 4.2.1.6 uniformResourceIdentifier), for example <c>urn:trust:role:verifier</c>.</summary>
    public IList<string> UniformResourceIdentifiers { get; } = new List<string>();

    /// <summary>
    /// Gives the certificate the profile of a signer role (<see cref="SignerRoles"/>): the role's extended key usage,
    /// the department it speaks for and, for a licence issuer, the catalog department kinds whose licence types it may
    /// issue. May be called once per role; the department and kinds are added once.
    /// </summary>
    /// <returns>This builder.</returns>
    public CertificateBuilder WithSignerRole(SignerRole role, string? department = null, IEnumerable<string>? licenceKinds = null)
    {
        ExtendedKeyUsages.Add(SignerRoles.OidOf(role));
        ExtendedKeyUsageCritical |= role == SignerRole.TimestampAuthority;
        if (department is not null && !UniformResourceIdentifiers.Contains(SignerRoles.DepartmentUriPrefix + department))
        {
            UniformResourceIdentifiers.Add(SignerRoles.DepartmentUriPrefix + department);
        }

        foreach (var kind in licenceKinds ?? [])
        {
            if (!UniformResourceIdentifiers.Contains(SignerRoles.LicenceKindUriPrefix + kind))
            {
                UniformResourceIdentifiers.Add(SignerRoles.LicenceKindUriPrefix + kind);
            }
        }

        return this;
    }

    /// <summary>Issues a self-signed certificate (a root CA) signed by <paramref name="key"/>, which must match <see cref="SubjectKey"/>.</summary>
    /// <returns>The DER certificate.</returns>
    /// <exception cref="TrustKeyException">The key does not match the subject key or cannot sign.</exception>
    public byte[] SelfSign(SigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.PublicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(SubjectKey.ExportSubjectPublicKeyInfo()))
        {
            throw new TrustKeyException("A self-signed certificate must be signed by the subject's own key.");
        }

        var subjectName = Subject.ToX509Name();
        return Build(subjectName, SubjectKeyIdentifierOf(SubjectKey), key);
    }

    /// <summary>Issues a certificate signed by the CA <paramref name="issuerCertificateDer"/> with its key <paramref name="issuerKey"/>.</summary>
    /// <returns>The DER certificate.</returns>
    /// <exception cref="TrustFormatException">The issuer certificate cannot be parsed.</exception>
    /// <exception cref="TrustKeyException">The issuer key does not match the issuer certificate or cannot sign.</exception>
    public byte[] Sign(ReadOnlySpan<byte> issuerCertificateDer, SigningKey issuerKey)
    {
        ArgumentNullException.ThrowIfNull(issuerKey);
        var issuer = ParsedCertificate.Parse(issuerCertificateDer.ToArray());
        if (!issuer.SubjectPublicKeyInfo.AsSpan().SequenceEqual(issuerKey.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new TrustKeyException("The issuer key does not match the issuer certificate.");
        }

        return Build(issuer.Subject, issuer.SubjectKeyIdentifier ?? SubjectKeyIdentifierOf(issuerKey.PublicKey), issuerKey);
    }

    private byte[] Build(X509Name issuer, byte[] authorityKeyId, SigningKey issuerKey)
    {
        if (NotAfter <= NotBefore)
        {
            throw new TrustFormatException("validity", "notAfter must be later than notBefore");
        }

        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(Serial());
        generator.SetIssuerDN(issuer);
        generator.SetSubjectDN(Subject.ToX509Name());
        generator.SetNotBefore(Truncate(NotBefore));
        generator.SetNotAfter(Truncate(NotAfter));
        generator.SetSubjectPublicKeyInfo(SubjectPublicKeyInfo.GetInstance(SubjectKey.ExportSubjectPublicKeyInfo()));

        var basic = IsCertificateAuthority
            ? (PathLength is { } length ? new BasicConstraints(length) : new BasicConstraints(true))
            : new BasicConstraints(false);
        generator.AddExtension(X509Extensions.BasicConstraints, true, basic);
        generator.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage((int)KeyUsage));
        if (ExtendedKeyUsages.Count > 0)
        {
            var purposes = ExtendedKeyUsages.Select(oid => (DerObjectIdentifier)new DerObjectIdentifier(oid)).ToArray();
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, ExtendedKeyUsageCritical, new ExtendedKeyUsage(purposes));
        }

        generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false, new SubjectKeyIdentifier(SubjectKeyIdentifierOf(SubjectKey)));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(authorityKeyId));
        if (DnsNames.Count > 0 || IpAddresses.Count > 0 || UniformResourceIdentifiers.Count > 0)
        {
            var names = DnsNames.Select(n => new GeneralName(GeneralName.DnsName, n))
                .Concat(IpAddresses.Select(ip => new GeneralName(GeneralName.IPAddress, ip.ToString())))
                .Concat(UniformResourceIdentifiers.Select(uri => new GeneralName(GeneralName.UniformResourceIdentifier, uri)))
                .ToArray();
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(names));
        }

        try
        {
            return generator.Generate(new SigningKeySignatureFactory(issuerKey)).GetEncoded();
        }
        catch (CryptographicException ex)
        {
            throw new TrustKeyException("The issuer key failed to sign the certificate.", ex);
        }
    }

    private BcBigInteger Serial()
    {
        if (SerialNumber is { Length: > 0 } given)
        {
            var value = new BcBigInteger(1, given);
            if (value.SignValue <= 0 || given.Length > 20)
            {
                throw new TrustFormatException("serialNumber", "the serial must be positive and at most 20 bytes (RFC 5280 section 4.1.2.2)");
            }

            return value;
        }

        Span<byte> random = stackalloc byte[16];
        RandomNumberGenerator.Fill(random);
        random[0] &= 0x7F;
        random[0] |= 0x01;
        return new BcBigInteger(1, random.ToArray());
    }

    /// <summary>SHA-1 of the subjectPublicKey BIT STRING contents (RFC 5280 section 4.2.1.2, method 1).</summary>
    internal static byte[] SubjectKeyIdentifierOf(VerificationKey key)
    {
        var spki = SubjectPublicKeyInfo.GetInstance(key.ExportSubjectPublicKeyInfo());
#pragma warning disable CA5350 // SHA-1 is what RFC 5280 specifies for key identifiers; not a security use.
        return SHA1.HashData(spki.PublicKey.GetBytes());
#pragma warning restore CA5350
    }

    private static DateTime Truncate(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return new DateTime(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }
}
