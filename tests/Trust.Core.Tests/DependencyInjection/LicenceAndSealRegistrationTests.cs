using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using System.Security.Cryptography;
using Trust.Core.Crypto;
using Trust.Core.DependencyInjection;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;
using Trust.Core.Storage;
using Trust.Core.Tests.Seals;

namespace Trust.Core.Tests.DependencyInjection;

/// <summary><c>AddTrustLicences</c> and <c>AddTrustSeals</c>: issuing, sealing and verifying from the container, options checked on start.</summary>
public sealed class LicenceAndSealRegistrationTests
{
    private static readonly SealFixture F = SealFixture.Shared;

    [Fact]
    public async Task Issuer_and_verifier_from_the_container_issue_and_verify_a_licence()
    {
        using var pki = TestLicencePki.Create();
        using var provider = new ServiceCollection()
            .AddTrustInMemoryStore()
            .AddTrustVerification(o => o.TrustAnchors.Add(pki.Root))
            .AddTrustLicences(o => o.Issuer = pki.IssuerOptions())
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });

        var issuer = provider.GetRequiredService<LicenceIssuer>();
        var type = LicenceCatalog.Default.Get("BL");
        var fields = type.ExampleFields();
        var licence = await issuer.IssueAsync(new LicenceIssueRequest(type.Code, type.ExampleHolderId, fields[LicenceType.HolderNameField], fields));

        var result = await provider.GetRequiredService<LicenceVerifier>().VerifyAsync(licence.Encoded);
        Assert.True(result.IsValid, string.Join(", ", result.Reasons));
        Assert.NotNull(await provider.GetRequiredService<ILicenceStore>().GetAsync(licence.Id));
    }

    [Fact]
    public void Licences_without_an_issuer_verify_only_and_say_so_when_an_issuer_is_asked_for()
    {
        using var pki = TestLicencePki.Create();
        using var provider = new ServiceCollection()
            .AddTrustInMemoryStore()
            .AddTrustVerification(o => o.TrustAnchors.Add(pki.Root))
            .AddTrustLicences(_ => { })
            .BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<LicenceVerifier>());
        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<LicenceIssuer>());
        Assert.Contains("TrustLicenceOptions.Issuer", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_licence_options_fail_the_start_validation_naming_each_field()
    {
        using var pki = TestLicencePki.Create();
        var good = pki.IssuerOptions();
        using var provider = new ServiceCollection()
            .AddTrustInMemoryStore()
            .AddTrustLicences(o => o.Issuer = new LicenceIssuerOptions { DepartmentCode = "samr 3301", SigningKey = good.SigningKey, CertificateChain = [], StatusListId = " " })
            .BuildServiceProvider();

        // What a generic host runs on start for ValidateOnStart; no AddTrustVerification, so the trust anchors fail too.
        var ex = await Assert.ThrowsAnyAsync<Exception>(async () => await provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(CancellationToken.None));
        var failures = (ex is AggregateException aggregate ? aggregate.InnerExceptions : [ex])
            .SelectMany(e => Assert.IsType<OptionsValidationException>(e).Failures)
            .ToArray();
        var all = string.Join("\n", failures);
        Assert.Contains("TrustLicenceOptions.Issuer.DepartmentCode", all, StringComparison.Ordinal);
        Assert.Contains("TrustLicenceOptions.Issuer.CertificateChain", all, StringComparison.Ordinal);
        Assert.Contains("TrustLicenceOptions.Issuer.StatusListId", all, StringComparison.Ordinal);
        Assert.Contains("TrustVerificationOptions.TrustAnchors", all, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SM2-SAMR-1")]
    [InlineData("RSA-PSB-1")]
    public void Seal_services_from_the_container_sign_through_the_key_provider_and_verify(string sealId)
    {
        using var provider = SealServices(o => AddSealsAndKeys(o)).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        var data = RandomNumberGenerator.GetBytes(3000);

        var signature = provider.GetRequiredService<SealSigner>().Sign(provider.GetRequiredService<ISealProvider>(), sealId, new MemoryStream(data), "archive.pdf");
        var result = provider.GetRequiredService<SealSignatureVerifier>().Verify(signature.Encode(), new MemoryStream(data));

        Assert.True(result.IsValid, string.Join(",", result.Reasons));
        Assert.Equal(sealId, result.SealId);
        Assert.IsType<KeySealProvider>(provider.GetRequiredService<ISealProvider>());
        Assert.Equal(2, provider.GetRequiredService<SealRegistry>().List().Count);
    }

    [Fact]
    public void Seal_revocations_come_from_the_registered_store()
    {
        using var provider = SealServices(o => AddSealsAndKeys(o)).AddTrustInMemoryStore().BuildServiceProvider();
        var store = provider.GetRequiredService<InMemoryTrustStore>();
        var registry = provider.GetRequiredService<SealRegistry>();

        Assert.Same(store, registry.Revocations);
        Assert.Same(store, provider.GetRequiredService<ISealRevocationSource>());
    }

    [Fact]
    public void Seals_without_keys_verify_only_and_say_so_when_a_provider_is_asked_for()
    {
        using var provider = SealServices(o => o.Seals.Add(Seal("SM2-SAMR-1"))).BuildServiceProvider();

        Assert.NotNull(provider.GetRequiredService<SealSignatureVerifier>());
        var ex = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ISealProvider>());
        Assert.Contains("TrustSealOptions.Keys", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_seal_options_fail_validation_naming_the_problem()
    {
        using var provider = SealServices(o =>
        {
            AddSealsAndKeys(o);
            o.Seals.Add(Seal("SM2-SAMR-1"));
            o.Keys.Add(new SealKeyEntry("SAMR", F.Sm2Signer.Key, [F.Sm2Signer.Certificate]));
            o.Keys.Add(new SealKeyEntry("MCA", F.Sm2Signer.Key, [F.Sm2Signer.Certificate]));
        }).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<SealRegistry>());
        var all = string.Join("\n", ex.Failures);
        Assert.Contains("seal identifier SM2-SAMR-1 appears twice", all, StringComparison.Ordinal);
        Assert.Contains("department SAMR has two seal keys", all, StringComparison.Ordinal);
        Assert.Contains("department MCA has a key but no seal", all, StringComparison.Ordinal);
    }

    /// <summary>Seal services with the fixture's test CAs; the fixture's validator is registered first and kept.</summary>
    private static IServiceCollection SealServices(Action<TrustSealOptions> configure) => new ServiceCollection()
        .AddSingleton<ICertificateValidator>(F.NewValidator())
        .AddTrustVerification(o =>
        {
            o.TrustAnchors.Add(F.Sm2Ca.Root.Certificate);
            o.TrustAnchors.Add(F.RsaCa.Root.Certificate);
        })
        .AddTrustSeals(configure);

    private static void AddSealsAndKeys(TrustSealOptions o)
    {
        o.Seals.Add(Seal("SM2-SAMR-1"));
        o.Seals.Add(new SealRecord("RSA-PSB-1", "公安局公章", "PSB", SealKind.Official, SignatureAlgorithm.RsaPkcs1Sha256, F.RsaSeal("RSA-PSB-1")));
        o.Keys.Add(new SealKeyEntry("SAMR", F.Sm2Signer.Key, [F.Sm2Signer.Certificate]));
        o.Keys.Add(new SealKeyEntry("PSB", F.RsaSigner.Key, [F.RsaSigner.Certificate]));
    }

    private static SealRecord Seal(string id) => new(id, "市场监督管理局公章", "SAMR", SealKind.Official, SignatureAlgorithm.Sm2Sm3, F.Sm2Seal(id));
}

/// <summary>An SM2 root and a licence issuer of SAMR3301 (market-regulation types).</summary>
internal sealed class TestLicencePki : IDisposable
{
    private readonly Trust.Core.Crypto.Sm2.Sm2SigningKey _issuerKey;
    private readonly byte[] _issuerCertificate;

    private TestLicencePki(byte[] root, Trust.Core.Crypto.Sm2.Sm2SigningKey issuerKey, byte[] issuerCertificate)
    {
        Root = root;
        _issuerKey = issuerKey;
        _issuerCertificate = issuerCertificate;
    }

    public byte[] Root { get; }

    public static TestLicencePki Create()
    {
        using var rootKey = Trust.Core.Crypto.Sm2.Sm2SigningKey.Generate();
        var issuerKey = Trust.Core.Crypto.Sm2.Sm2SigningKey.Generate();
        var root = new CertificateBuilder(new CertificateSubject("Test Root CA"), rootKey.PublicKey)
        {
            IsCertificateAuthority = true,
            KeyUsage = System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyCertSign,
        }.SelfSign(rootKey);
        var issuer = new CertificateBuilder(new CertificateSubject("Test licence issuer"), issuerKey.PublicKey)
            .WithSignerRole(SignerRole.LicenceIssuer, department: "SAMR3301", licenceKinds: ["SAMR"])
            .Sign(root, rootKey);
        return new TestLicencePki(root, issuerKey, issuer);
    }

    public LicenceIssuerOptions IssuerOptions() =>
        new() { DepartmentCode = "SAMR3301", SigningKey = _issuerKey, CertificateChain = [_issuerCertificate], StatusListId = "SAMR3301/licences" };

    public void Dispose() => _issuerKey.Dispose();
}
