using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Services;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Core.Tests.Grants;
using Trust.Core.Tests.Licences;
using Trust.Core.Tests.Seals;

namespace Trust.Core.Tests.Limits;

/// <summary>
/// Each verifier's limits object: a configured limit below an artefact refuses it before the work with the limit named
/// (<c>limit.*</c>, indeterminate, never valid); the defaults still accept the valid artefacts; out-of-range limits are
/// refused when the verifier is made.
/// </summary>
public sealed class VerifierLimitTests
{
    private static readonly Lazy<(LicenceFixture Fixture, SignedLicence Licence)> Licence = new(() =>
    {
        var fixture = new LicenceFixture(KeyAlgorithm.EcP256);
        return (fixture, fixture.IssueAsync().GetAwaiter().GetResult());
    });

    private static LicenceVerifier LicenceVerifierWith(LicenceVerificationLimits limits)
    {
        var f = Licence.Value.Fixture;
        return new LicenceVerifier(f.Validator, new StoreStatusSource(f.Store), timeProvider: f.Clock, limits: limits);
    }

    [Property(MaxTest = 40)]
    public Property A_licence_larger_than_the_configured_size_is_refused_and_one_within_it_verifies(PositiveInt seed)
    {
        var licence = Licence.Value.Licence.Encoded;
        var below = 1 + (seed.Get % (licence.Length - 1));
        var atOrAbove = licence.Length + (seed.Get % (LicenceVerificationLimits.MaxInputBytesCap - licence.Length + 1));
        var refused = LicenceVerifierWith(new LicenceVerificationLimits { MaxInputBytes = below }).CheckContent(licence);
        var accepted = LicenceVerifierWith(new LicenceVerificationLimits { MaxInputBytes = atOrAbove }).CheckContent(licence);
        return (refused.Verdict == LicenceVerdict.Untrusted && refused.Reasons.SequenceEqual([LimitReasons.InputSize]) && refused.Licence is null
                && accepted.Verdict == LicenceVerdict.Valid).ToProperty();
    }

    [Theory]
    [InlineData("certificates", LimitReasons.Certificates)]
    [InlineData("depth", LimitReasons.NestingDepth)]
    [InlineData("size", LimitReasons.InputSize)]
    public async Task A_licence_over_a_configured_limit_is_untrusted_and_indeterminate_naming_the_limit(string limit, string reason)
    {
        var limits = limit switch
        {
            "certificates" => new LicenceVerificationLimits { MaxChainCertificates = 1 }, // the fixture's chain has two
            "depth" => new LicenceVerificationLimits { MaxNestingDepth = 2 },              // tag, array, x5chain array: 3
            _ => new LicenceVerificationLimits { MaxInputBytes = 100 },
        };
        var result = await LicenceVerifierWith(limits).VerifyAsync(Licence.Value.Licence.Encoded);
        Assert.Equal(LicenceVerdict.Untrusted, result.Verdict);
        Assert.Equal([reason], result.Reasons);
        Assert.Equal(Indication.Indeterminate, result.Outcome.Indication);
    }

    [Fact]
    public async Task Default_limits_accept_the_valid_licence_and_the_format_maximum_stays_a_format_error()
    {
        var verifier = LicenceVerifierWith(LicenceVerificationLimits.Default);
        Assert.True((await verifier.VerifyAsync(Licence.Value.Licence.Encoded)).IsValid);
        var tooLarge = await verifier.VerifyAsync(new byte[SignedLicence.MaxBytes + 1]);
        Assert.Equal(LicenceVerdict.Invalid, tooLarge.Verdict);
        Assert.Equal(["input.too_large"], tooLarge.Reasons);

        // The lowest limits that still fit this licence accept it.
        var tight = LicenceVerifierWith(new LicenceVerificationLimits { MaxInputBytes = Licence.Value.Licence.Encoded.Length, MaxChainCertificates = 2, MaxNestingDepth = 3 });
        Assert.True((await tight.VerifyAsync(Licence.Value.Licence.Encoded)).IsValid);
    }

