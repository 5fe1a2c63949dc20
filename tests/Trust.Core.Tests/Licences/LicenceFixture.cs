using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Core.Tests.Licences;

/// <summary>An issuing department with its PKI, store, audit log, clock, issuer and verifier.</summary>
internal sealed class LicenceFixture
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 8, 0, 0, TimeSpan.Zero);

    public LicenceFixture(KeyAlgorithm algorithm, SignatureAlgorithm? signatureAlgorithm = null, TestIssuerPki? pki = null, string department = "SAMR3301")
    {
        Pki = pki ?? TestIssuerPki.For(algorithm);
        Clock = new ManualTimeProvider(Now);
        Validator = new TestCertificateValidator(Pki.Root);
        Issuer = new LicenceIssuer(
            new LicenceIssuerOptions
            {
                DepartmentCode = department,
                SigningKey = Pki.LeafKey,
                CertificateChain = Pki.Chain,
                StatusListId = department + "-L1",
                Algorithm = signatureAlgorithm,
            },
            Store,
            new SplitAuditedWrites(Store, Audit),
            timeProvider: Clock);
        Verifier = new LicenceVerifier(Validator, new StoreStatusSource(Store), timeProvider: Clock);
        StatusService = new TestStatusChanges(new SplitAuditedWrites(Store, Audit), Clock);
    }

    public TestIssuerPki Pki { get; }

    public ManualTimeProvider Clock { get; }

    public TestCertificateValidator Validator { get; }

    public InMemoryLicenceStore Store { get; } = new();

    public InMemoryAuditLog Audit { get; } = new();

    public LicenceIssuer Issuer { get; }

    public LicenceVerifier Verifier { get; }

    public TestStatusChanges StatusService { get; }

    public static LicenceIssueRequest ExampleRequest(LicenceType type) =>
        new(type.Code, type.ExampleHolderId, type.ExampleFields()[LicenceType.HolderNameField], type.ExampleFields());

    public static LicenceIssueRequest ExampleRequest(string typeCode) => ExampleRequest(LicenceCatalog.Default.Get(typeCode));

    public Task<SignedLicence> IssueAsync(string typeCode = "BL") => Issuer.IssueAsync(ExampleRequest(typeCode));
}

/// <summary>Status changes, each with its audit entry, for tests of the verifiers (the rules of change are the application layer's, tested there).</summary>
internal sealed class TestStatusChanges(IAuditedWriteStore writes, TimeProvider clock)
{
    public Task RevokeAsync(string licenceId, string reason) => Set(licenceId, LicenceStatus.Revoked, reason);

    public Task SuspendAsync(string licenceId, string reason) => Set(licenceId, LicenceStatus.Suspended, reason);

    public Task ResumeAsync(string licenceId, string reason) => Set(licenceId, LicenceStatus.Valid, reason);

    private async Task Set(string licenceId, LicenceStatus status, string reason) =>
        Assert.NotNull(await writes.SetStatusWithAuditAsync(new StatusChange(licenceId, status, reason, clock.GetUtcNow()), "test", "{}"));
}
