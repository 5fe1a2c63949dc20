using FsCheck.Xunit;
using Trust.Core.Grants;
using Trust.Core.Identifiers;
using Trust.Core.Licences;
using Trust.Core.Services;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Core.Tests.Grants;

/// <summary>
/// No grant check ever returns a licence type outside the service item's requirements, or data of a
/// holder other than the grant's, whatever the licence store returns (honest, or hostile: every
/// licence of every holder, and records that claim the grant's holder for another holder's licence).
/// </summary>
public sealed class GrantDisclosurePropertyTests
{
    private static readonly string[] Names = ["张伟", "李娜", "王芳", "刘洋"];

    private static readonly Lazy<World> Shared = new(() => World.CreateAsync().GetAwaiter().GetResult());

    [Property(MaxTest = 60)]
    public bool Check_never_reveals_other_types_or_other_holders(int seed)
    {
        var world = Shared.Value;
        var random = new Random(seed);
        var item = world.Items[random.Next(world.Items.Count)];
        var holders = item.HolderKind == HolderKind.Person ? world.Persons : world.Organisations;
        var holder = holders[random.Next(holders.Count)];

        // A random subset of all licences, of all holders and types; in hostile mode the store returns
        // all of them for any query and adds forged records that claim the grant's holder.
        var subset = world.Pool.Where(_ => random.Next(3) > 0).ToList();
        var hostile = random.Next(2) == 0;
        var store = new FixedLicenceStore(world.Fixture.Licences.Store, subset, hostile ? null : holder);
        if (hostile)
        {
            store.Records.AddRange(subset.Where(r => r.HolderId != holder).Take(5).Select(r => r with { HolderId = holder }));
        }

        var own = subset.Where(r => r.HolderId == holder && item.Uses(r.TypeCode)).ToList();
        IReadOnlyList<string>? ids = random.Next(3) == 0 ? [.. own.Where(_ => random.Next(2) == 0).Select(r => r.Id).Distinct().Take(32)] : null;
        var grant = world.Fixture.GrantAsync(item, holderId: holder, licenceIds: ids).GetAwaiter().GetResult();
        var result = world.Fixture.NewChecker(store).CheckAsync(new GrantCheckRequest(grant.Encoded, item.Code, GrantFixture.Clerk)).GetAwaiter().GetResult();

        if (!result.IsAllowed || !result.Licences.Select(l => l.LicenceType).SequenceEqual(item.LicenceTypes))
        {
            throw new Xunit.Sdk.XunitException($"not allowed or wrong types: {result}");
        }

        foreach (var entry in result.Licences)
        {
            var allowedFields = item.FormFieldsFrom(entry.LicenceType).Select(m => m.Field).ToHashSet();
            if (!entry.Form.Keys.All(allowedFields.Contains))
            {
                throw new Xunit.Sdk.XunitException($"form field outside type");
            }

            var eligible = own.Where(r => r.TypeCode == entry.LicenceType && (ids is not { Count: > 0 } || ids.Contains(r.Id))).ToList();
            if (!entry.Found)
            {
                if (eligible.Count > 0 || entry.Form.Count > 0)
                {
                    throw new Xunit.Sdk.XunitException($"missing although eligible ({entry.LicenceType}, {eligible.Count}, form {entry.Form.Count})");
                }

                continue;
            }

            var licence = world.ById[entry.LicenceId!];
            if (licence.HolderId != holder || licence.TypeCode != entry.LicenceType || !eligible.Any(r => r.Id == licence.Id))
            {
                throw new Xunit.Sdk.XunitException($"other holder/type/ineligible licence {entry.LicenceId}");
            }

            var expected = entry.Verdict == LicenceVerdict.Valid ? item.FillFrom(entry.LicenceType, licence.AllFields) : new Dictionary<string, string>();
            if (entry.Form.Count != expected.Count || expected.Any(kv => !entry.Form.TryGetValue(kv.Key, out var v) || v != kv.Value))
            {
                throw new Xunit.Sdk.XunitException($"form values differ for {entry.LicenceType}");
            }
        }

        return true;
    }

    /// <summary>Licences of several holders for the types of a few items of each kind.</summary>
    private sealed class World
    {
        public required GrantFixture Fixture { get; init; }

        public required IReadOnlyList<ServiceItem> Items { get; init; }

        public required IReadOnlyList<string> Persons { get; init; }

        public required IReadOnlyList<string> Organisations { get; init; }

