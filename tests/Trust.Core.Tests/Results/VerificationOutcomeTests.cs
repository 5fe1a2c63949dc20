using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Core.Status;
using Trust.Core.Services;
using Trust.Core.Tests.Grants;
using Trust.Core.Tests.Licences;
using Trust.Core.Tests.Seals;

namespace Trust.Core.Tests.Results;

/// <summary>VerificationOutcome: the worst reason decides, never passed with a reason, and each result type exposes it.</summary>
public sealed class VerificationOutcomeTests
{
    [Fact]
    public void No_reasons_is_passed()
    {
        var outcome = VerificationOutcome.FromReasons([]);
        Assert.True(outcome.IsPassed);
        Assert.Equal(SubIndication.None, outcome.SubIndication);
        Assert.Empty(outcome.Reasons);
    }

    [Fact]
    public void Failed_beats_indeterminate_whatever_the_order()
    {
        var a = VerificationOutcome.FromReasons(["chain.untrusted", "signature.invalid"]);
        var b = VerificationOutcome.FromReasons(["signature.invalid", "chain.untrusted"]);
        Assert.Equal((Indication.Failed, SubIndication.SigCryptoFailure), (a.Indication, a.SubIndication));
        Assert.Equal((Indication.Failed, SubIndication.SigCryptoFailure), (b.Indication, b.SubIndication));
        Assert.Equal(["chain.untrusted", "signature.invalid"], a.Reasons);
    }

    [Fact]
    public void Among_equals_the_first_in_check_order_decides()
    {
        var outcome = VerificationOutcome.FromReasons(["data.hash_mismatch", "signer.signature_invalid"]);
        Assert.Equal(SubIndication.HashFailure, outcome.SubIndication);
    }

    [Fact]
    public void An_uncatalogued_reason_is_never_passed()
    {
        var outcome = VerificationOutcome.FromReasons(["made.up_reason"]);
        Assert.Equal(Indication.Indeterminate, outcome.Indication);
        Assert.Equal(SubIndication.Generic, outcome.SubIndication);
    }

    [Fact]
    public void A_verdict_reason_is_added_only_when_the_reasons_say_less()
    {
        // A modified PDF seal lists its changes, not codes: the outcome still fails.
        var modified = VerificationOutcome.FromReasons([], "change_analysis.not_permitted");
        Assert.Equal((Indication.Failed, SubIndication.NotPermittedChange), (modified.Indication, modified.SubIndication));
        Assert.Equal(["change_analysis.not_permitted"], modified.Reasons);

        var undecidedButModified = VerificationOutcome.FromReasons(["change_analysis.undecidable"], "change_analysis.not_permitted");
        Assert.Equal(Indication.Failed, undecidedButModified.Indication);

        var explained = VerificationOutcome.FromReasons(["signature.invalid"], "check.failed");
        Assert.Equal(["signature.invalid"], explained.Reasons);
        Assert.Equal(SubIndication.SigCryptoFailure, explained.SubIndication);

        Assert.True(VerificationOutcome.FromReasons([], null).IsPassed);
    }

