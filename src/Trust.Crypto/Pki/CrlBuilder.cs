using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;
using Trust.Core.Crypto;
using Trust.Core.Pki.Internal;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Trust.Core.Pki;

/// <summary>
/// Issues X.509 v2 certificate revocation lists (RFC 5280 section 5) signed by a CA's
/// <see cref="SigningKey"/>, with the CRL number and authority key identifier extensions.
/// </summary>
public sealed class CrlBuilder
{
    private readonly List<(BcBigInteger Serial, DateTimeOffset Date)> _entries = [];

    /// <summary>Start of this CRL's validity (default: now).</summary>
    public DateTimeOffset ThisUpdate { get; set; } = DateTimeOffset.UtcNow;

    /// <summary>When the next CRL is due (default: 30 days from now).</summary>
    public DateTimeOffset NextUpdate { get; set; } = DateTimeOffset.UtcNow.AddDays(30);

    /// <summary>The CRL number (RFC 5280 section 5.2.3), monotonically increasing per CA.</summary>
    public long CrlNumber { get; set; } = 1;

    /// <summary>Adds a revoked certificate by serial number (big-endian, as in the certificate).</summary>
    /// <returns>This builder.</returns>
    public CrlBuilder AddRevoked(ReadOnlySpan<byte> serialNumber, DateTimeOffset revocationDate)
    {
        if (serialNumber.IsEmpty || serialNumber.Length > 20)
        {
            throw new TrustFormatException("serialNumber", "a serial is 1 to 20 bytes (RFC 5280 section 4.1.2.2)");
        }

        _entries.Add((new BcBigInteger(1, serialNumber.ToArray()), revocationDate));
        return this;
    }

    /// <summary>Signs the CRL as the CA <paramref name="issuerCertificateDer"/> with its key.</summary>
    /// <returns>The DER CRL.</returns>
    /// <exception cref="TrustFormatException">The issuer certificate cannot be parsed or the dates are inconsistent.</exception>
    /// <exception cref="TrustKeyException">The key does not match the certificate or cannot sign.</exception>
    public byte[] Sign(ReadOnlySpan<byte> issuerCertificateDer, SigningKey issuerKey)
    {
        ArgumentNullException.ThrowIfNull(issuerKey);
        var issuer = ParsedCertificate.Parse(issuerCertificateDer.ToArray());
        if (!issuer.SubjectPublicKeyInfo.AsSpan().SequenceEqual(issuerKey.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new TrustKeyException("The CRL signing key does not match the issuer certificate.");
        }

        if (NextUpdate <= ThisUpdate)
        {
            throw new TrustFormatException("nextUpdate", "must be later than thisUpdate");
        }

        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(issuer.Subject);
        generator.SetThisUpdate(ThisUpdate.UtcDateTime);
        generator.SetNextUpdate(NextUpdate.UtcDateTime);
        foreach (var (serial, date) in _entries)
        {
            generator.AddCrlEntry(serial, date.UtcDateTime, CrlReason.Unspecified);
        }

        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BcBigInteger.ValueOf(CrlNumber)));
        var keyId = issuer.SubjectKeyIdentifier ?? CertificateBuilder.SubjectKeyIdentifierOf(issuerKey.PublicKey);
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false, new AuthorityKeyIdentifier(keyId));
        try
        {
            return generator.Generate(new SigningKeySignatureFactory(issuerKey)).GetEncoded();
        }
        catch (CryptographicException ex)
        {
            throw new TrustKeyException("The CA key failed to sign the CRL.", ex);
        }
    }
}