        public required IReadOnlyList<LicenceRecord> Pool { get; init; }

        public required IReadOnlyDictionary<string, IssuedLicence> ById { get; init; }

        public static async Task<World> CreateAsync()
        {
            var f = new GrantFixture();
            var catalog = ServiceCatalog.Default;
            var persons = new[] { GrantFixture.Person, "110101199003078275", "11010519491231002X", "330106198511120028" }.Where(p => HolderId.Validate(p, HolderKind.Person) is null).ToList();
            var organisations = new[] { GrantFixture.Organisation, "91110000802100433B", "91440300708461136T" }.Where(o => HolderId.Validate(o, HolderKind.Organisation) is null).ToList();
            Assert.True(persons.Count >= 2 && organisations.Count >= 2);
            var items = catalog.Items.Where(i => i.HolderKind == HolderKind.Person).Where((_, n) => n % 25 == 0)
                .Concat(catalog.Items.Where(i => i.HolderKind == HolderKind.Organisation).Where((_, n) => n % 25 == 0)).ToList();
            var byId = new Dictionary<string, IssuedLicence>(StringComparer.Ordinal);
            foreach (var kind in new[] { HolderKind.Person, HolderKind.Organisation })
            {
                var types = items.Where(i => i.HolderKind == kind).SelectMany(i => i.LicenceTypes).Distinct().ToList();
                var holders = kind == HolderKind.Person ? persons : organisations;
                for (var h = 0; h < holders.Count; h++)
                {
                    foreach (var type in types)
                    {
                        var licence = await f.IssueLicenceAsync(type, holders[h], kind == HolderKind.Person ? Names[h % Names.Length] : "公司" + Names[h % Names.Length]);
                        var p = licence.Payload;
                        var all = new Dictionary<string, string>(p.Fields) { [LicenceType.HolderIdField] = p.HolderId, [LicenceType.HolderNameField] = p.HolderName };
                        byId[licence.Id] = new IssuedLicence(licence.Id, p.TypeCode, p.HolderId, all);
                    }
                }
            }

            var pool = new List<LicenceRecord>();
            foreach (var id in byId.Keys)
            {
                pool.Add((await f.Licences.Store.GetAsync(id))!);
            }

            // Some licences are revoked, so verdicts vary.
            foreach (var record in pool.Where((_, n) => n % 7 == 3))
            {
                await f.Licences.Store.SetStatusAsync(new StatusChange(record.Id, LicenceStatus.Revoked, "test", f.Clock.GetUtcNow()));
            }

            return new World { Fixture = f, Items = items, Persons = persons, Organisations = organisations, Pool = pool, ById = byId };
        }
    }

    private sealed record IssuedLicence(string Id, string TypeCode, string HolderId, IReadOnlyDictionary<string, string> AllFields);

    /// <summary>A store returning fixed records: only the honest holder's (and types asked) when <c>honestHolder</c> is set, else everything.</summary>
    private sealed class FixedLicenceStore(ILicenceStore inner, IEnumerable<LicenceRecord> records, string? honestHolder) : ILicenceStore
    {
        public List<LicenceRecord> Records { get; } = [.. records];

        public Task<IReadOnlyList<LicenceRecord>> FindByHolderAsync(string holderId, IReadOnlyCollection<string>? typeCodes = null, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<LicenceRecord>>(honestHolder is null
                ? Records
                : [.. Records.Where(r => r.HolderId == holderId && (typeCodes is null || typeCodes.Contains(r.TypeCode)))]);

        public Task<long> AllocateStatusIndexAsync(string statusListId, CancellationToken cancellationToken = default) => inner.AllocateStatusIndexAsync(statusListId, cancellationToken);

        public Task AddAsync(LicenceRecord licence, CancellationToken cancellationToken = default) => inner.AddAsync(licence, cancellationToken);

        public Task<LicenceRecord?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public Task<bool> SetStatusAsync(StatusChange change, CancellationToken cancellationToken = default) => inner.SetStatusAsync(change, cancellationToken);

        public Task<LicenceStatus?> GetStatusAsync(string licenceId, CancellationToken cancellationToken = default) => inner.GetStatusAsync(licenceId, cancellationToken);

        public Task<IReadOnlyDictionary<long, LicenceStatus>> GetStatusListAsync(string statusListId, CancellationToken cancellationToken = default) => inner.GetStatusListAsync(statusListId, cancellationToken);
    }
}
