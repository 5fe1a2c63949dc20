using Trust.Core;
using Trust.Core.Seals.Providers;
using Trust.Core.Storage;
using Trust.Storage.Tests.Fixtures;

namespace Trust.Storage.Tests.Contract;

/// <summary>Grants (record, revoke, single use) and seal revocations on every provider.</summary>
public abstract class GrantAndSealStoreTests<TFixture>(TFixture fixture) : StoreTestBase<TFixture>(fixture)
    where TFixture : StoreFixture
{
    [Fact]
    public async Task Recorded_grant_reads_back_and_cannot_be_recorded_twice()
    {
        await using var store = await Fixture.CreateStoreAsync();
        IGrantStore grants = store;
        var grant = new GrantRecord(NewId("G"), "110101199003070011", T0.AddMinutes(30));
        await grants.RecordAsync(grant);

        Assert.Equal(grant, await grants.GetAsync(grant.Id));
        Assert.Null(await grants.GetAsync("unknown"));
        await Assert.ThrowsAsync<TrustException>(() => grants.RecordAsync(grant));
    }

    [Fact]
    public async Task Grant_short_code_reads_back_and_is_never_given_twice()
    {
        await using var store = await Fixture.CreateStoreAsync();
        IGrantCodeStore codes = store;
        var code = Trust.Core.Grants.GrantShortCode.Generate();
        var record = new GrantCodeRecord(code, NewId("G"), [0xD2, 0x84, 0x01, 0x02], T0.AddMinutes(30));
        Assert.True(await codes.TryAddCodeAsync(record));

        var found = await codes.FindCodeAsync(code);
        Assert.NotNull(found);
        Assert.Equal(record.GrantId, found.GrantId);
        Assert.Equal(record.Grant, found.Grant);
        Assert.Equal(record.ExpiresAt, found.ExpiresAt);
        Assert.False(await codes.TryAddCodeAsync(record with { GrantId = NewId("G") }));
        Assert.Equal(record.GrantId, (await codes.FindCodeAsync(code))!.GrantId);
        Assert.Null(await codes.FindCodeAsync(Trust.Core.Grants.GrantShortCode.Generate()));
        await Assert.ThrowsAsync<TrustFormatException>(() => codes.TryAddCodeAsync(record with { Code = "" }));
        await Assert.ThrowsAsync<TrustFormatException>(() => codes.TryAddCodeAsync(record with { Code = Trust.Core.Grants.GrantShortCode.Generate(), Grant = new byte[17 * 1024] }));
        await Assert.ThrowsAsync<TrustFormatException>(() => codes.FindCodeAsync(new string('X', 100)));
    }

    [Fact]
    public async Task Seal_platform_authorisation_is_consumed_once_across_concurrent_consumers_and_removed_after_expiry()
    {
        await using var store = await Fixture.CreateStoreAsync();
        ISealAuthorizationStore authorizations = store;
        var digests = new[] { new string('a', 64), new string('0', 64) };
        var record = new SealAuthorizationRecord(NewId("A"), "licence-server", "SAMR-0001", digests, T0.AddMinutes(2));
        var expired = new SealAuthorizationRecord(NewId("A"), "licence-server", "SAMR-0001", digests, T0.AddMinutes(-10));
        await authorizations.AddAsync(record);
        await authorizations.AddAsync(expired);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => authorizations.ConsumeAsync(record.Id)));

        var consumed = Assert.Single(results, r => r.State == SealAuthorizationState.Consumed);
        Assert.All(results.Where(r => r.State != SealAuthorizationState.Consumed), r => Assert.Equal(SealAuthorizationState.AlreadyUsed, r.State));
        Assert.Equal(record.Id, consumed.Authorization!.Id);
        Assert.Equal(record.Caller, consumed.Authorization.Caller);
        Assert.Equal(record.SealId, consumed.Authorization.SealId);
        Assert.Equal(digests, consumed.Authorization.Digests);
        Assert.Equal(record.ExpiresAt, consumed.Authorization.ExpiresAt);
        Assert.Equal(SealAuthorizationState.Unknown, (await authorizations.ConsumeAsync("unknown")).State);
        Assert.Equal(SealAuthorizationState.Unknown, (await authorizations.ConsumeAsync(new string('x', 5000))).State);

        Assert.True(await authorizations.RemoveExpiredAsync(T0) >= 1);
        Assert.Equal(SealAuthorizationState.Unknown, (await authorizations.ConsumeAsync(expired.Id)).State);
        Assert.Equal(SealAuthorizationState.AlreadyUsed, (await authorizations.ConsumeAsync(record.Id)).State);
        await Assert.ThrowsAsync<ArgumentException>(() => authorizations.AddAsync(record with { Id = NewId("A"), Digests = ["not hex"] }));
        await Assert.ThrowsAsync<TrustFormatException>(() => authorizations.AddAsync(record with { Id = new string('x', 500) }));
    }

    [Fact]
    public async Task Revoking_a_grant_is_reported_once_and_sticks()
    {
        await using var store = await Fixture.CreateStoreAsync();
        IGrantStore grants = store;
        var id = NewId("G");
        Assert.False(await grants.IsRevokedAsync(id));
        Assert.True(await grants.RevokeAsync(id, "holder withdrew", T0));
        Assert.False(await grants.RevokeAsync(id, "again", T0.AddMinutes(1)));
        Assert.True(await grants.IsRevokedAsync(id));
    }

    [Fact]
    public async Task Single_use_grant_is_consumed_once()
    {
        await using var store = await Fixture.CreateStoreAsync();
        IGrantStore grants = store;
        var id = NewId("G");
        Assert.False(await grants.IsConsumedAsync(id));
        Assert.True(await grants.TryConsumeAsync(id, T0));
        Assert.False(await grants.TryConsumeAsync(id, T0.AddSeconds(1)));
        Assert.True(await grants.IsConsumedAsync(id));
    }

    [Fact]
    public async Task Revoked_grant_cannot_be_consumed()
    {
        await using var store = await Fixture.CreateStoreAsync();
        IGrantStore grants = store;
        var id = NewId("G");
        await grants.RevokeAsync(id, "stop", T0);
        Assert.False(await grants.TryConsumeAsync(id, T0));
        Assert.False(await grants.IsConsumedAsync(id));
    }

    [Fact]
    public async Task Of_100_concurrent_consumers_exactly_one_succeeds()
    {
        await using var store = await Fixture.CreateStoreAsync();
        IGrantStore grants = store;
        var id = NewId("G");
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var attempts = Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
        {
            await start.Task;
            return await grants.TryConsumeAsync(id, T0);
        })).ToArray();
        start.SetResult();

        var results = await Task.WhenAll(attempts);
        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task Concurrent_consumers_on_two_nodes_get_one_success()
    {
        var spec = await Fixture.NewStoreSpecAsync();
        await using var node1 = await TrustStores.OpenAsync(spec);
        await using var node2 = await TrustStores.OpenAsync(spec);
        var id = NewId("G");
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => ((IGrantStore)(i % 2 == 0 ? node1 : node2)).TryConsumeAsync(id, T0))));
        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task Seal_revocation_keeps_the_first_time_and_reason()
    {
        await using var store = await Fixture.CreateStoreAsync();
        ISealRegistryStore seals = store;
        Assert.False(await seals.IsRevokedAsync("ES-310000-0001"));
        Assert.Null(await seals.GetRevocationAsync("ES-310000-0001"));

        var first = new SealRevocation("ES-310000-0001", T0, "key compromise");
        Assert.True(await seals.RevokeAsync(first));
        Assert.False(await seals.RevokeAsync(first with { RevokedAt = T0.AddDays(1), Reason = "later" }));

        Assert.True(await seals.IsRevokedAsync("ES-310000-0001"));
        Assert.Equal(first, await seals.GetRevocationAsync("ES-310000-0001"));
        Assert.False(await seals.IsRevokedAsync("ES-310000-0002"));
    }

    [Fact]
    public async Task Seal_revocations_list_in_ordinal_order()
    {
        await using var store = await Fixture.CreateStoreAsync();
        ISealRegistryStore seals = store;
        foreach (var id in new[] { "b", "A", "a", "B" })
        {
            await seals.RevokeAsync(new SealRevocation(id, T0, "r"));
        }

        Assert.Equal(["A", "B", "a", "b"], (await seals.ListRevocationsAsync()).Select(r => r.SealId));
    }
}

public sealed class SqliteGrantAndSealStoreTests(SqliteFixture fixture) : GrantAndSealStoreTests<SqliteFixture>(fixture);

public sealed class PostgresGrantAndSealStoreTests(PostgresFixture fixture) : GrantAndSealStoreTests<PostgresFixture>(fixture);
