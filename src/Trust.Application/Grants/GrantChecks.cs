using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Services;
using Trust.Core.Storage;

namespace Trust.Application.Grants;

/// <summary>
/// The grant checker both hosts use: over one store that holds the grants, the licences and the audit log, a
/// single-use grant is consumed together with its <c>grant.check</c> entry in one transaction
/// (<see cref="IAtomicGrantConsumption"/>).
/// </summary>
public static class GrantChecks
{
    /// <summary>Creates the checker over <paramref name="store"/>.</summary>
    /// <typeparam name="TStore">A store with grants, licences, the audit log and atomic consumption (the SQLite,
    /// PostgreSQL and in-memory stores).</typeparam>
    /// <param name="grantTrust">Trust anchors of the grant-signing certificates.</param>
    /// <param name="store">The store.</param>
    /// <param name="licenceVerifier">Verifies the holder's licences.</param>
    /// <param name="catalog">Service items; <see cref="ServiceCatalog.Default"/> when null.</param>
    /// <param name="timeProvider">Clock; the system clock when null.</param>
    /// <param name="limits">Size and validity limits; <see cref="GrantVerificationLimits.Default"/> when null.</param>
    public static GrantChecker Create<TStore>(ICertificateValidator grantTrust, TStore store, LicenceVerifier licenceVerifier, ServiceCatalog? catalog = null, TimeProvider? timeProvider = null, GrantVerificationLimits? limits = null)
        where TStore : IGrantStore, ILicenceStore, IAuditLog, IAtomicGrantConsumption =>
        new(grantTrust, store, store, licenceVerifier, store, store, catalog, timeProvider, limits);
}
