using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Status;

namespace Trust.Core.DependencyInjection;

/// <summary>
/// What <see cref="Microsoft.Extensions.DependencyInjection.TrustServiceCollectionExtensions.AddTrustVerification"/>
/// builds the verifiers from: the trust anchors (and optionally intermediates and CRLs) of the certificate validator,
/// the licence status source, the licence catalog, the clock and the verifiers' resource limits. Validated when first
/// used (and on start under a generic host): at least one trust anchor is required, and every limit must be in range.
/// </summary>
public sealed class TrustVerificationOptions
{
    /// <summary>DER certificates of the trusted roots (for example <c>X509Certificate2.RawData</c>); at least one.</summary>
    public IList<byte[]> TrustAnchors { get; } = [];

    /// <summary>DER certificates of intermediate CAs that licences and grants may not carry themselves.</summary>
    public IList<byte[]> Intermediates { get; } = [];

    /// <summary>DER CRLs of the CAs (RFC 5280 section 5); a certificate listed in one is revoked.</summary>
    public IList<byte[]> Crls { get; } = [];

    /// <summary>
    /// Where licence statuses come from. Null: an <see cref="ILicenceStatusSource"/> registered in the container,
    /// else the registered <see cref="Storage.ILicenceStore"/> (through <see cref="StoreStatusSource"/>); with neither,
    /// resolving a verifier throws <see cref="InvalidOperationException"/>.
    /// </summary>
    public ILicenceStatusSource? StatusSource { get; set; }

    /// <summary>The licence catalog; null: <see cref="LicenceCatalog.Default"/>.</summary>
    public LicenceCatalog? Catalog { get; set; }

    /// <summary>The clock; null: <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>The <see cref="LicenceVerifier"/>'s resource limits (default: the format's maxima).</summary>
    public LicenceVerificationLimits LicenceLimits { get; set; } = LicenceVerificationLimits.Default;

    /// <summary>The <see cref="GrantChecker"/>'s size and validity limits (default: the format's values).</summary>
    public GrantVerificationLimits GrantLimits { get; set; } = GrantVerificationLimits.Default;
}
