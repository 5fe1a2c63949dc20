using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Core.Storage;

namespace Trust.Application.Licences;

/// <summary>
/// How both hosts set up the licence issuer of a PKI department: the licence form of its code inside identifiers and
/// payloads (<c>PSB01</c>), its status list (<see cref="DepartmentCode.StatusListId"/>), and an issuer that records each
/// licence with its <c>licence.issue</c> audit entry in one <see cref="IAuditedWriteStore.AddWithAuditAsync"/> call.
/// </summary>
public static class DepartmentLicenceIssuers
{
    /// <summary>The issuer options of a department.</summary>
    /// <param name="departmentCode">The canonical PKI code (<c>PSB-01</c>).</param>
    /// <param name="signingKey">The department's licence-issuer key.</param>
    /// <param name="certificateChain">Its certificate first, then its issuing CA.</param>
    /// <param name="actor">Who issues (recorded in the audit entry).</param>
    /// <exception cref="Trust.Core.TrustFormatException">Not a department code.</exception>
    public static LicenceIssuerOptions Options(string departmentCode, SigningKey signingKey, IReadOnlyList<byte[]> certificateChain, string actor) => new()
    {
        DepartmentCode = DepartmentCode.ToLicenceForm(departmentCode),
        SigningKey = signingKey,
        CertificateChain = certificateChain,
        StatusListId = DepartmentCode.StatusListId(departmentCode),
        Actor = actor,
    };

    /// <summary>
    /// The issuer of a department over <paramref name="store"/>; it checks key, chain and department once here and
    /// may then issue any number of licences.
    /// </summary>
    /// <typeparam name="TStore">A store that allocates counters and writes with audit (the SQLite, PostgreSQL and in-memory stores).</typeparam>
    /// <param name="options">From <see cref="Options"/>.</param>
    /// <param name="store">The store.</param>
    /// <exception cref="Trust.Core.TrustKeyException">The key, chain or entitlement does not fit (see <see cref="LicenceIssuer"/>).</exception>
    public static LicenceIssuer Create<TStore>(LicenceIssuerOptions options, TStore store)
        where TStore : ILicenceStore, IAuditedWriteStore => new(options, store, store);
}
