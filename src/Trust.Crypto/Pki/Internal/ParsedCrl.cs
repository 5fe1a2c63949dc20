using System.Formats.Asn1;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Trust.Core.Pki.Internal;

/// <summary>The fields of an X.509 v2 CRL (RFC 5280 section 5.1) that revocation checking needs.</summary>
internal sealed class ParsedCrl
{
    /// <summary>Largest CRL accepted.</summary>
    internal const int MaxLength = 16 * 1024 * 1024;

    private ParsedCrl()
    {
    }

    internal required byte[] Der { get; init; }

    internal required byte[] Tbs { get; init; }

    internal required AlgorithmIdentifier SignatureAlgorithm { get; init; }

    internal required byte[] Signature { get; init; }

    internal required X509Name Issuer { get; init; }

    internal required DateTimeOffset ThisUpdate { get; init; }

    internal required DateTimeOffset? NextUpdate { get; init; }

    internal required byte[]? AuthorityKeyIdentifier { get; init; }

    /// <summary>Revoked serials (upper-case hex) and their revocation dates.</summary>
    internal required IReadOnlyDictionary<string, DateTimeOffset> Revoked { get; init; }

    /// <summary>Parses a DER CRL.</summary>
    /// <exception cref="TrustFormatException">The bytes are not a DER X.509 CRL.</exception>
    internal static ParsedCrl Parse(byte[] der)
    {
        if (der.Length == 0 || der.Length > MaxLength)
        {
            throw new TrustFormatException("crl", $"length {der.Length} is outside 1..{MaxLength} bytes");
        }

        // BouncyCastle's parser recurses per nesting level: bound the nesting first (no stack overflow on hostile bytes).
        Trust.Core.Encoding.DerNesting.Check(der, "crl");
        try
        {
            // RFC 5280 section 5.1: CertificateList ::= SEQUENCE { tbsCertList, signatureAlgorithm, signatureValue }.
            var reader = new AsnReader(der, AsnEncodingRules.DER);
            var outer = reader.ReadSequence();
            if (reader.HasData)
            {
                throw new TrustFormatException("crl", "trailing bytes after the CRL");
            }

            var tbs = outer.ReadEncodedValue().ToArray();
            var algorithm = AlgorithmIdentifier.GetInstance(Asn1Object.FromByteArray(outer.ReadEncodedValue().ToArray()));
            var signature = outer.ReadBitString(out var unused);
            if (unused != 0 || outer.HasData)
            {
                throw new TrustFormatException("crl.signatureValue", "malformed signature bit string");
            }

            var list = TbsCertificateList.GetInstance(Asn1Object.FromByteArray(tbs));
            if (!algorithm.Equals(list.Signature))
            {
                throw new TrustFormatException("crl.signatureAlgorithm", "differs from tbsCertList.signature");
            }

            var revoked = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var entry in list.GetRevokedCertificates())
            {
                var serial = entry.UserCertificate.Value.ToString(16).ToUpperInvariant();
                var date = Utc(entry.RevocationDate.ToDateTime());
                if (!revoked.TryGetValue(serial, out var existing) || date < existing)
                {
                    revoked[serial] = date;
                }
            }

            var extensions = list.Extensions;
            return new ParsedCrl
            {
                Der = der,
                Tbs = tbs,
                SignatureAlgorithm = algorithm,
                Signature = signature,
                Issuer = list.Issuer,
                ThisUpdate = Utc(list.ThisUpdate.ToDateTime()),
                NextUpdate = list.NextUpdate is { } next ? Utc(next.ToDateTime()) : null,
                AuthorityKeyIdentifier = extensions is null ? null : Org.BouncyCastle.Asn1.X509.AuthorityKeyIdentifier.FromExtensions(extensions)?.KeyIdentifier?.GetOctets(),
                Revoked = revoked,
            };
        }
        catch (TrustFormatException)
        {
            throw;
        }

        // BouncyCastle reports malformed structures with several exception types; all mean "not a CRL".
        catch (Exception ex)
        {
            throw new TrustFormatException("crl", "not a DER X.509 CRL", innerException: ex);
        }
    }

    /// <summary>BouncyCastle returns UTC times; never let an unspecified kind be read as local time.</summary>
    private static DateTimeOffset Utc(DateTime value) =>
        new(value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
