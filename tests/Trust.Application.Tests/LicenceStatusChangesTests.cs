using Trust.Application.Licences;
using Trust.Core;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Application.Tests;

/// <summary>The one table of licence status changes and the use case both hosts call, over the in-memory store.</summary>
public sealed class LicenceStatusChangesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    public static TheoryData<LicenceStatus, LicenceStatus, bool> Table => new()
    {
        { LicenceStatus.Valid, LicenceStatus.Valid, false },
        { LicenceStatus.Valid, LicenceStatus.Suspended, true },
        { LicenceStatus.Valid, LicenceStatus.Revoked, true },
        { LicenceStatus.Suspended, LicenceStatus.Valid, true },
        { LicenceStatus.Suspended, LicenceStatus.Suspended, false },
        { LicenceStatus.Suspended, LicenceStatus.Revoked, true },
        { LicenceStatus.Revoked, LicenceStatus.Valid, false },
        { LicenceStatus.Revoked, LicenceStatus.Suspended, false },
        { LicenceStatus.Revoked, LicenceStatus.Revoked, false },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void Transition_table_allows_suspend_resume_and_revoke_and_keeps_revoked_final(LicenceStatus from, LicenceStatus to, bool allowed) =>
        Assert.Equal(allowed, LicenceStatusTransitions.IsAllowed(from, to));

    [Theory]
    [MemberData(nameof(Table))]
    public async Task Change_follows_the_table_and_writes_the_status_with_its_audit_entry_or_nothing(LicenceStatus from, LicenceStatus to, bool allowed)
    {
        var store = new InMemoryTrustStore();
        var id = await AddLicenceAsync(store, from);
        var entriesBefore = await CountAuditAsync(store);

        var result = await new LicenceStatusChanges(store, store, new FixedTime(T0.AddDays(2))).ChangeAsync(id, to, "test", "tester");

        Assert.Equal(from, result.Previous);
        if (allowed)
        {
            Assert.Equal(LicenceStatusChangeOutcome.Changed, result.Outcome);
            Assert.Null(result.Refusal);
            Assert.Equal(to, await store.GetStatusAsync(id));
            Assert.Equal("licence." + LicenceStatusTransitions.Verb(to), result.Entry!.Action);
            Assert.Equal(id, result.Entry.Subject);
            Assert.Equal("tester", result.Entry.Actor);
            Assert.Equal(entriesBefore + 1, await CountAuditAsync(store));
        }
        else
        {
            Assert.Equal(LicenceStatusChangeOutcome.NotAllowed, result.Outcome);
            Assert.Null(result.Entry);
            Assert.Contains("cannot be " + LicenceStatusTransitions.PastTense(to), result.Refusal, StringComparison.Ordinal);
            Assert.Equal(from, await store.GetStatusAsync(id));
            Assert.Equal(entriesBefore, await CountAuditAsync(store));
        }
    }

    [Fact]
    public async Task Unknown_licence_is_reported_and_nothing_is_written()
    {
        var store = new InMemoryTrustStore();
        var result = await new LicenceStatusChanges(store, store).ChangeAsync("BL-NONE", LicenceStatus.Revoked, "x", "tester");
        Assert.Equal(LicenceStatusChangeOutcome.UnknownLicence, result.Outcome);
        Assert.Null(result.Previous);
        Assert.Equal(0, await CountAuditAsync(store));
    }

    [Fact]
    public async Task Bad_input_names_the_field()
    {
        var store = new InMemoryTrustStore();
        var changes = new LicenceStatusChanges(store, store);
        Assert.Equal("licence_id", (await Assert.ThrowsAsync<TrustFormatException>(() => changes.ChangeAsync(" ", LicenceStatus.Revoked, "x", "t"))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<TrustFormatException>(() => changes.ChangeAsync("L", LicenceStatus.Revoked, new string('r', LicenceStatusChanges.MaxReasonLength + 1), "t"))).Field);
    }

    [Fact]
    public async Task A_change_raced_by_another_writers_revocation_reports_not_allowed_with_the_status_it_has_now()
    {
        var store = new InMemoryTrustStore();
        var id = await AddLicenceAsync(store, LicenceStatus.Valid);

        var result = await new LicenceStatusChanges(store, new RevokedMeanwhile(store)).ChangeAsync(id, LicenceStatus.Suspended, "inspection", "tester");

        Assert.Equal(LicenceStatusChangeOutcome.NotAllowed, result.Outcome);
        Assert.Equal(LicenceStatus.Revoked, result.Previous);
        Assert.Null(result.Entry);
        Assert.Equal(LicenceStatus.Revoked, await store.GetStatusAsync(id));
    }

    internal static async Task<string> AddLicenceAsync(InMemoryTrustStore store, LicenceStatus status)
    {
        var id = "BL-" + Guid.NewGuid().ToString("N")[..12];
        var index = await store.AllocateStatusIndexAsync("SAMR/licences");
        await store.AddWithAuditAsync(new LicenceRecord(id, "BL", 1, "91330106MA2B3C4D5D", "示例公司", "SAMR", "SAMR/licences", index, T0, T0, null, [1, 2, 3]), "issuer", "{}");
        if (status == LicenceStatus.Suspended || status == LicenceStatus.Revoked)
        {
            Assert.True(await store.SetStatusAsync(new StatusChange(id, status, "setup", T0.AddDays(1))));
        }

        return id;
    }

    internal static async Task<int> CountAuditAsync(IAuditLog log)
    {
        var count = 0;
        await foreach (var _ in log.ReadAsync())
        {
            count++;
        }

        return count;
    }
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>Another host revokes the licence between the status read and the audited write.</summary>
internal sealed class RevokedMeanwhile(InMemoryTrustStore inner) : IAuditedWriteStore
{
    public async Task<AuditEntry?> SetStatusWithAuditAsync(StatusChange change, string actor, string details, CancellationToken cancellationToken = default)
    {
        await inner.SetStatusWithAuditAsync(change with { Status = LicenceStatus.Revoked }, "other-host", "{}", cancellationToken);
        return await inner.SetStatusWithAuditAsync(change, actor, details, cancellationToken);
    }

    public Task<AuditEntry> AddWithAuditAsync(LicenceRecord licence, string actor, string details, CancellationToken cancellationToken = default) =>
        inner.AddWithAuditAsync(licence, actor, details, cancellationToken);

    public Task<AuditEntry> RecordGrantWithAuditAsync(GrantRecord grant, string actor, string details, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        inner.RecordGrantWithAuditAsync(grant, actor, details, at, cancellationToken);

    public Task<AuditEntry?> RevokeGrantWithAuditAsync(string grantId, string reason, DateTimeOffset at, string actor, string details, CancellationToken cancellationToken = default) =>
        inner.RevokeGrantWithAuditAsync(grantId, reason, at, actor, details, cancellationToken);

    public Task<AuditEntry?> RevokeSealWithAuditAsync(SealRevocation revocation, string actor, string details, CancellationToken cancellationToken = default) =>
        inner.RevokeSealWithAuditAsync(revocation, actor, details, cancellationToken);

    public Task<AuditEntry?> TryConsumeWithAuditAsync(string grantId, DateTimeOffset at, string action, string actor, string details, CancellationToken cancellationToken = default) =>
        inner.TryConsumeWithAuditAsync(grantId, at, action, actor, details, cancellationToken);
}
