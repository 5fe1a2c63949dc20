using Trust.Core.Cose;
using Trust.Core.Crypto;
using Trust.Core.Identifiers;
using Trust.Core.Keys;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Status;
using Trust.Core.Tests.Licences;

namespace Trust.Core.Tests.Pki;

/// <summary>
/// A licence verifies only when its signer was entitled to sign it: a licence issuer (role), of the department the
/// licence names, entitled to the licence type's department kind. Every crafted licence here is correctly signed by a
/// key whose certificate chains to the development PKI's anchors at the issue time, and none of them is valid.
/// </summary>
public sealed class SignerAuthorityTests(SmallPkiFixture pki) : IClassFixture<SmallPkiFixture>
{
    private const string Passphrase = "test-passphrase";

    [Theory]
    [InlineData("grant-signing")]
    [InlineData("status-list")]
    [InlineData("seal-maker-sm2")]
    [InlineData("seal-maker-rsa")]
    [InlineData("tls-server")]
    [InlineData("tls-client")]
    public async Task Licence_signed_by_a_key_of_another_role_is_invalid(string keyId)
    {
        var entry = pki.Manifest.FindKey(keyId)!;
        var forged = await ResignAsync(GenuineSamrLicence(), entry.Key, entry.Certificate, entry.Issuer);

        var result = await Verifier().VerifyAsync(forged);

        Assert.Equal(LicenceVerdict.Invalid, result.Verdict);
        Assert.Contains("signer.role_missing:licence_issuer", result.Reasons);
    }

    [Fact]
    public async Task Licence_signed_with_a_departments_seal_key_is_invalid()
    {
        var samr = Department("SAMR");
        var forged = await ResignAsync(GenuineSamrLicence(), samr.Key, samr.Certificate, samr.Issuer);

        var result = await Verifier().VerifyAsync(forged);

        Assert.Equal(LicenceVerdict.Invalid, result.Verdict);
        Assert.Contains("signer.role_missing:licence_issuer", result.Reasons);
    }

    [Fact]
    public async Task Licence_of_one_department_signed_by_another_departments_issuer_is_invalid()
    {
        var psb = Department("PSB");
        var forged = await ResignAsync(GenuineSamrLicence(), psb.LicenceIssuerKey, psb.LicenceIssuerCertificate, psb.Issuer);

        var result = await Verifier().VerifyAsync(forged);

        Assert.Equal(LicenceVerdict.Invalid, result.Verdict);
        Assert.Contains("signer.department_mismatch", result.Reasons);
    }

    [Fact]
    public async Task Licence_type_of_another_department_kind_signed_by_a_department_for_itself_is_invalid()
    {
        // PSB names itself as issuer of a business licence (a SAMR type): every binding but the kind holds.
        var psb = Department("PSB");
        var genuine = GenuineSamrLicence();
        var payload = genuine.Payload with
        {
            IssuerDepartment = "PSB",
            Id = LicenceId.Create(genuine.Payload.TypeCode, "PSB", genuine.Payload.IssuedAt.UtcDateTime.Year, 7).Text,
        };
        var forged = await SignAsync(payload, psb.LicenceIssuerKey, psb.LicenceIssuerCertificate, psb.Issuer);

        var result = await Verifier().VerifyAsync(forged);

        Assert.Equal(LicenceVerdict.Invalid, result.Verdict);
        Assert.Equal(["signer.licence_kind_not_entitled:SAMR"], result.Reasons);
    }

    [Fact]
    public async Task Genuine_licence_resigned_by_its_own_issuer_is_valid_so_the_cases_above_test_one_thing_each()
    {
        var samr = Department("SAMR");
        var resigned = await ResignAsync(GenuineSamrLicence(), samr.LicenceIssuerKey, samr.LicenceIssuerCertificate, samr.Issuer);

        var result = await Verifier().VerifyAsync(resigned);

        Assert.True(result.IsValid, result.ToString());
    }

    [Fact]
    public async Task Issuer_refuses_a_licence_type_its_department_is_not_entitled_to()
    {
        var issuer = Issuer(Department("PSB"));

        var error = await Assert.ThrowsAsync<TrustFormatException>(() => issuer.IssueAsync(LicenceFixture.ExampleRequest("BL")));

        Assert.Equal("type", error.Field);
    }

    [Theory]
    [InlineData("grant-signing")]
    [InlineData("tls-client")]
    public void Issuer_refuses_a_key_whose_certificate_is_not_a_licence_issuers(string keyId)
    {
        var entry = pki.Manifest.FindKey(keyId)!;
        using var key = PrivateKeyPem.LoadFile(Path.Combine(pki.Directory, entry.Key), Passphrase, out _);

        Assert.Throws<TrustKeyException>(() => new LicenceIssuer(
            new LicenceIssuerOptions { DepartmentCode = "SAMR", SigningKey = key, CertificateChain = Chain(entry.Certificate, entry.Issuer), StatusListId = "SAMR/licences" },
            new InMemoryLicenceStore(), new SplitAuditedWrites(null, new InMemoryAuditLog())));
    }

