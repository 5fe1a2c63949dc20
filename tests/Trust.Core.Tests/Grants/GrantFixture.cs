using System.Collections.Concurrent;
using Trust.Core.Crypto;
using Trust.Core.Grants;
using Trust.Core.Identifiers;
using Trust.Core.Licences;
using Trust.Core.Services;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Core.Tests.Licences;

namespace Trust.Core.Tests.Grants;

/// <summary>
/// A licence issuer (ES256) and a grant issuer (its own ES256 PKI) sharing a clock, with in-memory
/// stores, a grant checker over them, and helpers to issue licences for any holder.
/// </summary>
internal sealed class GrantFixture
{
    public const string Person = "330106199003071236";
    public const string Organisation = "91330106MA2B3C4D5D";

    public static readonly ClerkIdentity Clerk = new("clerk-001", "PSB3301");

    public GrantFixture(IGrantStore? grantStore = null, IAuditLog? audit = null, ILicenceStore? licenceView = null, IAtomicGrantConsumption? atomicConsumption = null, IAuditedWriteStore? writes = null)
    {
        Licences = new LicenceFixture(KeyAlgorithm.EcP256);
        GrantPki = GrantPkiShared.Value;
        Grants = grantStore ?? new InMemoryGrantStore();
        Audit = audit ?? Licences.Audit;
        GrantValidator = new TestCertificateValidator(GrantPki.Root);
        Writes = writes ?? new SplitAuditedWrites(Licences.Store, Audit, Grants);
        AtomicConsumption = atomicConsumption;
        Issuer = new GrantIssuer(new GrantIssuerOptions { SigningKey = GrantPki.LeafKey, CertificateChain = GrantPki.Chain }, Writes, timeProvider: Clock);
        Checker = NewChecker(licenceView ?? Licences.Store);
    }

    private static readonly Lazy<TestIssuerPki> GrantPkiShared = new(() => TestIssuerPki.CreateFresh(KeyAlgorithm.EcP256, TestProfile.GrantIssuer));

    public LicenceFixture Licences { get; }

    public TestIssuerPki GrantPki { get; }

    public IGrantStore Grants { get; }

    public IAuditLog Audit { get; }

    /// <summary>The issuers' audited writes: the given store, or over <see cref="Grants"/>, the licence store and <see cref="Audit"/> (two steps each).</summary>
    public IAuditedWriteStore Writes { get; }

    /// <summary>What the checker consumes single-use grants with, in one step with the audit entry; null for two steps.</summary>
    public IAtomicGrantConsumption? AtomicConsumption { get; }

    public TestCertificateValidator GrantValidator { get; }

    public ManualTimeProvider Clock => Licences.Clock;

    public GrantIssuer Issuer { get; }

    public GrantChecker Checker { get; }

    public GrantChecker NewChecker(ILicenceStore licences) =>
        new(GrantValidator, Grants, licences, Licences.Verifier, Audit, AtomicConsumption, timeProvider: Clock);

    public static string HolderFor(ServiceItem item) => item.HolderKind == HolderKind.Person ? Person : Organisation;

