using Trust.Core.Crypto;
using Trust.Core.Licences;
using Trust.Core.Status;

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
            Audit,
            timeProvider: Clock);
        Verifier = new LicenceVerifier(Validator, new StoreStatusSource(Store), timeProvider: Clock);
        StatusService = new LicenceStatusService(Store, Audit, "test", Clock);
    }

    public TestIssuerPki Pki { get; }

    public ManualTimeProvider Clock { get; }

    public TestCertificateValidator Validator { get; }

    public InMemoryLicenceStore Store { get; } = new();

    public InMemoryAuditLog Audit { get; } = new();

    public LicenceIssuer Issuer { get; }

    public LicenceVerifier Verifier { get; }

    public LicenceStatusService StatusService { get; }

    public static LicenceIssueRequest ExampleRequest(LicenceType type) =>
        new(type.Code, type.ExampleHolderId, type.ExampleFields()[LicenceType.HolderNameField], type.ExampleFields());

    public static LicenceIssueRequest ExampleRequest(string typeCode) => ExampleRequest(LicenceCatalog.Default.Get(typeCode));

    public Task<SignedLicence> IssueAsync(string typeCode = "BL") => Issuer.IssueAsync(ExampleRequest(typeCode));
}
