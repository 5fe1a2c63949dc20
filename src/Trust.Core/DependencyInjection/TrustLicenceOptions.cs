using Trust.Core.Licences;

namespace Trust.Core.DependencyInjection;

/// <summary>
/// What <see cref="Microsoft.Extensions.DependencyInjection.TrustServiceCollectionExtensions.AddTrustLicences"/> builds
/// licences from: the department's issuer (key, certificate chain, status list). The verifier's trust anchors, the
/// catalog and the clock come from <see cref="TrustVerificationOptions"/> (<c>AddTrustVerification</c>). Validated
/// when first used and, under a generic host, on start.
/// </summary>
public sealed class TrustLicenceOptions
{
    /// <summary>
    /// The issuing department: its code, licence-issuer key, certificate chain (leaf first) and status list. Null: the
    /// container verifies licences but cannot issue them (no <see cref="LicenceIssuer"/> is registered).
    /// </summary>
    public LicenceIssuerOptions? Issuer { get; set; }
}
