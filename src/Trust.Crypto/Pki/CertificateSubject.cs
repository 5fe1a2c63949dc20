using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Trust.Core.Pki;

/// <summary>
/// A certificate subject or issuer name: C, O, OU, CN (RFC 5280 section 4.1.2.6). Country is a
/// PrintableString; the other attributes are UTF8String, so Chinese names survive intact.
/// </summary>
/// <param name="CommonName">CN, required.</param>
/// <param name="Organization">O, optional.</param>
/// <param name="OrganizationalUnit">OU, optional.</param>
/// <param name="Country">C, two letters (default <c>CN</c>); null to omit.</param>
public sealed record CertificateSubject(string CommonName, string? Organization = null, string? OrganizationalUnit = null, string? Country = "CN")
{
    /// <summary>The name as RFC 4514-like text, most significant attribute first (<c>C=CN,O=...,CN=...</c>).</summary>
    public override string ToString() => ToX509Name().ToString();

    internal X509Name ToX509Name()
    {
        if (string.IsNullOrWhiteSpace(CommonName))
        {
            throw new TrustFormatException("subject.CN", "the common name must not be empty");
        }

        var oids = new List<DerObjectIdentifier>();
        var values = new List<string>();
        if (Country is not null)
        {
            if (Country.Length != 2 || !Country.All(char.IsAsciiLetterUpper))
            {
                throw new TrustFormatException("subject.C", "the country must be two upper-case letters (ISO 3166)");
            }

            oids.Add(X509Name.C);
            values.Add(Country);
        }

        AddIfPresent(oids, values, X509Name.O, Organization);
        AddIfPresent(oids, values, X509Name.OU, OrganizationalUnit);
        oids.Add(X509Name.CN);
        values.Add(CommonName);
        return new X509Name(oids, values);
    }

    private static void AddIfPresent(List<DerObjectIdentifier> oids, List<string> values, DerObjectIdentifier oid, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            oids.Add(oid);
            values.Add(value);
        }
    }
}
