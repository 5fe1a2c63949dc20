using System.Formats.Cbor;
using Trust.Core.Crypto;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Services;
using Trust.Core.Tests.Licences;

namespace Trust.Core.Tests.Grants;

public sealed class GrantCheckTests
{
    private static readonly ServiceItem Item = ServiceCatalog.Default.Items.First(i => i.HolderKind == HolderKind.Organisation && i.RequiredLicenceTypes.Count > 0);
    private static readonly ServiceItem OtherItem = ServiceCatalog.Default.Items.Last(i => i.HolderKind == HolderKind.Organisation && i.Code != Item.Code);

    private static async Task<GrantFixture> FixtureWithLicencesAsync()
    {
        var f = new GrantFixture();
        foreach (var type in Item.LicenceTypes.Concat(OtherItem.LicenceTypes).Distinct())
        {
            await f.IssueLicenceAsync(type, GrantFixture.Organisation);
        }

        return f;
    }

    [Fact]
    public async Task Valid_grant_is_allowed_and_fills_the_form_from_valid_licences()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item);
        var result = await f.CheckAsync(grant, Item);
        Assert.True(result.IsAllowed, result.ToString());
        Assert.Equal("allowed", result.VerdictText);
        Assert.Equal(grant.Id, result.GrantId);
        Assert.Equal(Item.LicenceTypes, result.Licences.Select(l => l.LicenceType));
        Assert.All(result.Licences, l => Assert.Equal(LicenceVerdict.Valid, l.Verdict));
        Assert.Equal(Item.Form.Select(m => m.Field).Order(), result.Licences.SelectMany(l => l.Form.Keys).Order());
    }

    [Fact]
    public async Task Grant_round_trips_through_its_qr_text()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item);
        var qr = grant.ToQrText();
        Assert.StartsWith("TG1:", qr, StringComparison.Ordinal);
        Assert.Equal(grant.Encoded.ToArray(), SignedGrant.BytesFromQrText(qr));
        var result = await f.Checker.CheckAsync(GrantCheckRequest.FromQrText(qr, Item.Code, GrantFixture.Clerk));
        Assert.True(result.IsAllowed, result.ToString());
        var bad = await f.Checker.CheckAsync(GrantCheckRequest.FromQrText("TG1:%%%", Item.Code, GrantFixture.Clerk));
        Assert.Equal([GrantReasons.Malformed + ":qr.base45"], bad.Reasons);
    }

    [Fact]
    public async Task Expired_grant_is_denied_as_expired()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item, minutes: 5);
        f.Clock.Now = f.Clock.Now.AddMinutes(5);
        var result = await f.CheckAsync(grant, Item);
        Assert.Equal([GrantReasons.Expired], result.Reasons);
        Assert.Empty(result.Licences);
    }

    [Fact]
    public async Task Grant_is_not_valid_before_its_start()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item);
        f.Clock.Now = f.Clock.Now.AddMinutes(-10);
        var result = await f.CheckAsync(grant, Item);
        Assert.Contains(GrantReasons.NotYetValid, result.Reasons);
    }

    [Fact]
    public async Task Grant_for_another_clerk_is_denied_as_wrong_grantee()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item);
        var otherClerk = await f.CheckAsync(grant, Item, new ClerkIdentity("clerk-002", "PSB3301"));
        var otherDepartment = await f.CheckAsync(grant, Item, new ClerkIdentity("clerk-001", "SAMR3301"));
        Assert.Equal([GrantReasons.WrongGrantee], otherClerk.Reasons);
        Assert.Equal([GrantReasons.WrongGrantee], otherDepartment.Reasons);
    }

    [Fact]
    public async Task Department_grant_admits_any_clerk_of_that_department()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item, clerkId: null);
        Assert.True((await f.CheckAsync(grant, Item, new ClerkIdentity("clerk-777", "PSB3301"))).IsAllowed);
        Assert.Equal([GrantReasons.WrongGrantee], (await f.CheckAsync(grant, Item, new ClerkIdentity("clerk-777", "OTHER1"))).Reasons);
    }

    [Fact]
    public async Task Grant_for_another_service_item_is_denied_as_wrong_service_item()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item);
        var result = await f.CheckAsync(grant, OtherItem);
        Assert.Equal([GrantReasons.WrongServiceItem], result.Reasons);
        var unknown = await f.Checker.CheckAsync(new GrantCheckRequest(grant.Encoded, "NOPE-999", GrantFixture.Clerk));
        Assert.Equal([GrantReasons.WrongServiceItem], unknown.Reasons);
    }

    [Fact]
    public async Task Revoked_grant_is_denied_as_revoked_and_revocation_is_audited()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item);
        Assert.True(await f.Issuer.RevokeAsync(grant.Id, "holder withdrew consent"));
        Assert.False(await f.Issuer.RevokeAsync(grant.Id, "again"));
        var result = await f.CheckAsync(grant, Item);
        Assert.Equal([GrantReasons.Revoked], result.Reasons);
        Assert.Single(f.Licences.Audit.Entries, e => e.Action == "grant.revoke" && e.Subject == grant.Id);
    }

    [Fact]
    public async Task Single_use_grant_is_allowed_once_then_denied_as_already_used()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item, singleUse: true);
        Assert.True((await f.CheckAsync(grant, Item)).IsAllowed);
        var second = await f.CheckAsync(grant, Item);
        Assert.Equal([GrantReasons.AlreadyUsed], second.Reasons);
        Assert.Empty(second.Licences);
    }

    [Fact]
    public async Task Denied_check_does_not_consume_a_single_use_grant()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item, singleUse: true);
        Assert.False((await f.CheckAsync(grant, Item, new ClerkIdentity("intruder", "PSB3301"))).IsAllowed);
        Assert.False((await f.CheckAsync(grant, OtherItem)).IsAllowed);
        Assert.False(await f.Grants.IsConsumedAsync(grant.Id));
        Assert.True((await f.CheckAsync(grant, Item)).IsAllowed);
        Assert.True(await f.Grants.IsConsumedAsync(grant.Id));
    }

    [Fact]
    public async Task Concurrent_checks_of_a_single_use_grant_allow_exactly_one()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item, singleUse: true);
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => f.CheckAsync(grant, Item))));
        Assert.Equal(1, results.Count(r => r.IsAllowed));
        Assert.All(results.Where(r => !r.IsAllowed), r => Assert.Equal([GrantReasons.AlreadyUsed], r.Reasons));
    }

    [Fact]
    public async Task Atomic_consumption_is_used_only_when_the_checker_is_given_it_not_because_the_grant_store_could()
    {
        var grants = new AtomicCapableGrantStore(new InMemoryGrantStore());
        var f = new GrantFixture(grantStore: grants);
        foreach (var type in Item.LicenceTypes)
        {
            await f.IssueLicenceAsync(type, GrantFixture.Organisation);
        }

        var grant = await f.GrantAsync(Item, singleUse: true);
        Assert.True((await f.CheckAsync(grant, Item)).IsAllowed);
        Assert.Equal([GrantReasons.AlreadyUsed], (await f.CheckAsync(grant, Item)).Reasons);

        Assert.Equal(0, grants.AtomicCalls);
        Assert.Equal(2, f.Licences.Audit.Entries.Count(e => e.Action == "grant.check" && e.Subject == grant.Id));
    }

    [Fact]
    public async Task Tampered_grant_is_denied_as_signature_invalid()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item);
        var tampered = Tamper(grant.Encoded.ToArray(), payload => payload with { ClerkId = "clerk-002" });
        var result = await f.Checker.CheckAsync(new GrantCheckRequest(tampered, Item.Code, new ClerkIdentity("clerk-002", "PSB3301")));
        Assert.Equal([GrantReasons.SignatureInvalid], result.Reasons);

        var flipped = grant.Encoded.ToArray();
        flipped[^5] ^= 0x01; // inside the signature
        Assert.Equal([GrantReasons.SignatureInvalid], (await f.Checker.CheckAsync(new GrantCheckRequest(flipped, Item.Code, GrantFixture.Clerk))).Reasons);
    }

    [Fact]
    public async Task Grant_signed_by_an_untrusted_key_is_denied_as_untrusted()
    {
        var f = await FixtureWithLicencesAsync();
        var rogue = TestIssuerPki.CreateFresh(KeyAlgorithm.EcP256, TestProfile.GrantIssuer);
        var rogueIssuer = new GrantIssuer(new GrantIssuerOptions { SigningKey = rogue.LeafKey, CertificateChain = rogue.Chain }, f.Writes, timeProvider: f.Clock);
        var grant = await rogueIssuer.IssueAsync(new GrantIssueRequest(GrantFixture.Organisation, Item.Code) { ClerkId = "clerk-001" });
        var result = await f.CheckAsync(grant, Item);
        Assert.Equal([GrantReasons.Untrusted], result.Reasons);
        Assert.Empty(result.Licences);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100)]
    public async Task Hostile_grant_bytes_are_denied_as_malformed(int length)
    {
        var f = new GrantFixture();
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        var result = await f.Checker.CheckAsync(new GrantCheckRequest(bytes, Item.Code, GrantFixture.Clerk));
        Assert.Equal([GrantReasons.Malformed], result.Reasons);
        Assert.Null(result.GrantId);
    }

    [Fact]
    public async Task Truncated_and_oversized_grants_are_denied_as_malformed()
    {
        var f = new GrantFixture();
        var grant = await f.GrantAsync(Item);
        var bytes = grant.Encoded.ToArray();
        for (var cut = 1; cut < bytes.Length; cut += 17)
        {
            var result = await f.Checker.CheckAsync(new GrantCheckRequest(bytes.AsMemory(0, cut), Item.Code, GrantFixture.Clerk));
            Assert.Equal([GrantReasons.Malformed], result.Reasons);
        }

        var huge = new byte[SignedGrant.MaxBytes + 1];
        Assert.Equal([GrantReasons.Malformed], (await f.Checker.CheckAsync(new GrantCheckRequest(huge, Item.Code, GrantFixture.Clerk))).Reasons);
    }

    [Fact]
    public async Task Licence_content_is_not_accepted_as_a_grant()
    {
        var f = await FixtureWithLicencesAsync();
        var licence = await f.IssueLicenceAsync(Item.LicenceTypes[0], GrantFixture.Organisation);
        var result = await f.Checker.CheckAsync(new GrantCheckRequest(licence.Encoded, Item.Code, GrantFixture.Clerk));
        Assert.Equal([GrantReasons.Malformed], result.Reasons);
    }

    [Fact]
    public async Task Grant_listing_licence_ids_reveals_only_those_licences()
    {
        var f = await FixtureWithLicencesAsync();
        var type = Item.LicenceTypes[0];
        var chosen = await f.IssueLicenceAsync(type, GrantFixture.Organisation);
        f.Clock.Now = f.Clock.Now.AddSeconds(5);
        var newer = await f.IssueLicenceAsync(type, GrantFixture.Organisation);
        var grant = await f.GrantAsync(Item, licenceIds: [chosen.Id]);
        var result = await f.CheckAsync(grant, Item);
        Assert.True(result.IsAllowed);
        Assert.Equal(chosen.Id, result.Licences.Single(l => l.LicenceType == type).LicenceId);
        Assert.All(result.Licences.Where(l => l.LicenceType != type), l => Assert.False(l.Found));
        var open = await f.CheckAsync(await f.GrantAsync(Item), Item);
        Assert.Equal(newer.Id, open.Licences.Single(l => l.LicenceType == type).LicenceId);
    }

    [Fact]
    public async Task Issuer_rejects_bad_requests_naming_the_field()
    {
        var f = new GrantFixture();
        var person = ServiceCatalog.Default.Items.First(i => i.HolderKind == HolderKind.Person);
        async Task<string> Field(GrantIssueRequest r) => (await Assert.ThrowsAnyAsync<TrustFormatException>(() => f.Issuer.IssueAsync(r))).Field;
        Assert.Equal("service_item", await Field(new GrantIssueRequest(GrantFixture.Person, "NOPE-1") { ClerkId = "c" }));
        Assert.Equal("holder_id", await Field(new GrantIssueRequest(GrantFixture.Organisation, person.Code) { ClerkId = "c" }));
        Assert.Equal("holder_id", await Field(new GrantIssueRequest("330106199003071235", person.Code) { ClerkId = "c" }));
        Assert.Equal("grantee", await Field(new GrantIssueRequest(GrantFixture.Person, person.Code)));
        Assert.Equal("grantee.clerk", await Field(new GrantIssueRequest(GrantFixture.Person, person.Code) { ClerkId = "bad clerk\n" }));
        Assert.Equal("validity_minutes", await Field(new GrantIssueRequest(GrantFixture.Person, person.Code) { ClerkId = "c", ValidityMinutes = 0 }));
        Assert.Equal("validity_minutes", await Field(new GrantIssueRequest(GrantFixture.Person, person.Code) { ClerkId = "c", ValidityMinutes = 1441 }));
        Assert.Equal("licence_ids", await Field(new GrantIssueRequest(GrantFixture.Person, person.Code) { ClerkId = "c", LicenceIds = ["not-an-id"] }));
        Assert.Equal("purpose", await Field(new GrantIssueRequest(GrantFixture.Person, person.Code) { ClerkId = "c", Purpose = new string('x', 257) }));
    }

    [Fact]
    public async Task Checks_and_issues_are_audited_without_personal_data()
    {
        var f = await FixtureWithLicencesAsync();
        var grant = await f.GrantAsync(Item);
        await f.CheckAsync(grant, Item);
        await f.CheckAsync(grant, OtherItem);
        var entries = f.Licences.Audit.Entries.Where(e => e.Action.StartsWith("grant.", StringComparison.Ordinal)).ToList();
        Assert.Equal(["grant.issue", "grant.check", "grant.check"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal(grant.Id, e.Subject));
        Assert.Contains("\"denied\"", entries[2].Details, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.DoesNotContain(GrantFixture.Organisation, e.Details + e.Actor + e.Subject, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Batch_check_gives_per_item_results_and_verifies_each_grant_once()
    {
        var f = await FixtureWithLicencesAsync();
        var good = await f.GrantAsync(Item);
        var once = await f.GrantAsync(Item, singleUse: true);
        var calls = f.GrantValidator.Calls;
        var requests = new List<GrantCheckRequest>();
        for (var i = 0; i < 50; i++)
        {
            requests.Add(new GrantCheckRequest(good.Encoded, Item.Code, GrantFixture.Clerk));
        }

        requests.Add(new GrantCheckRequest(new byte[] { 1, 2, 3 }, Item.Code, GrantFixture.Clerk));
        requests.Add(new GrantCheckRequest(good.Encoded, OtherItem.Code, GrantFixture.Clerk));
        requests.Add(new GrantCheckRequest(once.Encoded, Item.Code, GrantFixture.Clerk));
        requests.Add(new GrantCheckRequest(once.Encoded, Item.Code, GrantFixture.Clerk));
        var results = await f.Checker.CheckManyAsync(requests);
        Assert.Equal(requests.Count, results.Count);
        Assert.All(results.Take(50), r => Assert.True(r.IsAllowed));
        Assert.Equal([GrantReasons.Malformed], results[50].Reasons);
        Assert.Equal([GrantReasons.WrongServiceItem], results[51].Reasons);
        Assert.True(results[52].IsAllowed);
        Assert.Equal([GrantReasons.AlreadyUsed], results[53].Reasons);
        Assert.True(f.GrantValidator.Calls - calls <= 2, "each distinct grant chain validated at most once");
        var single = await f.CheckAsync(good, Item);
        Assert.Equal(single.Licences.Select(l => (l.LicenceType, l.LicenceId, string.Join(",", l.Form))), results[0].Licences.Select(l => (l.LicenceType, l.LicenceId, string.Join(",", l.Form))));
    }

    /// <summary>A grant store that could consume atomically but was not given to the checker as its atomic consumption.</summary>
    private sealed class AtomicCapableGrantStore(InMemoryGrantStore inner) : Trust.Core.Storage.IGrantStore, Trust.Core.Storage.IAtomicGrantConsumption
    {
        public int AtomicCalls;

        public Task RecordAsync(Trust.Core.Storage.GrantRecord grant, CancellationToken cancellationToken = default) => inner.RecordAsync(grant, cancellationToken);

        public Task<Trust.Core.Storage.GrantRecord?> GetAsync(string grantId, CancellationToken cancellationToken = default) => inner.GetAsync(grantId, cancellationToken);

        public Task<bool> RevokeAsync(string grantId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) => inner.RevokeAsync(grantId, reason, at, cancellationToken);

        public Task<bool> IsRevokedAsync(string grantId, CancellationToken cancellationToken = default) => inner.IsRevokedAsync(grantId, cancellationToken);

        public Task<bool> TryConsumeAsync(string grantId, DateTimeOffset at, CancellationToken cancellationToken = default) => inner.TryConsumeAsync(grantId, at, cancellationToken);

        public Task<bool> IsConsumedAsync(string grantId, CancellationToken cancellationToken = default) => inner.IsConsumedAsync(grantId, cancellationToken);

        public Task<Trust.Core.Storage.AuditEntry?> TryConsumeWithAuditAsync(string grantId, DateTimeOffset at, string action, string actor, string details, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref AtomicCalls);
            throw new InvalidOperationException("not given to the checker: atomic consumption must not be used");
        }
    }

    /// <summary>Re-encodes the payload of a grant with a change, keeping the original signature.</summary>
    internal static byte[] Tamper(byte[] grant, Func<GrantPayload, GrantPayload> change)
    {
        var decoded = SignedGrant.Decode(grant);
        var payload = GrantPayloadCbor.Encode(change(decoded.Payload));
        var writer = new CborWriter(CborConformanceMode.Canonical);
        writer.WriteTag((CborTag)18);
        writer.WriteStartArray(4);
        writer.WriteByteString(decoded.Message.ProtectedHeader);
        writer.WriteStartMap(0);
        writer.WriteEndMap();
        writer.WriteByteString(payload);
        writer.WriteByteString(decoded.Message.Signature);
        writer.WriteEndArray();
        return writer.Encode();
    }
}
