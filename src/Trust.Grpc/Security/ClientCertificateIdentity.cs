using System.Formats.Asn1;
using System.Security.Claims;
using System.Security.Cryptography.X509Certificates;

namespace Trust.Grpc.Security;

/// <summary>
/// Maps a validated client certificate to the caller's claims: the subject common name becomes
/// <see cref="TrustClaims.Subject"/>; subject alternative name URIs (RFC 5280 section 4.2.1.6,
/// GeneralName <c>uniformResourceIdentifier [6]</c>) of the form <c>urn:trust:role:ROLE</c> and
/// <c>urn:trust:dept:CODE</c> become role and department claims. Other names are ignored.
/// </summary>
internal static class ClientCertificateIdentity
{
    private const string SubjectAlternativeNameOid = "2.5.29.17";
    private const int MaxNames = 64;

    /// <summary>The claims of <paramref name="certificate"/>.</summary>
    public static List<Claim> ClaimsOf(X509Certificate2 certificate, string issuer)
    {
        var claims = new List<Claim>();
        var name = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        claims.Add(new Claim(TrustClaims.Subject, string.IsNullOrEmpty(name) ? certificate.Thumbprint : name, ClaimValueTypes.String, issuer));
        foreach (var uri in UrisOf(certificate))
        {
            if (uri.StartsWith(TrustClaims.RoleUriPrefix, StringComparison.Ordinal))
            {
                var role = uri[TrustClaims.RoleUriPrefix.Length..];
                if (TrustRoles.All.Contains(role))
                {
                    claims.Add(new Claim(TrustClaims.Role, role, ClaimValueTypes.String, issuer));
                }
            }
            else if (uri.StartsWith(TrustClaims.DepartmentUriPrefix, StringComparison.Ordinal))
            {
                claims.Add(new Claim(TrustClaims.Department, uri[TrustClaims.DepartmentUriPrefix.Length..], ClaimValueTypes.String, issuer));
            }
        }

        return claims;
    }

    /// <summary>The URI entries of the subject alternative name extension; empty when absent or malformed.</summary>
    internal static List<string> UrisOf(X509Certificate2 certificate)
    {
        var result = new List<string>();
        var extension = certificate.Extensions[SubjectAlternativeNameOid];
        if (extension is null)
        {
            return result;
        }

        try
        {
            var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
            var names = reader.ReadSequence();
            var uriTag = new Asn1Tag(TagClass.ContextSpecific, 6);
            while (names.HasData && result.Count < MaxNames)
            {
                var tag = names.PeekTag();
                if (tag.HasSameClassAndValue(uriTag))
                {
                    result.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, uriTag));
                }
                else
                {
                    names.ReadEncodedValue();
                }
            }
        }
        catch (AsnContentException)
        {
            return [];
        }

        return result;
    }
}
