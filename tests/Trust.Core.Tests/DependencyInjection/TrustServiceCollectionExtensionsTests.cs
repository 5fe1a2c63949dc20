using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Trust.Core.Audit;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Core.Tests.DependencyInjection;

/// <summary><c>AddTrustVerification</c> and <c>AddTrustInMemoryStore</c>: what an embedder gets from the container.</summary>
public sealed class TrustServiceCollectionExtensionsTests
{
    [Fact]
    public async Task Verifier_from_the_container_verifies_revokes_and_audits_through_the_in_memory_store()
    {
        using var pki = SmallPki.Create();
        using var provider = new ServiceCollection()
            .AddTrustInMemoryStore()
            .AddTrustVerification(o => o.TrustAnchors.Add(pki.Root))
            .BuildServiceProvider();
        var store = provider.GetRequiredService<InMemoryTrustStore>();
        Assert.Same(store, provider.GetRequiredService<ILicenceStore>());
        Assert.Same(store, provider.GetRequiredService<IAuditLog>());
        Assert.Same(store, provider.GetRequiredService<IAuditedWriteStore>());
        Assert.Same(store, provider.GetRequiredService<ISealRevocationSource>());
        Assert.Same(provider.GetRequiredService<LicenceVerifier>(), provider.GetRequiredService<LicenceVerifier>());

        var licence = await pki.IssueAsync(store);
        var verifier = provider.GetRequiredService<LicenceVerifier>();
        var valid = await verifier.VerifyAsync(licence.Encoded);
        Assert.True(valid.IsValid, string.Join(", ", valid.Reasons));
        Assert.Equal(Indication.Passed, valid.Outcome.Indication);

        Assert.NotNull(await store.SetStatusWithAuditAsync(new StatusChange(licence.Id, LicenceStatus.Revoked, "lost", DateTimeOffset.UtcNow), "test", "{}"));
        var revoked = await verifier.VerifyAsync(licence.Encoded);
        Assert.Equal(LicenceVerdict.Revoked, revoked.Verdict);
        Assert.Equal((Indication.Failed, SubIndication.Revoked), (revoked.Outcome.Indication, revoked.Outcome.SubIndication));

        var chain = await AuditChainVerifier.VerifyAsync(store);
        Assert.True(chain.IsIntact);
        Assert.Equal(2, chain.EntriesChecked); // licence.issue, licence.revoke
        Assert.NotNull(provider.GetRequiredService<GrantChecker>());
    }

