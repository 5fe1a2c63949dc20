using System.Formats.Asn1;
using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Trust.Core.Pki.Internal;

/// <summary>
/// The fields of an X.509 certificate (RFC 5280 section 4.1) that path validation needs. The
/// TBSCertificate bytes are kept exactly as received: signatures are checked over them, never
/// over a re-encoding.
/// </summary>
internal sealed class ParsedCertificate
{
    /// <summary>Largest certificate accepted.</summary>
    internal const int MaxLength = 64 * 1024;

    private static readonly HashSet<string> KnownExtensions =
    [
        X509Extensions.BasicConstraints.Id,
        X509Extensions.KeyUsage.Id,
        X509Extensions.ExtendedKeyUsage.Id,
        X509Extensions.SubjectKeyIdentifier.Id,
        X509Extensions.AuthorityKeyIdentifier.Id,
        X509Extensions.SubjectAlternativeName.Id,
        X509Extensions.CertificatePolicies.Id,
        X509Extensions.CrlDistributionPoints.Id,
        X509Extensions.AuthorityInfoAccess.Id,
    ];

    private ParsedCertificate()
    {
    }

    internal required byte[] Der { get; init; }

    internal required byte[] Tbs { get; init; }

    internal required AlgorithmIdentifier SignatureAlgorithm { get; init; }

    internal required byte[] Signature { get; init; }

    internal required X509Name Subject { get; init; }

    internal required X509Name Issuer { get; init; }

    internal required Org.BouncyCastle.Math.BigInteger Serial { get; init; }

    internal required DateTimeOffset NotBefore { get; init; }

    internal required DateTimeOffset NotAfter { get; init; }

    internal required byte[] SubjectPublicKeyInfo { get; init; }

    internal required bool IsCa { get; init; }

    internal required int? PathLength { get; init; }

    /// <summary>Key usage bits as in X509KeyUsageFlags; null when the extension is absent.</summary>
    internal required int? KeyUsage { get; init; }

    /// <summary>Extended key usage OIDs; null when the extension is absent.</summary>
    internal required IReadOnlyList<string>? ExtendedKeyUsages { get; init; }

    /// <summary>Whether the extended key usage extension is marked critical.</summary>
    internal bool ExtendedKeyUsageCritical { get; init; }

    internal required byte[]? SubjectKeyIdentifier { get; init; }

    internal required byte[]? AuthorityKeyIdentifier { get; init; }

    /// <summary>Subject alternative name URIs (RFC 5280 section 4.2.1.6); empty when there are none.</summary>
    internal IReadOnlyList<string> SubjectAlternativeUris { get; init; } = [];

    /// <summary>OID of a critical extension this validator does not understand, if any (RFC 5280 section 4.2).</summary>
    internal required string? UnknownCriticalExtension { get; init; }

    internal string SubjectText => Subject.ToString();

    internal string SerialHex => Serial.ToString(16).ToUpperInvariant();

    internal bool IsSelfIssued => Subject.Equivalent(Issuer, true);

    /// <summary>SHA-256 of the DER, to recognise the same certificate.</summary>
    internal string Fingerprint => Convert.ToHexString(SHA256.HashData(Der));

