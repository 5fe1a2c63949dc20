namespace Trust.Core.Pki;

/// <summary>
/// The certificate profile of each <see cref="SignerRole"/>: an extended key usage OID under this service's
/// arc, and the subject alternative name URIs (RFC 5280 section 4.2.1.6) that bind a certificate to a
/// department and to the licence kinds it may issue.
/// </summary>
/// <remarks>
/// <para>The arc is a UUID OID (ITU-T X.667, <c>2.25.</c> followed by the UUID
/// <c>214dde8e-4233-46d0-ab57-38ba621c69aa</c> as an integer); <c>.1.N</c> below it are the roles.</para>
/// <para>Profiles: licence issuer = EKU <see cref="LicenceIssuerOid"/>, one <see cref="DepartmentUriPrefix"/>
/// URI and one <see cref="LicenceKindUriPrefix"/> URI per catalog department kind it issues for; grant issuer =
/// <see cref="GrantIssuerOid"/>; status-list signer = <see cref="StatusListSignerOid"/> and a department URI;
/// seal maker = <see cref="SealMakerOid"/>; seal signer = <see cref="SealSignerOid"/> and a department URI.
/// Key usage digitalSignature (seal roles: or nonRepudiation) is checked by the chain validation. A certificate
/// with anyExtendedKeyUsage or no EKU extension has no role.</para>
/// </remarks>
public static class SignerRoles
{
    /// <summary>This service's OID arc.</summary>
    public const string Arc = "2.25.44268844684828493509524623886745627050";

    /// <summary>EKU of <see cref="SignerRole.LicenceIssuer"/>.</summary>
    public const string LicenceIssuerOid = Arc + ".1.1";

    /// <summary>EKU of <see cref="SignerRole.GrantIssuer"/>.</summary>
    public const string GrantIssuerOid = Arc + ".1.2";

    /// <summary>EKU of <see cref="SignerRole.StatusListSigner"/>.</summary>
    public const string StatusListSignerOid = Arc + ".1.3";

    /// <summary>EKU of <see cref="SignerRole.SealMaker"/>.</summary>
    public const string SealMakerOid = Arc + ".1.4";

    /// <summary>EKU of <see cref="SignerRole.SealSigner"/>.</summary>
    public const string SealSignerOid = Arc + ".1.5";

    /// <summary>EKU of <see cref="SignerRole.TimestampAuthority"/>: id-kp-timeStamping (RFC 5280 section 4.2.1.12, RFC 3161 section 2.3), not under this service's arc.</summary>
    public const string TimeStampingOid = "1.3.6.1.5.5.7.3.8";

    /// <summary>SAN URI prefix naming the certificate's department (<c>urn:trust:dept:PSB-01</c>).</summary>
    public const string DepartmentUriPrefix = "urn:trust:dept:";

    /// <summary>SAN URI prefix naming a catalog department kind whose licence types the certificate may issue (<c>urn:trust:licence-kind:MCA</c>).</summary>
    public const string LicenceKindUriPrefix = "urn:trust:licence-kind:";

    /// <summary>The EKU OID of <paramref name="role"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Unknown role.</exception>
    public static string OidOf(SignerRole role) => role switch
    {
        SignerRole.LicenceIssuer => LicenceIssuerOid,
        SignerRole.GrantIssuer => GrantIssuerOid,
        SignerRole.StatusListSigner => StatusListSignerOid,
        SignerRole.SealMaker => SealMakerOid,
        SignerRole.SealSigner => SealSignerOid,
        SignerRole.TimestampAuthority => TimeStampingOid,
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    /// <summary>The role's name in reason codes (<c>licence_issuer</c>, <c>grant_issuer</c>, <c>status_list_signer</c>, <c>seal_maker</c>, <c>seal_signer</c>, <c>timestamp_authority</c>).</summary>
    public static string NameOf(SignerRole role) => role switch
    {
        SignerRole.LicenceIssuer => "licence_issuer",
        SignerRole.GrantIssuer => "grant_issuer",
        SignerRole.StatusListSigner => "status_list_signer",
        SignerRole.SealMaker => "seal_maker",
        SignerRole.SealSigner => "seal_signer",
        SignerRole.TimestampAuthority => "timestamp_authority",
        _ => "unknown",
    };
}