    public static TheoryData<string, Func<object>> OutOfRange => new()
    {
        { "MaxInputBytes", () => new LicenceVerificationLimits { MaxInputBytes = 0 } },
        { "MaxInputBytes", () => new LicenceVerificationLimits { MaxInputBytes = LicenceVerificationLimits.MaxInputBytesCap + 1 } },
        { "MaxChainCertificates", () => new LicenceVerificationLimits { MaxChainCertificates = -1 } },
        { "MaxNestingDepth", () => new LicenceVerificationLimits { MaxNestingDepth = 9 } },
        { "MaxInputBytes", () => new GrantVerificationLimits { MaxInputBytes = SignedGrant.MaxBytes + 1 } },
        { "MaxChainCertificates", () => new GrantVerificationLimits { MaxChainCertificates = 0 } },
        { "MaxLifetime", () => new GrantVerificationLimits { MaxLifetime = TimeSpan.FromDays(2) } },
        { "MaxLifetime", () => new GrantVerificationLimits { MaxLifetime = TimeSpan.Zero } },
        { "MaxClockSkew", () => new GrantVerificationLimits { MaxClockSkew = TimeSpan.FromMinutes(-1) } },
        { "MaxClockSkew", () => new GrantVerificationLimits { MaxClockSkew = TimeSpan.FromHours(1) } },
        { "MaxInputBytes", () => new StatusListVerificationLimits { MaxInputBytes = 0 } },
        { "MaxEntries", () => new StatusListVerificationLimits { MaxEntries = StatusListVerificationLimits.MaxEntriesCap + 1 } },
        { "MaxChainCertificates", () => new StatusListVerificationLimits { MaxChainCertificates = 6 } },
        { "MaxSignatureBytes", () => new SesVerificationLimits { MaxSignatureBytes = int.MaxValue } },
        { "MaxNestingDepth", () => new SesVerificationLimits { MaxNestingDepth = 0 } },
        { "MaxCertificateListEntries", () => new SesVerificationLimits { MaxCertificateListEntries = 33 } },
        { "MaxPictureBytes", () => new SesVerificationLimits { MaxPictureBytes = -5 } },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_limit_out_of_its_range_is_refused_when_the_verifier_is_made_naming_the_property(string property, Func<object> limits)
    {
        var f = Licence.Value.Fixture;
        var grants = new InMemoryTrustStore();
        Action make = limits() switch
        {
            LicenceVerificationLimits l => () => _ = new LicenceVerifier(f.Validator, new StoreStatusSource(f.Store), limits: l),
            GrantVerificationLimits g => () => _ = new GrantChecker(f.Validator, grants, grants, f.Verifier, grants, grants, limits: g),
            StatusListVerificationLimits s => () => StatusList.TryVerify(new byte[] { 1 }, f.Validator, s, out _, out _),
            SesVerificationLimits s => () => _ = new SealSignatureVerifier(f.Validator, limits: s),
            _ => throw new InvalidOperationException(),
        };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(make);
        Assert.Equal(property, ex.ParamName);
        Assert.Contains(property, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_the_format_maxima_and_pass_validation()
    {
        LicenceVerificationLimits.Default.Validate();
        GrantVerificationLimits.Default.Validate();
        StatusListVerificationLimits.Default.Validate();
        SesVerificationLimits.Default.Validate();
        Assert.Equal(SignedLicence.MaxBytes, LicenceVerificationLimits.Default.MaxInputBytes);
        Assert.Equal(SignedGrant.MaxBytes, GrantVerificationLimits.Default.MaxInputBytes);
        Assert.Equal(GrantChecker.MaxLifetime, GrantVerificationLimits.Default.MaxLifetime);
        Assert.Equal(GrantChecker.MaxClockSkew, GrantVerificationLimits.Default.MaxClockSkew);
        Assert.Equal(SesLimits.MaxSignatureBytes, SesVerificationLimits.Default.MaxSignatureBytes);
        Assert.All([LimitReasons.InputSize, LimitReasons.NestingDepth, LimitReasons.Certificates, LimitReasons.Entries, LimitReasons.PictureSize, LimitReasons.Time, LimitReasons.Objects, LimitReasons.TotalDecodedBytes],
            code => Assert.Equal(Indication.Indeterminate, ReasonCatalog.Find(code)!.Indication));
    }

    // Grants ------------------------------------------------------------------------------------------------------

    private static readonly ServiceItem Item = ServiceCatalog.Default.Items.First(i => i.HolderKind == HolderKind.Organisation && i.RequiredLicenceTypes.Count > 0);

    [Theory]
    [InlineData("size", LimitReasons.InputSize)]
    [InlineData("certificates", LimitReasons.Certificates)]
    [InlineData("lifetime", GrantReasons.LifetimeTooLong)]
    [InlineData("none", null)]
    public async Task A_grant_over_a_configured_limit_is_denied_naming_it_and_the_defaults_allow_it(string limit, string? reason)
    {
        var f = new GrantFixture();
        foreach (var type in Item.LicenceTypes)
        {
            await f.IssueLicenceAsync(type, GrantFixture.Organisation);
        }

        var grant = await f.GrantAsync(Item, minutes: 30);
        var limits = limit switch
        {
            "size" => new GrantVerificationLimits { MaxInputBytes = grant.Encoded.Length - 1 },
            "certificates" => new GrantVerificationLimits { MaxChainCertificates = 1 },
            "lifetime" => new GrantVerificationLimits { MaxLifetime = TimeSpan.FromMinutes(29) },
            _ => GrantVerificationLimits.Default,
        };
        var checker = new GrantChecker(f.GrantValidator, f.Grants, f.Licences.Store, f.Licences.Verifier, f.Audit, null, timeProvider: f.Clock, limits: limits);
        var result = await checker.CheckAsync(new GrantCheckRequest(grant.Encoded, Item.Code, GrantFixture.Clerk));
        if (reason is null)
        {
            Assert.True(result.IsAllowed, result.ToString());
            return;
        }

        Assert.False(result.IsAllowed);
        Assert.Equal([reason], result.Reasons);
        Assert.Empty(result.Licences);
        Assert.Equal(reason.StartsWith("limit.", StringComparison.Ordinal) ? Indication.Indeterminate : Indication.Failed, result.Outcome.Indication);
    }

    // Status lists ------------------------------------------------------------------------------------------------

    private static readonly Lazy<(byte[] Signed, TestIssuerPki Pki)> StatusListSample = new(() =>
    {
        var store = new InMemoryLicenceStore();
        for (var i = 0; i < 40; i++)
        {
            var index = store.AllocateStatusIndexAsync("L1").GetAwaiter().GetResult();
            store.AddAsync(new LicenceRecord($"id{index}", "BL", 1, "h", "n", "SAMR3301", "L1", index, LicenceFixture.Now, LicenceFixture.Now, null, [])).GetAwaiter().GetResult();
        }

        store.SetStatusAsync(new StatusChange("id39", LicenceStatus.Revoked, "test", LicenceFixture.Now)).GetAwaiter().GetResult();
        var pki = TestIssuerPki.For(KeyAlgorithm.EcP256);
        var signed = new StatusListBuilder("SAMR3301", pki.LeafKey, pki.Chain, store, new ManualTimeProvider(LicenceFixture.Now)).BuildAsync("L1", TimeSpan.FromHours(1)).GetAwaiter().GetResult();
        return (signed, pki);
    });

    [Property(MaxTest = 30)]
    public Property A_status_list_larger_than_the_configured_size_is_refused_and_one_within_it_verifies(PositiveInt seed)
    {
        var (signed, pki) = StatusListSample.Value;
        var validator = new Licences.TestCertificateValidator(pki.Root);
        var below = 1 + (seed.Get % (signed.Length - 1));
        var refusedOk = StatusList.TryVerify(signed, validator, new StatusListVerificationLimits { MaxInputBytes = below }, out var none, out var reason);
        var acceptedOk = StatusList.TryVerify(signed, validator, new StatusListVerificationLimits { MaxInputBytes = signed.Length }, out var list, out _);
        return (!refusedOk && none is null && reason == LimitReasons.InputSize && StatusList.OutcomeOf(reason).Indication == Indication.Indeterminate
                && acceptedOk && list!.GetStatus(39) == LicenceStatus.Revoked).ToProperty()
            .Label($"refused {refusedOk} {reason} {StatusList.OutcomeOf(reason)}; accepted {acceptedOk} {list?.GetStatus(39)}");
    }

    [Theory]
    [InlineData("entries", LimitReasons.Entries)]
    [InlineData("certificates", LimitReasons.Certificates)]
    [InlineData("none", "")]
    public void A_status_list_over_a_configured_limit_names_it_and_the_defaults_accept_it(string limit, string expected)
    {
        var (signed, pki) = StatusListSample.Value;
        var limits = limit switch
        {
            "entries" => new StatusListVerificationLimits { MaxEntries = 39 }, // the list records 40 entries
            "certificates" => new StatusListVerificationLimits { MaxChainCertificates = 1 },
            _ => StatusListVerificationLimits.Default,
        };
        var ok = StatusList.TryVerify(signed, new Licences.TestCertificateValidator(pki.Root), limits, out _, out var reason);
        Assert.Equal(expected, reason);
        Assert.Equal(expected.Length == 0, ok);
    }

    // SES ---------------------------------------------------------------------------------------------------------

    private static readonly byte[] Data = "the signed document"u8.ToArray();

    private static readonly Lazy<byte[]> Signature = new(() =>
        new SealSigner().Sign(SealFixture.Shared.Sm2Seal(), SealFixture.Shared.Sm2Signer.Certificate, SealFixture.Shared.Sm2Signer.Key, new MemoryStream(Data)).Encode());

    [Property(MaxTest = 20)]
    public Property An_ses_signature_larger_than_the_configured_size_is_indeterminate_and_one_within_it_is_valid(PositiveInt seed)
    {
        var der = Signature.Value;
        var below = 1 + (seed.Get % (der.Length - 1));
        var refused = new SealSignatureVerifier(SealFixture.Shared.NewValidator(), limits: new SesVerificationLimits { MaxSignatureBytes = below }).Verify(der, new MemoryStream(Data));
        var accepted = new SealSignatureVerifier(SealFixture.Shared.NewValidator(), limits: new SesVerificationLimits { MaxSignatureBytes = der.Length }).Verify(der, new MemoryStream(Data));
        return (refused.Verdict == SealVerdict.Indeterminate && refused.Reasons.SequenceEqual([LimitReasons.InputSize])
                && refused.Outcome.Indication == Indication.Indeterminate && accepted.IsValid).ToProperty();
    }

    [Theory]
    [InlineData("depth", LimitReasons.NestingDepth)]
    [InlineData("picture", LimitReasons.PictureSize)]
    [InlineData("none", null)]
    public void An_ses_signature_over_a_configured_limit_names_it_and_the_defaults_accept_it(string limit, string? reason)
    {
        var limits = limit switch
        {
            "depth" => new SesVerificationLimits { MaxNestingDepth = 3 },
            "picture" => new SesVerificationLimits { MaxPictureBytes = 3 }, // the fixture's picture has 4 bytes
            _ => SesVerificationLimits.Default,
        };
        var result = new SealSignatureVerifier(SealFixture.Shared.NewValidator(), limits: limits).Verify(Signature.Value, new MemoryStream(Data));
        if (reason is null)
        {
            Assert.True(result.IsValid, string.Join(", ", result.Reasons));
            return;
        }

        Assert.Equal(SealVerdict.Indeterminate, result.Verdict);
        Assert.Equal([reason], result.Reasons);
    }
}