    [Fact]
    public void Development_certificates_carry_their_role_profiles()
    {
        var samr = Department("SAMR");
        var issuer = SignerEntitlement.FromCertificate(Load(samr.LicenceIssuerCertificate));
        Assert.Equal([SignerRole.LicenceIssuer], issuer.Roles);
        Assert.Equal("SAMR", issuer.Department);
        Assert.Equal(["SAMR"], issuer.LicenceKinds);

        var sealSigner = SignerEntitlement.FromCertificate(Load(samr.Certificate));
        Assert.Equal([SignerRole.SealSigner], sealSigner.Roles);
        Assert.Equal("SAMR", sealSigner.Department);

        Assert.Equal([SignerRole.SealMaker], SignerEntitlement.FromCertificate(Load(pki.Manifest.FindKey("seal-maker-sm2")!.Certificate)).Roles);
        Assert.Equal([SignerRole.GrantIssuer], SignerEntitlement.FromCertificate(Load(pki.Manifest.FindKey("grant-signing")!.Certificate)).Roles);
        Assert.Empty(SignerEntitlement.FromCertificate(Load(pki.Manifest.FindKey("tls-client")!.Certificate)).Roles);
        Assert.Same(SignerEntitlement.None, SignerEntitlement.FromCertificate([0x30, 0x03, 0x02, 0x01]));
    }

    [Fact]
    public async Task Status_list_signed_by_another_departments_issuer_is_refused()
    {
        var psb = Department("PSB");
        using var key = PrivateKeyPem.LoadFile(Path.Combine(pki.Directory, psb.LicenceIssuerKey), Passphrase, out _);
        var signed = await new StatusListBuilder("SAMR", key, Chain(psb.LicenceIssuerCertificate, psb.Issuer), new InMemoryLicenceStore())
            .BuildAsync("SAMR/licences", TimeSpan.FromHours(1));

        Assert.False(StatusList.TryVerify(signed, Validator(), out _, out var reason));
        Assert.Equal("statuslist.signer.department_mismatch", reason);

        var own = await new StatusListBuilder("PSB", key, Chain(psb.LicenceIssuerCertificate, psb.Issuer), new InMemoryLicenceStore())
            .BuildAsync("PSB/licences", TimeSpan.FromHours(1));
        Assert.True(StatusList.TryVerify(own, Validator(), out _, out var none), none);
    }

    private SignedLicence GenuineSamrLicence() => Issuer(Department("SAMR")).IssueAsync(LicenceFixture.ExampleRequest("BL")).Result;

    private LicenceIssuer Issuer(Core.Pki.Development.PkiDepartment department) => new(
        new LicenceIssuerOptions
        {
            DepartmentCode = department.Code.Replace("-", "", StringComparison.Ordinal),
            SigningKey = PrivateKeyPem.LoadFile(Path.Combine(pki.Directory, department.LicenceIssuerKey), Passphrase, out _),
            CertificateChain = Chain(department.LicenceIssuerCertificate, department.Issuer),
            StatusListId = department.Code + "/licences",
        },
        new InMemoryLicenceStore(),
        new SplitAuditedWrites(null, new InMemoryAuditLog()));

    private Task<byte[]> ResignAsync(SignedLicence genuine, string keyPath, string certificatePath, string caId) =>
        SignAsync(genuine.Payload, keyPath, certificatePath, caId);

    private Task<byte[]> SignAsync(LicencePayload payload, string keyPath, string certificatePath, string caId)
    {
        using var key = PrivateKeyPem.LoadFile(Path.Combine(pki.Directory, keyPath), Passphrase, out _);
        return Task.FromResult(CoseSign1.Sign(key, key.DefaultAlgorithm, LicencePayloadCbor.Encode(payload), SignedLicence.ContentType, key.PublicKey.Thumbprint(), Chain(certificatePath, caId)));
    }

    private IReadOnlyList<byte[]> Chain(string certificatePath, string caId) =>
        [Load(certificatePath), Load(pki.Manifest.FindAuthority(caId)!.Certificate)];

    private byte[] Load(string relativePath) => CertificatePem.LoadFile(Path.Combine(pki.Directory, relativePath))[0];

    private Core.Pki.Development.PkiDepartment Department(string code) => pki.Manifest.Departments.Single(d => d.Code == code);

    private CertificateValidator Validator() => new(
        CertificatePem.LoadFile(Path.Combine(pki.Directory, "ca/trust-anchors.pem")),
        CertificatePem.LoadFile(Path.Combine(pki.Directory, "ca/intermediates.pem")),
        CertificatePem.LoadCrlFile(Path.Combine(pki.Directory, "crl/all.pem")));

    private LicenceVerifier Verifier() => new(Validator(), new AlwaysValidStatus());

    private sealed class AlwaysValidStatus : ILicenceStatusSource
    {
        public ValueTask<StatusLookup> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(StatusLookup.Known(LicenceStatus.Valid));
    }
}

/// <summary>A development PKI made before signer role profiles is refused with a message saying what to do.</summary>
public sealed class OldDevelopmentPkiTests
{
    [Fact]
    public void Manifest_of_a_pki_without_role_profiles_is_refused_with_what_to_do()
    {
        var dir = Path.Combine(Path.GetTempPath(), "trust-old-pki-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            File.WriteAllText(Path.Combine(dir, Core.Pki.Development.DevelopmentPki.ManifestFileName), """{"format":"trust-dev-pki/1","development_only":true}""");

            var error = Assert.Throws<TrustFormatException>(() => Core.Pki.Development.DevelopmentPkiManifest.Load(dir));

            Assert.Contains("trust pki init", error.Message, StringComparison.Ordinal);
            Assert.EndsWith("format", error.Field, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
