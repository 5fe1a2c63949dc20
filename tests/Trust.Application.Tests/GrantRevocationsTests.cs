using Trust.Application.Grants;
using Trust.Core;
using Trust.Core.Storage;

namespace Trust.Application.Tests;

/// <summary>Grant revocation as both hosts run it: unknown ids refused, the revocation and its audit entry together.</summary>
public sealed class GrantRevocationsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Unknown_grant_id_is_refused_and_nothing_is_written_or_audited()
    {
        var store = new InMemoryTrustStore();
        var unknown = new string('a', 32);

        var result = await new GrantRevocations(store, store).RevokeAsync(unknown, "withdrawn", "tester");

        Assert.Equal(GrantRevocationOutcome.UnknownGrant, result.Outcome);
        Assert.Equal(unknown.ToUpperInvariant(), result.GrantId);
        Assert.Contains("never issued", result.Refusal, StringComparison.Ordinal);
        Assert.False(await ((IGrantStore)store).IsRevokedAsync(unknown.ToUpperInvariant()));
        Assert.Equal(0, await LicenceStatusChangesTests.CountAuditAsync(store));
    }

    [Fact]
    public async Task Issued_grant_is_revoked_once_with_its_audit_entry()
    {
        var store = new InMemoryTrustStore();
        var id = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        await store.RecordGrantWithAuditAsync(new GrantRecord(id, "91330106MA2B3C4D5D", T0.AddHours(1)), "issuer", "{}", T0);
        var revocations = new GrantRevocations(store, store, new FixedTime(T0.AddMinutes(5)));

        var first = await revocations.RevokeAsync(id.ToLowerInvariant(), "holder withdrew consent", "tester");
        var second = await revocations.RevokeAsync(id, "again", "tester");

        Assert.Equal(GrantRevocationOutcome.Revoked, first.Outcome);
        Assert.Equal("grant.revoke", first.Entry!.Action);
        Assert.Equal(id, first.Entry.Subject);
        Assert.Contains("holder withdrew consent", first.Entry.Details, StringComparison.Ordinal);
        Assert.True(await ((IGrantStore)store).IsRevokedAsync(id));
        Assert.Equal(GrantRevocationOutcome.AlreadyRevoked, second.Outcome);
        Assert.Null(second.Entry);
        Assert.Equal(2, await LicenceStatusChangesTests.CountAuditAsync(store));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("0123456789abcdef0123456789abcdef0")]
    public async Task Malformed_grant_id_names_the_field(string id)
    {
        var store = new InMemoryTrustStore();
        Assert.Equal("grant_id", (await Assert.ThrowsAsync<TrustFormatException>(() => new GrantRevocations(store, store).RevokeAsync(id, "x", "t"))).Field);
    }

    [Fact]
    public async Task Reason_with_control_characters_or_too_long_names_the_field()
    {
        var store = new InMemoryTrustStore();
        var revocations = new GrantRevocations(store, store);
        var id = new string('b', 32);
        Assert.Equal("reason", (await Assert.ThrowsAsync<TrustFormatException>(() => revocations.RevokeAsync(id, "a\u0000b", "t"))).Field);
        Assert.Equal("reason", (await Assert.ThrowsAsync<TrustFormatException>(() => revocations.RevokeAsync(id, new string('r', 501), "t"))).Field);
    }
}
