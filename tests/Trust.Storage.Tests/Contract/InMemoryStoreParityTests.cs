using Trust.Core;
using Trust.Core.Audit;
using Trust.Core.Seals;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Storage.Tests.Fixtures;

namespace Trust.Storage.Tests.Contract;

/// <summary>
/// The in-memory store shipped in Trust.Core (<see cref="InMemoryTrustStore"/>) keeps the store contract of the SQLite
/// store: each scenario runs through the Core interfaces against both and must give the same answers and the same
/// audit chain (actions, subjects, order; a chain that <see cref="AuditChainVerifier"/> accepts).
/// </summary>
public sealed class InMemoryStoreParityTests(SqliteFixture fixture) : StoreTestBase<SqliteFixture>(fixture)
{
    public static TheoryData<string> Stores => new() { "memory", "sqlite" };

    private async Task<(object Store, IAsyncDisposable? Owner)> OpenAsync(string kind)
    {
        if (kind == "memory")
        {
            return (new InMemoryTrustStore(), null);
        }

        var store = await Fixture.CreateStoreAsync();
        return (store, store);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Issue_suspend_resume_revoke_with_audit_and_revoked_stays_final(string kind)
    {
        var (store, owner) = await OpenAsync(kind);
        await using var _ = owner;
        var audited = (IAuditedWriteStore)store;
        var licences = (ILicenceStore)store;
        var index = await licences.AllocateStatusIndexAsync("list-1");
        Assert.Equal(0, index);
        Assert.Equal(1, await licences.AllocateStatusIndexAsync("list-1"));
        Assert.Equal(0, await licences.AllocateStatusIndexAsync("list-2"));

        var licence = NewLicence(index: index);
        var issue = await audited.AddWithAuditAsync(licence, "tester", "{}");
        Assert.Equal(("licence.issue", licence.Id, 1L), (issue.Action, issue.Subject, issue.Sequence));
        Assert.Throws<TrustException>(() => audited.AddWithAuditAsync(licence, "tester", "{}").GetAwaiter().GetResult());
        Assert.Throws<TrustException>(() => licences.AddAsync(NewLicence(index: index)).GetAwaiter().GetResult()); // same list index

        Assert.Equal("licence.suspend", (await audited.SetStatusWithAuditAsync(new StatusChange(licence.Id, LicenceStatus.Suspended, "check", T0.AddDays(1)), "tester", "{}"))!.Action);
        Assert.Equal(LicenceStatus.Suspended, await licences.GetStatusAsync(licence.Id));
        Assert.Equal(new Dictionary<long, LicenceStatus> { [index] = LicenceStatus.Suspended }, await licences.GetStatusListAsync("list-1"));
        Assert.Equal("licence.resume", (await audited.SetStatusWithAuditAsync(new StatusChange(licence.Id, LicenceStatus.Valid, "ok", T0.AddDays(2)), "tester", "{}"))!.Action);
        Assert.Empty(await licences.GetStatusListAsync("list-1"));
        Assert.Equal("licence.revoke", (await audited.SetStatusWithAuditAsync(new StatusChange(licence.Id, LicenceStatus.Revoked, "lost", T0.AddDays(3)), "tester", "{}"))!.Action);
        Assert.Null(await audited.SetStatusWithAuditAsync(new StatusChange(licence.Id, LicenceStatus.Valid, "undo", T0.AddDays(4)), "tester", "{}"));
        Assert.False(await licences.SetStatusAsync(new StatusChange(licence.Id, LicenceStatus.Valid, "undo", T0.AddDays(4))));
        Assert.Null(await audited.SetStatusWithAuditAsync(new StatusChange("NOPE", LicenceStatus.Revoked, "x", T0), "tester", "{}"));
        Assert.Equal(LicenceStatus.Revoked, await licences.GetStatusAsync(licence.Id));

        var holderLicences = await licences.FindByHolderAsync(licence.HolderId);
        Assert.Equal([licence.Id], holderLicences.Select(l => l.Id));
        Assert.Empty(await licences.FindByHolderAsync(licence.HolderId, ["OTHER"]));

        await AssertChainAsync((IAuditLog)store, ["licence.issue", "licence.suspend", "licence.resume", "licence.revoke"]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Grants_are_recorded_revoked_once_and_consumed_once_with_audit(string kind)
    {
        var (store, owner) = await OpenAsync(kind);
        await using var _ = owner;
        var audited = (IAuditedWriteStore)store;
        var grants = (IGrantStore)store;
        var grant = new GrantRecord(NewId("G"), "110101199003070011", T0.AddMinutes(30));

        await audited.RecordGrantWithAuditAsync(grant, "platform", "{}", T0);
        Assert.Equal(grant.Id, (await grants.GetAsync(grant.Id))!.Id);
        Assert.Throws<TrustException>(() => grants.RecordAsync(grant).GetAwaiter().GetResult());

        Assert.NotNull(await audited.TryConsumeWithAuditAsync(grant.Id, T0.AddMinutes(1), "grant.check", "clerk-1", "{}"));
        Assert.Null(await audited.TryConsumeWithAuditAsync(grant.Id, T0.AddMinutes(2), "grant.check", "clerk-1", "{}"));
        Assert.False(await grants.TryConsumeAsync(grant.Id, T0.AddMinutes(2)));
        Assert.True(await grants.IsConsumedAsync(grant.Id));

        var other = NewId("G");
        Assert.NotNull(await audited.RevokeGrantWithAuditAsync(other, "withdrawn", T0, "holder", "{}"));
        Assert.Null(await audited.RevokeGrantWithAuditAsync(other, "again", T0, "holder", "{}"));
        Assert.False(await grants.RevokeAsync(other, "again", T0));
        Assert.True(await grants.IsRevokedAsync(other));
        Assert.False(await grants.TryConsumeAsync(other, T0)); // a revoked grant is never consumed
        Assert.Null(await audited.TryConsumeWithAuditAsync(other, T0, "grant.check", "clerk-1", "{}"));

        var code = new GrantCodeRecord("ABCDEFGHJKMN", grant.Id, [1, 2, 3], grant.ExpiresAt);
        var codes = (IGrantCodeStore)store;
        Assert.True(await codes.TryAddCodeAsync(code));
        Assert.False(await codes.TryAddCodeAsync(code with { GrantId = other }));
        Assert.Equal(grant.Id, (await codes.FindCodeAsync(code.Code))!.GrantId);
        Assert.Null(await codes.FindCodeAsync("NOPENOPENOPE"));

        await AssertChainAsync((IAuditLog)store, ["grant.issue", "grant.check", "grant.revoke"]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Seals_are_revoked_once_with_audit_and_listed_in_id_order(string kind)
    {
        var (store, owner) = await OpenAsync(kind);
        await using var _ = owner;
        var audited = (IAuditedWriteStore)store;
        var seals = (ISealRegistryStore)store;

        Assert.NotNull(await audited.RevokeSealWithAuditAsync(new SealRevocation("SEAL-B", T0, "key compromise"), "admin", "{}"));
        Assert.Null(await audited.RevokeSealWithAuditAsync(new SealRevocation("SEAL-B", T0.AddDays(1), "again"), "admin", "{}"));
        Assert.True(await seals.RevokeAsync(new SealRevocation("SEAL-A", T0, "retired")));
        Assert.True(await seals.IsRevokedAsync("SEAL-B"));
        Assert.False(await seals.IsRevokedAsync("SEAL-C"));
        Assert.Equal("key compromise", (await seals.GetRevocationAsync("SEAL-B"))!.Reason);
        Assert.Equal(["SEAL-A", "SEAL-B"], (await seals.ListRevocationsAsync()).Select(r => r.SealId));

        await AssertChainAsync((IAuditLog)store, ["seal.revoke"]);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task An_audit_value_over_its_limit_changes_nothing(string kind)
    {
        var (store, owner) = await OpenAsync(kind);
        await using var _ = owner;
        var audited = (IAuditedWriteStore)store;
        var licence = NewLicence();
        var oversized = new string('x', AuditChain.MaxActorLength + 1);

        Assert.Throws<TrustFormatException>(() => audited.AddWithAuditAsync(licence, oversized, "{}").GetAwaiter().GetResult());
        Assert.Throws<TrustFormatException>(() => audited.RevokeSealWithAuditAsync(new SealRevocation("SEAL-X", T0, "x"), oversized, "{}").GetAwaiter().GetResult());
        Assert.Throws<TrustFormatException>(() => ((ILicenceStore)store).AddAsync(licence with { Id = "" }).GetAwaiter().GetResult());

        Assert.Null(await ((ILicenceStore)store).GetAsync(licence.Id));
        Assert.False(await ((ISealRegistryStore)store).IsRevokedAsync("SEAL-X"));
        await AssertChainAsync((IAuditLog)store, []);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Licence_issuer_writes_the_licence_and_its_issue_entry_in_one_audited_call_or_nothing(string kind)
    {
        var (store, owner) = await OpenAsync(kind);
        await using var _ = owner;
        var licences = (ILicenceStore)store;
        var writes = (IAuditedWriteStore)store;
        using var rootKey = Trust.Core.Crypto.Sm2.Sm2SigningKey.Generate();
        using var issuerKey = Trust.Core.Crypto.Sm2.Sm2SigningKey.Generate();
        var root = new Trust.Core.Pki.CertificateBuilder(new Trust.Core.Pki.CertificateSubject("Parity Root"), rootKey.PublicKey)
        {
            IsCertificateAuthority = true,
            KeyUsage = System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyCertSign,
        }.SelfSign(rootKey);
        var leaf = new Trust.Core.Pki.CertificateBuilder(new Trust.Core.Pki.CertificateSubject("Parity issuer"), issuerKey.PublicKey)
            .WithSignerRole(Trust.Core.Pki.SignerRole.LicenceIssuer, department: "SAMR3301", licenceKinds: ["SAMR"])
            .Sign(root, rootKey);
        Trust.Core.Licences.LicenceIssuerOptions Options(string actor) =>
            new() { DepartmentCode = "SAMR3301", SigningKey = issuerKey, CertificateChain = [leaf], StatusListId = "SAMR3301/licences", Actor = actor };
        var type = Trust.Core.Licences.LicenceCatalog.Default.Get("BL");
        var fields = type.ExampleFields();
        var request = new Trust.Core.Licences.LicenceIssueRequest(type.Code, type.ExampleHolderId, fields[Trust.Core.Licences.LicenceType.HolderNameField], fields);

        var issued = await new Trust.Core.Licences.LicenceIssuer(Options("SAMR3301"), licences, writes).IssueAsync(request);

        Assert.NotNull(await licences.GetAsync(issued.Id));
        Assert.Equal(LicenceStatus.Valid, await licences.GetStatusAsync(issued.Id));

        // The audit entry is refused (actor over its limit): no licence is left without its entry.
        var refused = new Trust.Core.Licences.LicenceIssuer(Options(new string('x', AuditChain.MaxActorLength + 1)), licences, writes);
        Assert.Equal("audit.actor", (await Assert.ThrowsAsync<TrustFormatException>(() => refused.IssueAsync(request))).Field);
        Assert.Single(await licences.FindByHolderAsync(type.ExampleHolderId));
        await AssertChainAsync((IAuditLog)store, ["licence.issue"]);
    }

    private static async Task AssertChainAsync(IAuditLog log, string[] actions)
    {
        var entries = new List<AuditEntry>();
        await foreach (var entry in log.ReadAsync())
        {
            entries.Add(entry);
        }

        Assert.Equal(actions, entries.Select(e => e.Action));
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        var verification = await AuditChainVerifier.VerifyAsync(log);
        Assert.True(verification.IsIntact, string.Join(", ", verification.Reasons));
    }
}