    /// <summary>Issues a licence of <paramref name="typeCode"/> from the type's example values, for <paramref name="holderId"/>.</summary>
    public Task<SignedLicence> IssueLicenceAsync(string typeCode, string? holderId = null, string? holderName = null)
    {
        var type = LicenceCatalog.Default.Get(typeCode);
        var fields = type.ExampleFields().Where(f => f.Key is not (LicenceType.HolderIdField or LicenceType.HolderNameField))
            .ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);
        var name = holderName ?? type.ExampleFields()[LicenceType.HolderNameField];
        return Licences.Issuer.IssueAsync(new LicenceIssueRequest(type.Code, holderId ?? type.ExampleHolderId, name, fields));
    }

    public Task<SignedGrant> GrantAsync(ServiceItem item, bool singleUse = false, int minutes = 30, string? clerkId = "clerk-001", string? department = "PSB3301", IReadOnlyList<string>? licenceIds = null, string? holderId = null) =>
        Issuer.IssueAsync(new GrantIssueRequest(holderId ?? HolderFor(item), item.Code)
        {
            ClerkId = clerkId,
            DepartmentCode = department,
            SingleUse = singleUse,
            ValidityMinutes = minutes,
            LicenceIds = licenceIds,
            Purpose = "test",
        });

    public Task<GrantCheckResult> CheckAsync(SignedGrant grant, ServiceItem item, ClerkIdentity? clerk = null) =>
        Checker.CheckAsync(new GrantCheckRequest(grant.Encoded, item.Code, clerk ?? Clerk));

    /// <summary>A valid resident ID number or unified social credit code made from a prefix by finding its check character.</summary>
    public static string CompleteHolderId(string prefix17)
    {
        const string candidates = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        foreach (var c in candidates)
        {
            var id = prefix17 + c;
            if (HolderId.Validate(id) is null)
            {
                return id;
            }
        }

        throw new InvalidOperationException("no check character fits");
    }
}

/// <summary>An in-memory <see cref="IGrantStore"/> for tests (atomic consumption with a dictionary insert).</summary>
internal sealed class InMemoryGrantStore : IGrantStore
{
    private readonly ConcurrentDictionary<string, GrantRecord> _grants = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _revoked = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _consumed = new();
    private readonly Lock _gate = new();

    public int ConsumeCalls;

    public Task RecordAsync(GrantRecord grant, CancellationToken cancellationToken = default) =>
        _grants.TryAdd(grant.Id, grant) ? Task.CompletedTask : throw new TrustException("duplicate grant id");

    public Task<GrantRecord?> GetAsync(string grantId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_grants.TryGetValue(grantId, out var g) ? g : null);

    public Task<bool> RevokeAsync(string grantId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        Task.FromResult(_revoked.TryAdd(grantId, at));

    public Task<bool> IsRevokedAsync(string grantId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_revoked.ContainsKey(grantId));

    public Task<bool> TryConsumeAsync(string grantId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref ConsumeCalls);
        lock (_gate)
        {
            return Task.FromResult(!_revoked.ContainsKey(grantId) && _consumed.TryAdd(grantId, at));
        }
    }

    public Task<bool> IsConsumedAsync(string grantId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_consumed.ContainsKey(grantId));
}

/// <summary>A view of a licence store that hides some licences and can add records that lie about their holder.</summary>
internal sealed class LicenceStoreView(ILicenceStore inner) : ILicenceStore
{
    public HashSet<string> Hidden { get; } = new(StringComparer.Ordinal);

    public List<LicenceRecord> Extra { get; } = [];

    public Task<long> AllocateStatusIndexAsync(string statusListId, CancellationToken cancellationToken = default) => inner.AllocateStatusIndexAsync(statusListId, cancellationToken);

    public Task AddAsync(LicenceRecord licence, CancellationToken cancellationToken = default) => inner.AddAsync(licence, cancellationToken);

    public Task<LicenceRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

    public async Task<IReadOnlyList<LicenceRecord>> FindByHolderAsync(string holderId, IReadOnlyCollection<string>? typeCodes = null, CancellationToken cancellationToken = default)
    {
        var found = await inner.FindByHolderAsync(holderId, typeCodes, cancellationToken);
        return [.. found.Where(r => !Hidden.Contains(r.Id)), .. Extra];
    }

    public Task<bool> SetStatusAsync(StatusChange change, CancellationToken cancellationToken = default) => inner.SetStatusAsync(change, cancellationToken);

    public Task<LicenceStatus?> GetStatusAsync(string licenceId, CancellationToken cancellationToken = default) => inner.GetStatusAsync(licenceId, cancellationToken);

    public Task<IReadOnlyDictionary<long, LicenceStatus>> GetStatusListAsync(string statusListId, CancellationToken cancellationToken = default) => inner.GetStatusListAsync(statusListId, cancellationToken);
}