    [Property(MaxTest = 300)]
    public Property Worst_catalogued_reason_decides_and_any_reason_means_not_passed(NonEmptyArray<PositiveInt> picks)
    {
        var all = ReasonCatalog.All;
        var codes = picks.Get.Select(p => all[p.Get % all.Count].Code).ToArray();
        var outcome = VerificationOutcome.FromReasons(codes);
        var worst = codes.Select(c => ReasonCatalog.Find(c)!.Indication).Max();
        var first = codes.Select(c => ReasonCatalog.Find(c)!).First(r => r.Indication == worst);
        return (outcome.Indication == worst
                && outcome.SubIndication == first.SubIndication
                && !outcome.IsPassed
                && outcome.Reasons.SequenceEqual(codes)).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Arbitrary_strings_never_pass_and_never_throw(NonEmptyArray<string> reasons)
    {
        var codes = reasons.Get.Select(r => r ?? "").ToArray();
        var outcome = VerificationOutcome.FromReasons(codes);
        _ = ReasonCatalog.Describe(codes[0], ReasonLanguage.Chinese);
        return (!outcome.IsPassed).ToProperty();
    }

    [Fact]
    public async Task Licence_results_expose_the_outcome()
    {
        var f = new LicenceFixture(Trust.Core.Crypto.KeyAlgorithm.Sm2);
        var licence = await f.IssueAsync();

        var valid = await f.Verifier.VerifyAsync(licence.Encoded);
        Assert.True(valid.IsValid, valid.ToString());
        Assert.True(valid.Outcome.IsPassed);

        var tampered = licence.Encoded.ToArray();
        tampered[^1] ^= 0x01;
        var broken = await f.Verifier.VerifyAsync(tampered);
        Assert.False(broken.IsValid);
        Assert.Equal(Indication.Failed, broken.Outcome.Indication);
        Assert.All(broken.Reasons, r => Assert.NotNull(ReasonCatalog.Find(r)));

        var empty = await f.Verifier.VerifyAsync(ReadOnlyMemory<byte>.Empty);
        Assert.Equal((Indication.Failed, SubIndication.FormatFailure), (empty.Outcome.Indication, empty.Outcome.SubIndication));

        await f.StatusService.RevokeAsync(licence.Id, "test");
        var revoked = await f.Verifier.VerifyAsync(licence.Encoded);
        Assert.Equal(LicenceVerdict.Revoked, revoked.Verdict);
        Assert.Equal((Indication.Failed, SubIndication.Revoked), (revoked.Outcome.Indication, revoked.Outcome.SubIndication));
    }

    [Fact]
    public async Task Expired_and_suspended_licences_fail_with_their_sub_indications()
    {
        var f = new LicenceFixture(Trust.Core.Crypto.KeyAlgorithm.Sm2);
        var licence = await f.IssueAsync();
        await f.StatusService.SuspendAsync(licence.Id, "test");
        var suspended = await f.Verifier.VerifyAsync(licence.Encoded);
        Assert.Equal(LicenceVerdict.Suspended, suspended.Verdict);
        Assert.Equal((Indication.Failed, SubIndication.Suspended), (suspended.Outcome.Indication, suspended.Outcome.SubIndication));

        await f.StatusService.ResumeAsync(licence.Id, "test");
        if (licence.Payload.ValidUntil is { } until)
        {
            f.Clock.Now = until.AddDays(1);
            var expired = await f.Verifier.VerifyAsync(licence.Encoded);
            Assert.Equal(LicenceVerdict.Expired, expired.Verdict);
            Assert.Equal((Indication.Failed, SubIndication.Expired), (expired.Outcome.Indication, expired.Outcome.SubIndication));
        }
    }

    [Fact]
    public async Task Grant_results_expose_the_outcome()
    {
        var item = ServiceCatalog.Default.Items.First(i => i.HolderKind == HolderKind.Organisation && i.RequiredLicenceTypes.Count > 0);
        var f = new GrantFixture();
        foreach (var type in item.LicenceTypes)
        {
            await f.IssueLicenceAsync(type, GrantFixture.Organisation);
        }

        var grant = await f.GrantAsync(item, minutes: 5);
        var allowed = await f.CheckAsync(grant, item);
        Assert.True(allowed.IsAllowed, allowed.ToString());
        Assert.True(allowed.Outcome.IsPassed);

        var malformed = await f.Checker.CheckAsync(GrantCheckRequest.FromQrText("TG1:%%%", item.Code, GrantFixture.Clerk));
        Assert.Equal((Indication.Failed, SubIndication.FormatFailure), (malformed.Outcome.Indication, malformed.Outcome.SubIndication));

        var stranger = await f.CheckAsync(grant, item, new ClerkIdentity("clerk-002", "PSB3301"));
        Assert.Equal((Indication.Failed, SubIndication.NotAuthorised), (stranger.Outcome.Indication, stranger.Outcome.SubIndication));
        Assert.Equal("denied", stranger.VerdictText);

        f.Clock.Now = f.Clock.Now.AddMinutes(5);
        var expired = await f.CheckAsync(grant, item);
        Assert.Equal((Indication.Failed, SubIndication.Expired), (expired.Outcome.Indication, expired.Outcome.SubIndication));
    }

    [Theory]
    [InlineData(LicenceVerdict.Invalid)]
    [InlineData(LicenceVerdict.Revoked)]
    [InlineData(LicenceVerdict.Suspended)]
    [InlineData(LicenceVerdict.Expired)]
    [InlineData(LicenceVerdict.NotYetValid)]
    [InlineData(LicenceVerdict.Untrusted)]
    public void Every_licence_verdict_but_valid_has_a_catalogued_standing_reason(LicenceVerdict verdict)
    {
        var code = LicenceVerificationResult.VerdictReason(verdict);
        Assert.NotNull(code);
        Assert.NotEqual(Indication.Passed, ReasonCatalog.Find(code!)!.Indication);
        Assert.Null(LicenceVerificationResult.VerdictReason(LicenceVerdict.Valid));
    }

    [Fact]
    public void Ses_results_expose_the_outcome()
    {
        var f = SealFixture.Shared;
        var data = "电子证照"u8.ToArray();
        var signature = new SealSigner().Sign(f.Sm2Seal(), f.Sm2Signer.Certificate, f.Sm2Signer.Key, new MemoryStream(data), "x.pdf").Encode();
        var verifier = new SealSignatureVerifier(f.NewValidator());

        Assert.True(verifier.Verify(signature, new MemoryStream(data)).Outcome.IsPassed);

        var altered = verifier.Verify(signature, new MemoryStream([.. data, 0]));
        Assert.Equal(SealVerdict.Invalid, altered.Verdict);
        Assert.Equal((Indication.Failed, SubIndication.HashFailure), (altered.Outcome.Indication, altered.Outcome.SubIndication));

        var garbage = verifier.Verify(new byte[] { 0x30, 0x03, 0x02, 0x01, 0x01 }, new MemoryStream(data));
        Assert.Equal((Indication.Failed, SubIndication.FormatFailure), (garbage.Outcome.Indication, garbage.Outcome.SubIndication));
    }

    [Property(MaxTest = 100)]
    public Property Ses_verifier_on_random_bytes_reports_catalogued_reasons_and_never_passes(byte[] bytes)
    {
        var result = new SealSignatureVerifier(SealFixture.Shared.NewValidator()).Verify(bytes ?? [], new MemoryStream([1]));
        return (!result.Outcome.IsPassed && result.Reasons.All(r => ReasonCatalog.Find(r) is not null)).ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Status_list_on_random_bytes_fails_with_a_catalogued_reason(byte[] bytes)
    {
        var ok = StatusList.TryVerify(bytes ?? [], SealFixture.Shared.NewValidator(), out var list, out var reason);
        var outcome = StatusList.OutcomeOf(reason);
        return (!ok && list is null && !outcome.IsPassed && outcome.Reasons.Count == 1 && ReasonCatalog.Find(outcome.Reasons[0]) is not null).ToProperty();
    }

    [Fact]
    public void Status_list_outcome_is_that_of_its_reason()
    {
        byte[] bytes = [0xD2, 0x84, 0x40, 0xA0, 0xF6, 0x40];
        Assert.False(StatusList.TryVerify(bytes, SealFixture.Shared.NewValidator(), out _, out var reason));
        var outcome = StatusList.OutcomeOf(reason);
        Assert.Equal([reason], outcome.Reasons);
        Assert.Equal(Indication.Failed, outcome.Indication);
        Assert.True(StatusList.OutcomeOf("").IsPassed);
    }

    [Fact]
    public void Verdict_words_are_the_brief_s_words()
    {
        Assert.Equal(
            ["valid", "invalid", "revoked", "suspended", "expired", "not_yet_valid", "untrusted"],
            new[] { LicenceVerdict.Valid, LicenceVerdict.Invalid, LicenceVerdict.Revoked, LicenceVerdict.Suspended, LicenceVerdict.Expired, LicenceVerdict.NotYetValid, LicenceVerdict.Untrusted }.Select(VerdictWords.Licence));
        Assert.All(Enum.GetValues<LicenceVerdict>(), v => Assert.Equal(VerdictWords.Licence(v), LicenceVerdicts.ToText(v)));
        Assert.Equal(["allowed", "denied"], new[] { GrantVerdict.Allowed, GrantVerdict.Denied }.Select(VerdictWords.Grant));
        Assert.Equal(["valid", "invalid", "indeterminate"], new[] { SealVerdict.Valid, SealVerdict.Invalid, SealVerdict.Indeterminate }.Select(VerdictWords.Seal));
        Assert.Equal(["valid", "suspended", "revoked"], new[] { LicenceStatus.Valid, LicenceStatus.Suspended, LicenceStatus.Revoked }.Select(VerdictWords.Status));
        Assert.Equal(
            ["trusted", "untrusted", "expired", "not-yet-valid", "revoked", "invalid"],
            new[] { ChainStatus.Trusted, ChainStatus.Untrusted, ChainStatus.Expired, ChainStatus.NotYetValid, ChainStatus.Revoked, ChainStatus.Invalid }.Select(VerdictWords.Certificate));
        Assert.Equal("not-checked", VerdictWords.CertificateNotChecked);
        Assert.Equal("missing", VerdictWords.Missing);
        Assert.Equal(["modified", "unsigned"], new[] { VerdictWords.Modified, VerdictWords.Unsigned });
    }

    [Fact]
    public void Status_words_never_come_from_lower_casing_an_enum()
    {
        // An unknown status value must not leak as an enum name ("notyetvalid"-style); it reads as invalid.
        Assert.Equal("invalid", VerdictWords.Status((LicenceStatus)3));
        Assert.Equal("invalid", VerdictWords.Licence((LicenceVerdict)99));
    }
}
