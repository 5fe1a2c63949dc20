namespace Trust.Core.Pki;

/// <summary>
/// What a certificate's key is entitled to sign in this trust service. Each role is an extended key
/// usage (RFC 5280 section 4.2.1.12) of <see cref="SignerRoles"/>; a verifier accepts a signature only
/// from a certificate that carries the role of the artefact, whatever else chains to the trust anchors.
/// </summary>
public enum SignerRole
{
    /// <summary>Signs licences of one department (<c>licence_issuer</c>), and that department's status lists.</summary>
    LicenceIssuer = 0,

    /// <summary>Signs authorisation grants (<c>grant_issuer</c>): the grant service only.</summary>
    GrantIssuer = 1,

    /// <summary>Signs status lists (<c>status_list_signer</c>) of the department it names.</summary>
    StatusListSigner = 2,

    /// <summary>Makes electronic seals: signs <c>SES_Seal</c> structures (<c>seal_maker</c>, GB/T 38540-2020 section 5), the seal-making authority only.</summary>
    SealMaker = 3,

    /// <summary>Uses a department's seals: signs <c>SES_Signature</c>s and sealed PDFs (<c>seal_signer</c>).</summary>
    SealSigner = 4,

    /// <summary>
    /// Issues RFC 3161 time-stamp tokens (<c>timestamp_authority</c>): the extended key usage is the standard
    /// id-kp-timeStamping, alone and critical (RFC 3161 section 2.3), so that any RFC 3161 verifier accepts the tokens.
    /// </summary>
    TimestampAuthority = 5,
}
