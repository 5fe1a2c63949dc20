using FsCheck;
using FsCheck.Xunit;
using QRCoder;
using Trust.Core.Crypto;
using Trust.Core.Identifiers;
using Trust.Core.Licences;
using Trust.Core.Status;
using Xunit.Abstractions;

namespace Trust.Core.Tests.Licences;

public sealed class LicenceIssueAndVerifyTests(ITestOutputHelper output)
{
    private static readonly Lazy<LicenceFixture> Sm2 = new(() => new LicenceFixture(KeyAlgorithm.Sm2));
    private static readonly Lazy<IReadOnlyList<SignedLicence>> Sm2Samples = new(() =>
        LicenceCatalog.Default.Types.Take(12).Select(t => Sm2.Value.Issuer.IssueAsync(LicenceFixture.ExampleRequest(t)).GetAwaiter().GetResult()).ToList());

    public static TheoryData<KeyAlgorithm, SignatureAlgorithm?> Issuers => new()
    {
        { KeyAlgorithm.Sm2, null },
        { KeyAlgorithm.Rsa, null },
        { KeyAlgorithm.Rsa, SignatureAlgorithm.RsaPssSha256 },
        { KeyAlgorithm.EcP256, null },
    };

    [Theory]
    [InlineData(KeyAlgorithm.Sm2)]
    [InlineData(KeyAlgorithm.Rsa)]
    public async Task Every_catalog_type_issued_by_this_issuer_verifies_valid(KeyAlgorithm algorithm)
    {
        var f = new LicenceFixture(algorithm);
        var types = LicenceCatalog.Default.Types;
        var issued = new List<SignedLicence>();
        foreach (var type in types)
        {
            issued.Add(await f.Issuer.IssueAsync(LicenceFixture.ExampleRequest(type)));
        }

        var results = await f.Verifier.VerifyManyAsync(issued.Select(l => l.Encoded).ToList());
        Assert.Equal(types.Count, results.Count);
        for (var i = 0; i < results.Count; i++)
        {
            Assert.True(results[i].IsValid, $"{types[i].Code}: {results[i]}");
            Assert.Equal(issued[i].Id, results[i].LicenceId);
            Assert.Equal(types[i].Code, results[i].Licence!.Payload.TypeCode);
            Assert.Equal(types[i].Version, results[i].Licence!.Payload.TypeVersion);
        }

        Assert.Equal(types.Count, f.Store.Count);
        Assert.Equal(types.Count, f.Audit.Entries.Count(e => e.Action == "licence.issue"));
        Assert.True(f.Validator.Calls == 1, $"chain validated {f.Validator.Calls} times for {types.Count} licences of one issuer");
    }