    [Fact]
    public void Options_without_a_trust_anchor_fail_validation_naming_the_option()
    {
        using var provider = new ServiceCollection().AddTrustInMemoryStore().AddTrustVerification(_ => { }).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<LicenceVerifier>());
        Assert.Contains("TrustAnchors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_out_of_range_fail_validation_naming_the_option_and_the_limit()
    {
        using var pki = SmallPki.Create();
        using var provider = new ServiceCollection().AddTrustInMemoryStore().AddTrustVerification(o =>
        {
            o.TrustAnchors.Add(pki.Root);
            o.LicenceLimits = new LicenceVerificationLimits { MaxInputBytes = 0 };
            o.GrantLimits = new GrantVerificationLimits { MaxClockSkew = TimeSpan.FromDays(1) };
        }).BuildServiceProvider();
        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<LicenceVerifier>());
        Assert.Contains("LicenceLimits.MaxInputBytes", ex.Message, StringComparison.Ordinal);
        Assert.Contains("GrantLimits.MaxClockSkew", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_limits_reach_the_verifiers_from_the_container()
    {
        using var pki = SmallPki.Create();
        var licenceLimits = new LicenceVerificationLimits { MaxInputBytes = 200 };
        var grantLimits = new GrantVerificationLimits { MaxInputBytes = 1000 };
        using var provider = new ServiceCollection().AddTrustInMemoryStore().AddTrustVerification(o =>
        {
            o.TrustAnchors.Add(pki.Root);
            o.LicenceLimits = licenceLimits;
            o.GrantLimits = grantLimits;
        }).BuildServiceProvider();
        var verifier = provider.GetRequiredService<LicenceVerifier>();
        Assert.Same(licenceLimits, verifier.Limits);
        Assert.Same(grantLimits, provider.GetRequiredService<GrantChecker>().Limits);
        var licence = await pki.IssueAsync(provider.GetRequiredService<InMemoryTrustStore>());
        var result = await verifier.VerifyAsync(licence.Encoded);
        Assert.Equal([LimitReasons.InputSize], result.Reasons);
        Assert.Equal(Indication.Indeterminate, result.Outcome.Indication);
    }

    [Fact]
    public void Without_a_status_source_or_store_resolving_the_verifier_says_what_is_missing()
    {
        using var pki = SmallPki.Create();
        using var provider = new ServiceCollection().AddTrustVerification(o => o.TrustAnchors.Add(pki.Root)).BuildServiceProvider();
        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<LicenceVerifier>());
        Assert.Contains("StatusSource", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_status_source_in_the_options_wins_and_registrations_made_before_are_kept()
    {
        using var pki = SmallPki.Create();
        var store = new InMemoryTrustStore();
        var licence = await pki.IssueAsync(store);
        await store.SetStatusAsync(new StatusChange(licence.Id, LicenceStatus.Suspended, "check", DateTimeOffset.UtcNow));
        var validator = new CertificateValidator([pki.Root]);
        using var provider = new ServiceCollection()
            .AddSingleton<ICertificateValidator>(validator)
            .AddTrustVerification(o =>
            {
                o.TrustAnchors.Add(pki.Root);
                o.StatusSource = new StoreStatusSource(store);
            })
            .BuildServiceProvider();

        Assert.Same(validator, provider.GetRequiredService<ICertificateValidator>());
        var result = await provider.GetRequiredService<LicenceVerifier>().VerifyAsync(licence.Encoded);
        Assert.Equal(LicenceVerdict.Suspended, result.Verdict);
    }

    /// <summary>An SM2 root and a licence issuer of SAMR3301 (market-regulation types).</summary>
    private sealed class SmallPki : IDisposable
    {
        private readonly Sm2SigningKey _issuerKey;
        private readonly byte[] _issuerCertificate;

        private SmallPki(byte[] root, Sm2SigningKey issuerKey, byte[] issuerCertificate)
        {
            Root = root;
            _issuerKey = issuerKey;
            _issuerCertificate = issuerCertificate;
        }

        public byte[] Root { get; }

        public static SmallPki Create()
        {
            using var rootKey = Sm2SigningKey.Generate();
            var issuerKey = Sm2SigningKey.Generate();
            var root = new CertificateBuilder(new CertificateSubject("Test Root CA"), rootKey.PublicKey)
            {
                IsCertificateAuthority = true,
                KeyUsage = X509KeyUsageFlags.KeyCertSign,
            }.SelfSign(rootKey);
            var issuer = new CertificateBuilder(new CertificateSubject("Test licence issuer"), issuerKey.PublicKey)
                .WithSignerRole(SignerRole.LicenceIssuer, department: "SAMR3301", licenceKinds: ["SAMR"])
                .Sign(root, rootKey);
            return new SmallPki(root, issuerKey, issuer);
        }

        public Task<SignedLicence> IssueAsync(InMemoryTrustStore store)
        {
            var issuer = new LicenceIssuer(
                new LicenceIssuerOptions { DepartmentCode = "SAMR3301", SigningKey = _issuerKey, CertificateChain = [_issuerCertificate], StatusListId = "SAMR3301/licences" },
                store,
                store);
            var type = LicenceCatalog.Default.Get("BL");
            var fields = type.ExampleFields();
            return issuer.IssueAsync(new LicenceIssueRequest(type.Code, type.ExampleHolderId, fields[LicenceType.HolderNameField], fields));
        }

        public void Dispose() => _issuerKey.Dispose();
    }
}