    /// <summary>Parses a DER certificate.</summary>
    /// <exception cref="TrustFormatException">The bytes are not a DER X.509 v3 certificate this code understands.</exception>
    internal static ParsedCertificate Parse(byte[] der)
    {
        if (der.Length == 0 || der.Length > MaxLength)
        {
            throw new TrustFormatException("certificate", $"length {der.Length} is outside 1..{MaxLength} bytes");
        }

        // BouncyCastle's parser recurses per nesting level: bound the nesting first (no stack overflow on hostile bytes).
        Trust.Core.Encoding.DerNesting.Check(der, "certificate");
        try
        {
            // RFC 5280 section 4.1: Certificate ::= SEQUENCE { tbsCertificate, signatureAlgorithm, signatureValue }.
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var outer = reader.ReadSequence();
            if (reader.HasData)
            {
                throw new TrustFormatException("certificate", "trailing bytes after the certificate");
            }

            var tbs = outer.ReadEncodedValue().ToArray();
            var algorithm = outer.ReadEncodedValue().ToArray();
            var signature = outer.ReadBitString(out var unused);
            if (unused != 0 || outer.HasData)
            {
                throw new TrustFormatException("certificate.signatureValue", "malformed signature bit string");
            }

            var structure = TbsCertificateStructure.GetInstance(Asn1Object.FromByteArray(tbs));
            var outerAlgorithm = AlgorithmIdentifier.GetInstance(Asn1Object.FromByteArray(algorithm));
            if (!outerAlgorithm.Equals(structure.Signature))
            {
                // RFC 5280 section 4.1.1.2: the two algorithm fields must be identical.
                throw new TrustFormatException("certificate.signatureAlgorithm", "differs from tbsCertificate.signature");
            }

            var extensions = structure.Extensions;
            var basic = extensions is null ? null : BasicConstraints.FromExtensions(extensions);
            int? keyUsage = extensions?.GetExtension(X509Extensions.KeyUsage) is null ? null : KeyUsageOf(extensions!);
            var eku = extensions is null ? null : ExtendedKeyUsage.FromExtensions(extensions);
            var ski = extensions is null ? null : Org.BouncyCastle.Asn1.X509.SubjectKeyIdentifier.FromExtensions(extensions);
            var aki = extensions is null ? null : Org.BouncyCastle.Asn1.X509.AuthorityKeyIdentifier.FromExtensions(extensions);
            string? unknownCritical = null;
            if (extensions is not null)
            {
                foreach (var oid in extensions.GetCriticalExtensionOids())
                {
                    if (!KnownExtensions.Contains(oid.Id))
                    {
                        unknownCritical = oid.Id;
                        break;
                    }
                }
            }

            return new ParsedCertificate
            {
                Der = der,
                Tbs = tbs,
                SignatureAlgorithm = outerAlgorithm,
                Signature = signature,
                Subject = structure.Subject,
                Issuer = structure.Issuer,
                Serial = structure.SerialNumber.Value,
                NotBefore = Utc(structure.StartDate.ToDateTime()),
                NotAfter = Utc(structure.EndDate.ToDateTime()),
                SubjectPublicKeyInfo = structure.SubjectPublicKeyInfo.GetEncoded(Asn1Encodable.Der),
                IsCa = basic?.IsCA() ?? false,
                PathLength = basic?.PathLenConstraint is { } length ? length.IntValueExact : null,
                KeyUsage = keyUsage,
                ExtendedKeyUsages = eku?.GetAllUsages().Select(o => o.Id).ToArray(),
                ExtendedKeyUsageCritical = extensions?.GetExtension(X509Extensions.ExtendedKeyUsage)?.IsCritical ?? false,
                SubjectKeyIdentifier = ski?.GetKeyIdentifier(),
                AuthorityKeyIdentifier = aki?.KeyIdentifier?.GetOctets(),
                UnknownCriticalExtension = unknownCritical,
                SubjectAlternativeUris = UrisOf(extensions),
            };
        }
        catch (TrustFormatException)
        {
            throw;
        }

        // BouncyCastle reports malformed structures with several exception types; all mean "not a certificate".
        catch (Exception ex)
        {
            throw new TrustFormatException("certificate", "not a DER X.509 certificate", innerException: ex);
        }
    }

    private static string[] UrisOf(X509Extensions? extensions)
    {
        if (extensions?.GetExtension(X509Extensions.SubjectAlternativeName) is null)
        {
            return [];
        }

        var names = GeneralNames.FromExtensions(extensions, X509Extensions.SubjectAlternativeName);
        return names is null
            ? []
            : [.. names.GetNames().Where(n => n.TagNo == GeneralName.UniformResourceIdentifier).Select(n => n.Name.ToString() ?? "")];
    }

    private static int KeyUsageOf(X509Extensions extensions)
    {
        var bits = Org.BouncyCastle.Asn1.X509.KeyUsage.FromExtensions(extensions);
        var bytes = bits.GetBytes();
        var value = bytes.Length > 0 ? bytes[0] : 0;
        if (bytes.Length > 1)
        {
            value |= bytes[1] << 8;
        }

        return value;
    }

    /// <summary>BouncyCastle returns UTC times; never let an unspecified kind be read as local time.</summary>
    private static DateTimeOffset Utc(DateTime value) =>
        new(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