    [Theory]
    [MemberData(nameof(Issuers))]
    public async Task Licence_of_each_algorithm_verifies_and_records_what_was_issued(KeyAlgorithm key, SignatureAlgorithm? alg)
    {
        var f = new LicenceFixture(key, alg);
        var licence = await f.IssueAsync("BL");
        Assert.Equal(alg ?? f.Pki.LeafKey.DefaultAlgorithm, licence.Algorithm);
        var result = await f.Verifier.VerifyAsync(licence.Encoded);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal("valid", result.VerdictText);
        Assert.Empty(result.Reasons);

        var p = licence.Payload;
        Assert.True(LicenceId.TryParse(p.Id, out var id));
        Assert.Equal(("BL", "SAMR3301", 2025), (id.TypeCode, id.Department, id.Year));
        Assert.Equal(LicenceFixture.Now, p.IssuedAt);
        Assert.DoesNotContain(LicenceType.HolderIdField, p.Fields.Keys);
        Assert.DoesNotContain(LicenceType.HolderNameField, p.Fields.Keys);
        var record = await f.Store.GetAsync(p.Id);
        Assert.Equal(licence.Encoded.ToArray(), record!.Signed);
        Assert.Equal(p.StatusIndex, record.StatusIndex);
        var audit = Assert.Single(f.Audit.Entries);
        Assert.Equal(("licence.issue", p.Id), (audit.Action, audit.Subject));
        Assert.DoesNotContain(p.HolderId, audit.Details, StringComparison.Ordinal);
        Assert.DoesNotContain(p.HolderName, audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Payload_is_deterministic_cbor_with_the_documented_keys()
    {
        var licence = await Sm2.Value.IssueAsync("BL");
        var payload = licence.Message.Payload;
        var reader = new System.Formats.Cbor.CborReader(payload, System.Formats.Cbor.CborConformanceMode.Canonical);
        var count = reader.ReadStartMap();
        var keys = new List<ulong>();
        for (var i = 0; i < count; i++)
        {
            keys.Add(reader.ReadUInt64());
            reader.SkipValue();
        }

        Assert.Equal(licence.Payload.ValidUntil is null ? [1UL, 2, 3, 4, 5, 6, 7, 8, 10, 11] : [1UL, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], keys);
        Assert.Equal(payload, Core.Licences.LicencePayloadCbor.Encode(licence.Payload));
    }

    [Property(MaxTest = 150)]
    public bool Flipping_any_bit_of_a_lic_file_makes_it_not_valid(NonNegativeInt sample, NonNegativeInt bitSeed)
    {
        var licences = Sm2Samples.Value;
        var bytes = licences[sample.Get % licences.Count].Encoded.ToArray();
        var bit = bitSeed.Get % (bytes.Length * 8);
        bytes[bit / 8] ^= (byte)(1 << (bit % 8));
        var result = Sm2.Value.Verifier.VerifyAsync(bytes).GetAwaiter().GetResult();
        return !result.IsValid && result.Reasons.Count > 0;
    }

    [Fact]
    public async Task Flipping_each_bit_of_the_signature_and_payload_regions_is_caught()
    {
        var licence = (await Sm2.Value.IssueAsync("MC")).Encoded.ToArray();
        var results = await Sm2.Value.Verifier.VerifyManyAsync(
            Enumerable.Range(0, licence.Length * 8).Where(b => b % 61 == 0).Select(b =>
            {
                var copy = (byte[])licence.Clone();
                copy[b / 8] ^= (byte)(1 << (b % 8));
                return (ReadOnlyMemory<byte>)copy;
            }).ToList());
        Assert.All(results, r => Assert.False(r.IsValid));
    }

    [Fact]
    public async Task Revoked_suspended_and_resumed_licences_get_the_matching_verdict()
    {
        var f = new LicenceFixture(KeyAlgorithm.Rsa);
        var licence = await f.IssueAsync("FBP");
        await f.StatusService.SuspendAsync(licence.Id, "inspection");
        var suspended = await f.Verifier.VerifyAsync(licence.Encoded);
        Assert.Equal(LicenceVerdict.Suspended, suspended.Verdict);
        Assert.Contains("status.suspended", suspended.Reasons);
        await f.StatusService.ResumeAsync(licence.Id, "cleared");
        Assert.True((await f.Verifier.VerifyAsync(licence.Encoded)).IsValid);
        await f.StatusService.RevokeAsync(licence.Id, "fraud");
        var revoked = await f.Verifier.VerifyAsync(licence.Encoded);
        Assert.Equal(LicenceVerdict.Revoked, revoked.Verdict);
        Assert.Equal("revoked", revoked.VerdictText);
        Assert.Equal(["licence.issue", "licence.suspend", "licence.resume", "licence.revoke"], f.Audit.Entries.Select(e => e.Action));
    }

    [Fact]
    public async Task Clock_past_validity_gives_expired_and_before_start_not_yet_valid()
    {
        var f = new LicenceFixture(KeyAlgorithm.Sm2);
        var type = LicenceCatalog.Default.Types.First(t => t.DefaultValidity is not null);
        var licence = await f.Issuer.IssueAsync(LicenceFixture.ExampleRequest(type));
        Assert.Equal(type.DefaultValidity!.Value.AddTo(LicenceFixture.Now), licence.Payload.ValidUntil);

        f.Clock.Now = licence.Payload.ValidUntil!.Value;
        var expired = await f.Verifier.VerifyAsync(licence.Encoded);
        Assert.Equal(LicenceVerdict.Expired, expired.Verdict);
        Assert.Equal(["validity.expired"], expired.Reasons);

        f.Clock.Now = LicenceFixture.Now;
        var later = await f.Issuer.IssueAsync(LicenceFixture.ExampleRequest(type) with { ValidFrom = LicenceFixture.Now.AddDays(10) });
        var early = await f.Verifier.VerifyAsync(later.Encoded);
        Assert.Equal("not_yet_valid", early.VerdictText);
    }

    [Fact]
    public async Task Licence_signed_by_a_key_outside_the_trust_anchors_is_untrusted()
    {
        var stranger = new LicenceFixture(KeyAlgorithm.Sm2, pki: TestIssuerPki.CreateFresh(KeyAlgorithm.Sm2));
        var licence = await stranger.IssueAsync("BL");
        var result = await Sm2.Value.Verifier.VerifyAsync(licence.Encoded);
        Assert.Equal(LicenceVerdict.Untrusted, result.Verdict);
        Assert.Contains("chain.untrusted", result.Reasons);
    }

    [Fact]
    public async Task Offline_verifier_uses_the_signed_status_list_and_distrusts_a_stale_one()
    {
        var f = new LicenceFixture(KeyAlgorithm.Sm2);
        var good = await f.IssueAsync("BL");
        var bad = await f.IssueAsync("BL");
        await f.StatusService.RevokeAsync(bad.Id, "withdrawn");
        var signedList = await new StatusListBuilder("SAMR3301", f.Pki.LeafKey, f.Pki.Chain, f.Store, f.Clock).BuildAsync("SAMR3301-L1", TimeSpan.FromHours(1));
        Assert.True(StatusList.TryVerify(signedList, f.Validator, out var list, out var why), why);
        var offline = new StatusListStatusSource(f.Clock);
        offline.Add(list!);
        var verifier = new LicenceVerifier(f.Validator, offline, timeProvider: f.Clock);

        Assert.True((await verifier.VerifyAsync(good.Encoded)).IsValid);
        Assert.Equal(LicenceVerdict.Revoked, (await verifier.VerifyAsync(bad.Encoded)).Verdict);

        f.Clock.Now = LicenceFixture.Now.AddHours(2);
        var stale = await verifier.VerifyAsync(good.Encoded);
        Assert.Equal(LicenceVerdict.Untrusted, stale.Verdict);
        Assert.Contains("status.indeterminate:status.list_expired", stale.Reasons);
    }

    [Fact]
    public async Task Bad_holder_or_fields_are_refused_at_issuance_naming_the_field()
    {
        var f = new LicenceFixture(KeyAlgorithm.Rsa);
        var bl = LicenceFixture.ExampleRequest("BL");
        var badHolder = await Assert.ThrowsAsync<LicenceFieldsException>(() => f.Issuer.IssueAsync(bl with { HolderId = "91330106MA2AXXXXX0" }));
        Assert.Equal("holder_id", badHolder.Field);

        var person = LicenceFixture.ExampleRequest("MC");
        var wrongKind = await Assert.ThrowsAsync<LicenceFieldsException>(() => f.Issuer.IssueAsync(person with { HolderId = bl.HolderId }));
        Assert.Contains(wrongKind.Errors, e => e.Field == "holder_id");

        var required = LicenceCatalog.Default.Get("BL").Fields.First(d => d.Required && d.Code is not (LicenceType.HolderIdField or LicenceType.HolderNameField));
        var missing = bl with { Fields = bl.Fields.Where(kv => kv.Key != required.Code).ToDictionary() };
        var ex = await Assert.ThrowsAsync<LicenceFieldsException>(() => f.Issuer.IssueAsync(missing));
        Assert.Equal(required.Code, ex.Field);

        var unknown = await Assert.ThrowsAsync<TrustFormatException>(() => f.Issuer.IssueAsync(bl with { TypeCode = "NOPE" }));
        Assert.Equal("type", unknown.Field);
        Assert.Equal(0, f.Store.Count);
    }

    [Fact]
    public async Task Re_signed_payload_that_breaks_its_type_schema_is_invalid_with_the_field_named()
    {
        var f = Sm2.Value;
        var licence = await f.IssueAsync("BL");
        var required = LicenceCatalog.Default.Get("BL").Fields.First(d => d.Required && d.Code is not (LicenceType.HolderIdField or LicenceType.HolderNameField));
        var fields = licence.Payload.Fields.Where(kv => kv.Key != required.Code).ToDictionary();
        var broken = licence.Payload with { Fields = fields };
        var bytes = Core.Cose.CoseSign1.Sign(f.Pki.LeafKey, SignatureAlgorithm.Sm2Sm3, Core.Licences.LicencePayloadCbor.Encode(broken), SignedLicence.ContentType, f.Pki.LeafKey.PublicKey.Thumbprint(), f.Pki.Chain);
        var result = await f.Verifier.VerifyAsync(bytes);
        Assert.Equal(LicenceVerdict.Invalid, result.Verdict);
        Assert.Contains("schema.missing_field:" + required.Code, result.Reasons);
    }

    [Fact]
    public async Task Qr_text_round_trips_and_a_business_licence_fits_a_qr_code()
    {
        var licence = await Sm2.Value.IssueAsync("BL");
        var text = licence.ToQrText();
        Assert.StartsWith(SignedLicence.QrPrefix, text, StringComparison.Ordinal);
        var back = SignedLicence.FromQrText(text);
        Assert.Equal(licence.Encoded.ToArray(), back.Encoded.ToArray());
        Assert.True((await Sm2.Value.Verifier.VerifyAsync(SignedLicence.BytesFromQrText(text))).IsValid);

        using var generator = new QRCodeGenerator();
        var withChain = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M).Version;
        Assert.InRange(withChain, 1, 40);
        output.WriteLine($"QR: business licence, SM2, 2-cert chain: {licence.Encoded.Length} bytes COSE, {text.Length} chars, version {withChain} (M)");
    }

    [Fact]
    public async Task Chain_results_are_reused_until_the_trust_store_version_changes()
    {
        var f = new LicenceFixture(KeyAlgorithm.Rsa);
        var licence = await f.IssueAsync("BL");
        Assert.True((await f.Verifier.VerifyAsync(licence.Encoded)).IsValid);
        Assert.True((await f.Verifier.VerifyAsync(licence.Encoded)).IsValid);
        Assert.Equal(1, f.Validator.Calls);

        f.Clock.Now = LicenceFixture.Now.AddDays(1);
        var later = await f.IssueAsync("BL");
        Assert.True((await f.Verifier.VerifyAsync(later.Encoded)).IsValid);
        Assert.Equal(2, f.Validator.Calls);
        Assert.True((await f.Verifier.VerifyAsync(licence.Encoded)).IsValid);
        Assert.Equal(2, f.Validator.Calls);

        f.Validator.Version++;
        Assert.True((await f.Verifier.VerifyAsync(licence.Encoded)).IsValid);
        Assert.Equal(3, f.Validator.Calls);
    }

    [Fact]
    public void Issuer_refuses_a_chain_whose_leaf_is_not_its_key_and_an_algorithm_that_does_not_fit()
    {
        var sm2 = TestIssuerPki.For(KeyAlgorithm.Sm2);
        var rsa = TestIssuerPki.For(KeyAlgorithm.Rsa);
        Assert.Throws<TrustKeyException>(() => new LicenceIssuer(
            new LicenceIssuerOptions { DepartmentCode = "SAMR3301", SigningKey = sm2.LeafKey, CertificateChain = rsa.Chain, StatusListId = "L" },
            new InMemoryLicenceStore(), new SplitAuditedWrites(null, new InMemoryAuditLog())));
        Assert.Throws<TrustKeyException>(() => new LicenceIssuer(
            new LicenceIssuerOptions { DepartmentCode = "SAMR3301", SigningKey = sm2.LeafKey, CertificateChain = sm2.Chain, StatusListId = "L", Algorithm = SignatureAlgorithm.RsaPssSha256 },
            new InMemoryLicenceStore(), new SplitAuditedWrites(null, new InMemoryAuditLog())));
        Assert.Throws<TrustFormatException>(() => new LicenceIssuer(
            new LicenceIssuerOptions { DepartmentCode = "bad-dept", SigningKey = sm2.LeafKey, CertificateChain = sm2.Chain, StatusListId = "L" },
            new InMemoryLicenceStore(), new SplitAuditedWrites(null, new InMemoryAuditLog())));
    }
}
