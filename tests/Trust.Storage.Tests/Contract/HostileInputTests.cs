using FsCheck;
using FsCheck.Fluent;
using Trust.Core;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Storage.Tests.Fixtures;

namespace Trust.Storage.Tests.Contract;

/// <summary>
/// Hostile values: oversized or malformed text is refused with <see cref="TrustFormatException"/>
/// naming the field; SQL in values is stored verbatim (every value is a parameter).
/// </summary>
public abstract class HostileInputTests<TFixture>(TFixture fixture) : StoreTestBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    public static TheoryData<string> Injections => new()
    {
        "'; DROP TABLE licences; --",
        "\" OR 1=1 --",
        "x'); DELETE FROM audit_log; --",
        "Robert'); UPDATE licences SET status = 2; --",
        "$1 @id :id ? %s \\x00",
        "张三'; SELECT pg_sleep(10); --",
    };

    [Theory]
    [MemberData(nameof(Injections))]
    public async Task Sql_in_values_is_stored_verbatim(string hostile)
    {
        await using var store = await Fixture.CreateStoreAsync();
        var licence = NewLicence(id: "L" + Guid.NewGuid().ToString("N")) with { HolderName = hostile, HolderId = hostile, TypeCode = hostile[..Math.Min(hostile.Length, 60)] };
        await store.AddAsync(licence);
        await store.AppendAsync("licence.issue", hostile, hostile, hostile, T0);
        await ((IGrantStore)store).RevokeAsync(hostile, hostile, T0);
        await ((ISealRegistryStore)store).RevokeAsync(new SealRevocation(hostile, T0, hostile));

        var read = await store.GetAsync(licence.Id);
        Assert.Equal(hostile, read!.HolderName);
        Assert.Equal([licence.Id], (await store.FindByHolderAsync(hostile, [licence.TypeCode])).Select(l => l.Id));
        Assert.Equal(LicenceStatus.Valid, await store.GetStatusAsync(licence.Id));
        var entry = Assert.Single(await store.ReadAsync().ToListAsync());
        Assert.Equal((hostile, hostile, hostile), (entry.Actor, entry.Subject, entry.Details));
        Assert.True(await ((IGrantStore)store).IsRevokedAsync(hostile));
        Assert.Equal(hostile, (await ((ISealRegistryStore)store).GetRevocationAsync(hostile))!.Reason);
        Assert.True((await Trust.Core.Audit.AuditChainVerifier.VerifyAsync(store)).IsIntact);
    }

    public static TheoryData<string, Func<LicenceRecord, LicenceRecord>> OversizedLicenceFields => new()
    {
        { "licence.id", l => l with { Id = new string('1', 129) } },
        { "licence.typeCode", l => l with { TypeCode = new string('T', 65) } },
        { "licence.holderId", l => l with { HolderId = new string('1', 65) } },
        { "licence.holderName", l => l with { HolderName = new string('名', 257) } },
        { "licence.issuerDepartment", l => l with { IssuerDepartment = new string('D', 65) } },
        { "licence.statusListId", l => l with { StatusListId = new string('S', 129) } },
        { "licence.signed", l => l with { Signed = new byte[(256 * 1024) + 1] } },
        { "licence.signed", l => l with { Signed = [] } },
        { "licence.id", l => l with { Id = string.Empty } },
        { "licence.statusIndex", l => l with { StatusIndex = -1 } },
        { "licence.holderName", l => l with { HolderName = "a\0b" } },
        { "licence.holderName", l => l with { HolderName = "broken \uD800 surrogate" } },
    };

    [Theory]
    [MemberData(nameof(OversizedLicenceFields))]
    public async Task Bad_licence_field_is_refused_naming_the_field(string field, Func<LicenceRecord, LicenceRecord> spoil)
    {
        await using var store = await Fixture.CreateStoreAsync();
        var e = await Assert.ThrowsAsync<TrustFormatException>(() => store.AddAsync(spoil(NewLicence())));
        Assert.Equal(field, e.Field);
    }

    [Theory]
    [InlineData("audit.action", 65, 0, 0, 0)]
    [InlineData("audit.actor", 1, 257, 0, 0)]
    [InlineData("audit.subject", 1, 0, 257, 0)]
    [InlineData("audit.details", 1, 0, 0, (16 * 1024) + 1)]
    [InlineData("audit.action", 0, 0, 0, 0)]
    public async Task Oversized_audit_field_is_refused_and_nothing_is_appended(string field, int action, int actor, int subject, int details)
    {
        await using var store = await Fixture.CreateStoreAsync();
        var e = await Assert.ThrowsAsync<TrustFormatException>(() =>
            store.AppendAsync(new string('a', action), new string('b', actor), new string('c', subject), new string('d', details), T0));
        Assert.Equal(field, e.Field);
        Assert.Empty(await store.ReadAsync().ToListAsync());
    }

    [Fact]
    public async Task Oversized_grant_seal_and_reason_values_are_refused()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var longId = new string('g', 129);
        Assert.Equal("grant.id", (await Assert.ThrowsAsync<TrustFormatException>(() => store.RecordAsync(new GrantRecord(longId, "h", T0)))).Field);
        Assert.Equal("grantId", (await Assert.ThrowsAsync<TrustFormatException>(() => store.TryConsumeAsync(longId, T0))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<TrustFormatException>(() => store.RevokeGrantAsync("g", new string('r', 1025), T0))).Field);
        Assert.Equal("seal.id", (await Assert.ThrowsAsync<TrustFormatException>(() => store.RevokeSealAsync(new SealRevocation(longId, T0, "r")))).Field);
        Assert.Equal("statusChange.reason", (await Assert.ThrowsAsync<TrustFormatException>(() =>
            store.SetStatusAsync(new StatusChange("L1", LicenceStatus.Revoked, new string('r', 1025), T0)))).Field);
        Assert.Equal("typeCodes", (await Assert.ThrowsAsync<TrustFormatException>(() =>
            store.FindByHolderAsync("h", Enumerable.Range(0, 257).Select(i => "T" + i).ToArray()))).Field);
    }

    [Fact]
    public async Task Any_text_either_round_trips_exactly_or_is_refused_with_a_format_error()
    {
        await using var store = await Fixture.CreateStoreAsync();
        var outcomes = new List<bool>();
        var property = Prop.ForAll(ArbMap.Default.ArbFor<string>(), name =>
        {
            var licence = NewLicence(index: outcomes.Count) with { HolderName = name ?? string.Empty };
            try
            {
                store.AddAsync(licence).GetAwaiter().GetResult();
            }
            catch (TrustFormatException e) when (e.Field == "licence.holderName")
            {
                outcomes.Add(false);
                return true;
            }

            outcomes.Add(true);
            return store.GetAsync(licence.Id).GetAwaiter().GetResult()!.HolderName == licence.HolderName;
        });
        Check.One(Config.QuickThrowOnFailure.WithMaxTest(60), property);
        Assert.Contains(true, outcomes);
    }
}

public sealed class SqliteHostileInputTests(SqliteFixture fixture) : HostileInputTests<SqliteFixture>(fixture);

public sealed class PostgresHostileInputTests(PostgresFixture fixture) : HostileInputTests<PostgresFixture>(fixture);
