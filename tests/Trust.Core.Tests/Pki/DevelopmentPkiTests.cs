using System.Diagnostics;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Status;
using Trust.Core.Tests.Licences;
using Xunit.Abstractions;

namespace Trust.Core.Tests.Pki;

/// <summary>One small development PKI shared by the tests of this class.</summary>
public sealed class SmallPkiFixture : IDisposable
{
    public SmallPkiFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "trust-pki-" + Guid.NewGuid().ToString("N"));
        var watch = Stopwatch.StartNew();
        Manifest = DevelopmentPki.Create(Directory, new DevelopmentPkiOptions { Departments = 4, Passphrase = "test-passphrase" });
        Elapsed = watch.Elapsed;
    }

    public string Directory { get; }

    public DevelopmentPkiManifest Manifest { get; }

    public TimeSpan Elapsed { get; }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}

public sealed class DevelopmentPkiTests(SmallPkiFixture pki, ITestOutputHelper output) : IClassFixture<SmallPkiFixture>
{
    // OpenSSL 3.0 verifies SM2 certificate signatures with an EMPTY signer ID unless told otherwise, and
    // `-vfyopt distid:` applies to the target certificate only. Our SM2 certificates use the GB/T 32918 /
    // GM/T 0015 default ID 1234567812345678, so each link is checked on its own, with the distid.
    private const string DefaultSm2Id = "distid:1234567812345678";

    [Theory]
    [InlineData("SAMR", "sm2")]
    [InlineData("PSB", "rsa")]
    public void Department_certificates_pass_openssl_verify(string code, string ca)
    {
        var department = pki.Manifest.Departments.Single(d => d.Code == code);
        AssertOpenSslVerifiesChain(department.Certificate, ca);
    }

    [Fact]
    public void Sm2_certificate_fails_openssl_verify_without_the_default_signer_id()
    {
        var department = pki.Manifest.Departments.Single(d => d.Code == "SAMR");
        var (exit, _) = OpenSsl.Run(pki.Directory, "verify", "-partial_chain", "-CAfile", "ca/sm2-issuing.pem", department.Certificate);
        Assert.NotEqual(0, exit);
    }

    [Fact]
    public void Every_certificate_passes_openssl_verify_and_parses_with_x509_text()
    {
        var leaves = pki.Manifest.Departments.SelectMany(d => new[] { (d.Certificate, d.Issuer), (d.LicenceIssuerCertificate, d.Issuer) })
            .Concat(pki.Manifest.Keys.Select(k => (k.Certificate, k.Issuer)));
        foreach (var (cert, issuer) in leaves)
        {
            AssertOpenSslVerifiesChain(cert, issuer[..3]);
            var (textExit, text) = OpenSsl.Run(pki.Directory, "x509", "-in", cert, "-noout", "-text");
            Assert.True(textExit == 0, $"{cert}: {text}");
        }
    }

    private void AssertOpenSslVerifiesChain(string leaf, string ca)
    {
        if (ca == "rsa")
        {
            var (exit, output) = OpenSsl.Run(pki.Directory, "verify", "-CAfile", "ca/rsa-root.pem", "-untrusted", "ca/rsa-issuing.pem", leaf);
            Assert.True(exit == 0 && output.Contains(": OK", StringComparison.Ordinal), $"{leaf}: {output}");
            return;
        }

        var (rootExit, rootOutput) = OpenSsl.Run(pki.Directory, "verify", "-vfyopt", DefaultSm2Id, "-CAfile", "ca/sm2-root.pem", "ca/sm2-issuing.pem");
        Assert.True(rootExit == 0, $"issuing CA: {rootOutput}");
        var (leafExit, leafOutput) = OpenSsl.Run(pki.Directory, "verify", "-vfyopt", DefaultSm2Id, "-partial_chain", "-CAfile", "ca/sm2-issuing.pem", leaf);
        Assert.True(leafExit == 0 && leafOutput.Contains(": OK", StringComparison.Ordinal), $"{leaf}: {leafOutput}");
    }

    [Fact]
    public void Sm2_certificate_says_sm2_with_sm3_and_keeps_the_chinese_name()
    {
        var (exit, text) = OpenSsl.Run(pki.Directory, "x509", "-in", "departments/SAMR/cert.pem", "-noout", "-text", "-nameopt", "utf8");
        Assert.Equal(0, exit);
        Assert.Contains("SM2-with-SM3", text, StringComparison.Ordinal);
        Assert.Contains("市场监督管理局", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Crls_parse_with_openssl_and_their_signatures_verify()
    {
        foreach (var authority in pki.Manifest.Authorities)
        {
            var (textExit, text) = OpenSsl.Run(pki.Directory, "crl", "-in", authority.Crl, "-noout", "-text");
            Assert.True(textExit == 0, $"{authority.Crl}: {text}");
            if (authority.Algorithm == "RSA")
            {
                var (exit, output) = OpenSsl.Run(pki.Directory, "crl", "-in", authority.Crl, "-CAfile", authority.Certificate, "-noout");
                Assert.True(exit == 0 && output.Contains("verify OK", StringComparison.Ordinal), $"{authority.Crl}: {output}");
                continue;
            }

            // `openssl crl` has no -vfyopt: check the SM2 signature over the TBSCertList with pkeyutl and the default ID.
            var der = CertificatePem.LoadCrlFile(Path.Combine(pki.Directory, authority.Crl))[0];
            var (tbs, signature) = SplitSigned(der);
            var work = Path.Combine(pki.Directory, "..", "crl-check-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(work);
            try
            {
                File.WriteAllBytes(Path.Combine(work, "tbs"), tbs);
                File.WriteAllBytes(Path.Combine(work, "sig"), signature);
                File.WriteAllText(Path.Combine(work, "pub.pem"), PublicKeyPem.Export(PublicKeyPem.FromCertificate(CertificatePem.LoadFile(Path.Combine(pki.Directory, authority.Certificate))[0])));
                var (exit, output) = OpenSsl.Run(work, "pkeyutl", "-verify", "-pubin", "-inkey", "pub.pem", "-rawin", "-in", "tbs", "-digest", "sm3", "-pkeyopt", DefaultSm2Id, "-sigfile", "sig");
                Assert.True(exit == 0, $"{authority.Crl}: {output}");
            }
            finally
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static (byte[] Tbs, byte[] Signature) SplitSigned(byte[] der)
    {
        var reader = new System.Formats.Asn1.AsnReader(der, System.Formats.Asn1.AsnEncodingRules.DER).ReadSequence();
        var tbs = reader.ReadEncodedValue().ToArray();
        reader.ReadEncodedValue();
        return (tbs, reader.ReadBitString(out _));
    }

    [Fact]
    public void Private_keys_are_encrypted_and_open_with_the_passphrase()
    {
        foreach (var path in pki.Manifest.Keys.Select(k => k.Key).Concat(pki.Manifest.Authorities.Select(a => a.Key)))
        {
            var pem = File.ReadAllText(Path.Combine(pki.Directory, path));
            Assert.Contains("BEGIN ENCRYPTED PRIVATE KEY", pem, StringComparison.Ordinal);
            using var key = PrivateKeyPem.Load(pem, "test-passphrase", out var encrypted);
            Assert.True(encrypted);
            Assert.Throws<TrustKeyException>(() => PrivateKeyPem.Load(pem, "wrong", out _));
        }
    }

    [Fact]
    public void Chains_validate_with_our_validator_and_the_revoked_example_is_revoked()
    {
        var validator = new CertificateValidator(
            CertificatePem.LoadFile(Path.Combine(pki.Directory, "ca/trust-anchors.pem")),
            CertificatePem.LoadFile(Path.Combine(pki.Directory, "ca/intermediates.pem")),
            CertificatePem.LoadCrlFile(Path.Combine(pki.Directory, "crl/all.pem")));
        var now = DateTimeOffset.UtcNow;
        foreach (var department in pki.Manifest.Departments)
        {
            var cert = CertificatePem.LoadFile(Path.Combine(pki.Directory, department.Certificate))[0];
            var result = validator.Validate(cert, [], now, CertificateUsage.Seal);
            Assert.True(result.IsTrusted, string.Join(", ", result.Reasons));
            Assert.Equal(3, result.Chain.Count);
        }

        var tls = CertificatePem.LoadFile(Path.Combine(pki.Directory, pki.Manifest.FindKey("tls-server")!.Certificate))[0];
        Assert.True(validator.Validate(tls, [], now, CertificateUsage.TlsServer).IsTrusted);
        Assert.Equal(ChainStatus.Invalid, validator.Validate(tls, [], now, CertificateUsage.TlsClient).Status);

        var revoked = CertificatePem.LoadFile(Path.Combine(pki.Directory, pki.Manifest.FindKey("revoked-example")!.Certificate))[0];
        var revokedResult = validator.Validate(revoked, [], now, CertificateUsage.DigitalSignature);
        Assert.Equal(ChainStatus.Revoked, revokedResult.Status);
        Assert.StartsWith("chain.revoked:", Assert.Single(revokedResult.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_round_trips_and_lists_departments_with_both_algorithms()
    {
        var loaded = DevelopmentPkiManifest.Load(pki.Directory);
        Assert.True(loaded.DevelopmentOnly);
        Assert.Equal(4, loaded.Departments.Count);
        Assert.Equal(["SM2", "RSA", "SM2", "RSA"], loaded.Departments.Select(d => d.Algorithm));
        Assert.Equal("市场监督管理局", loaded.Departments[0].NameZh);
        Assert.Equal(4, loaded.Authorities.Count);
        Assert.Null(loaded.DefaultPassphrase);
        Assert.Contains("DEVELOPMENT MATERIAL ONLY", File.ReadAllText(Path.Combine(pki.Directory, "MANIFEST.md")), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SAMR", "SM2", KeyAlgorithm.Sm2, 256, SignatureAlgorithm.Sm2Sm3, -65540)]
    [InlineData("PSB", "RSA", KeyAlgorithm.Rsa, 2048, SignatureAlgorithm.RsaPkcs1Sha256, -257)]
    public async Task Department_licence_issuer_has_the_department_algorithm_and_its_licences_verify(
        string code, string algorithm, KeyAlgorithm keyAlgorithm, int keyBits, SignatureAlgorithm signatureAlgorithm, long coseAlg)
    {
        var department = pki.Manifest.Departments.Single(d => d.Code == code);
        Assert.Equal(algorithm, department.Algorithm);
        Assert.Equal(algorithm, department.LicenceIssuerAlgorithm);
        Assert.Equal(algorithm, DevelopmentPkiManifest.Load(pki.Directory).Departments.Single(d => d.Code == code).LicenceIssuerAlgorithm);

        using var key = PrivateKeyPem.LoadFile(Path.Combine(pki.Directory, department.LicenceIssuerKey), "test-passphrase", out _);
        var leaf = CertificatePem.LoadFile(Path.Combine(pki.Directory, department.LicenceIssuerCertificate))[0];
        var issuingCa = CertificatePem.LoadFile(Path.Combine(pki.Directory, pki.Manifest.Authorities.Single(a => a.Id == department.Issuer).Certificate))[0];
        Assert.Equal(keyAlgorithm, key.KeyAlgorithm);
        Assert.Equal(keyAlgorithm, PublicKeyPem.FromCertificate(leaf).KeyAlgorithm);
        Assert.Equal(keyBits, PublicKeyPem.FromCertificate(leaf).KeySizeInBits);

        // Issued as the server does it (DepartmentIssuers): no algorithm given, so the key's default.
        var store = new InMemoryLicenceStore();
        var issuer = new LicenceIssuer(
            new LicenceIssuerOptions { DepartmentCode = department.Code, SigningKey = key, CertificateChain = [leaf, issuingCa], StatusListId = department.Code + "/licences" },
            store,
            new SplitAuditedWrites(store, new InMemoryAuditLog()));
        var licence = await issuer.IssueAsync(LicenceFixture.ExampleRequest(LicenceCatalog.Default.Types.First(t => t.DepartmentKind == code)));
        Assert.Equal(signatureAlgorithm, licence.Algorithm);
        Assert.Equal(coseAlg, Trust.Core.Cose.CoseAlgorithms.LabelOf(licence.Algorithm));
        Assert.Equal(leaf, licence.CertificateChain[0]);

        var trust = new CertificateValidator(
            CertificatePem.LoadFile(Path.Combine(pki.Directory, "ca/trust-anchors.pem")),
            CertificatePem.LoadFile(Path.Combine(pki.Directory, "ca/intermediates.pem")),
            CertificatePem.LoadCrlFile(Path.Combine(pki.Directory, "crl/all.pem")));
        var verifier = new LicenceVerifier(trust, new StoreStatusSource(store));
        var result = await verifier.VerifyAsync(licence.Encoded);
        Assert.True(result.IsValid, result.ToString());
        Assert.Equal(signatureAlgorithm, result.Licence!.Algorithm);

        // The QR text verifies too and fits one QR code at level L (the clerk page's download renders it so).
        var qr = licence.ToQrText();
        var fromQr = await verifier.VerifyAsync(SignedLicence.BytesFromQrText(qr));
        Assert.True(fromQr.IsValid, fromQr.ToString());
        using (var generator = new QRCoder.QRCodeGenerator())
        {
            var version = generator.CreateQrCode(qr, QRCoder.QRCodeGenerator.ECCLevel.L).Version;
            output.WriteLine($"{code}: {SignatureAlgorithms.DisplayName(licence.Algorithm)} business licence, {licence.Encoded.Length} bytes COSE, QR text {qr.Length} chars, QR version {version} (L)");
        }

        var tampered = licence.Encoded.ToArray();
        tampered[^1] ^= 1;
        Assert.Contains("signature.invalid", (await verifier.VerifyAsync(tampered)).Reasons);
    }

    [Fact]
    public async Task Every_licence_type_issued_by_an_rsa_department_fits_one_qr_code()
    {
        // RS256 licences carry a 256-byte signature and an RSA-2048 leaf certificate: the largest of them must still fit.
        var department = pki.Manifest.Departments.First(d => d.Algorithm == "RSA");
        using var key = PrivateKeyPem.LoadFile(Path.Combine(pki.Directory, department.LicenceIssuerKey), "test-passphrase", out _);
        var leaf = CertificatePem.LoadFile(Path.Combine(pki.Directory, department.LicenceIssuerCertificate))[0];
        var issuingCa = CertificatePem.LoadFile(Path.Combine(pki.Directory, pki.Manifest.Authorities.Single(a => a.Id == department.Issuer).Certificate))[0];
        var ca = pki.Manifest.Authorities.Single(a => a.Id == department.Issuer);
        using var caKey = PrivateKeyPem.LoadFile(Path.Combine(pki.Directory, ca.Key), "test-passphrase", out _);
        var longest = "";
        foreach (var type in LicenceCatalog.Default.Types)
        {
            // The department's key with a certificate entitling it to the type's kind, as its own certificate would.
            var entitled = new CertificateBuilder(new CertificateSubject("RSA department licence issuer", "Demo City Government (DEVELOPMENT)", "Licences"), key.PublicKey)
                .WithSignerRole(SignerRole.LicenceIssuer, department.Code, [type.DepartmentKind])
                .Sign(issuingCa, caKey);
            var issuer = new LicenceIssuer(
                new LicenceIssuerOptions { DepartmentCode = department.Code, SigningKey = key, CertificateChain = [entitled, issuingCa], StatusListId = department.Code + "/licences" },
                new InMemoryLicenceStore(),
                new SplitAuditedWrites(null, new InMemoryAuditLog()));
            var qr = (await issuer.IssueAsync(LicenceFixture.ExampleRequest(type))).ToQrText();
            longest = qr.Length > longest.Length ? qr : longest;
        }

        using var generator = new QRCoder.QRCodeGenerator();
        var version = generator.CreateQrCode(longest, QRCoder.QRCodeGenerator.ECCLevel.L).Version;
        Assert.InRange(version, 1, 40);
        output.WriteLine($"{department.Code}: longest RS256 licence QR text of {LicenceCatalog.Default.Types.Count} types: {longest.Length} chars, QR version {version} (L)");
    }

    [Fact]
    public void Creating_into_a_non_empty_folder_is_refused_without_force()
    {
        var ex = Assert.Throws<TrustException>(() => DevelopmentPki.Create(pki.Directory, new DevelopmentPkiOptions { Departments = 1 }));
        Assert.Contains("refusing", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, DevelopmentPkiManifest.Load(pki.Directory).Departments.Count);
    }

    [Fact]
    public void A_folder_holding_only_the_tracked_readme_is_generated_into_without_force_and_keeps_the_readme()
    {
        var dir = Path.Combine(Path.GetTempPath(), "trust-pki-readme-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "README.md"), "tracked explanation");
            Assert.True(DevelopmentPki.IsMissingOrEmpty(dir));

            DevelopmentPki.Create(dir, new DevelopmentPkiOptions { Departments = 1 });

            Assert.Equal("tracked explanation", File.ReadAllText(Path.Combine(dir, "README.md")));
            Assert.Contains("DEVELOPMENT MATERIAL ONLY", File.ReadAllText(Path.Combine(dir, "MANIFEST.md")), StringComparison.Ordinal);
            Assert.False(DevelopmentPki.IsMissingOrEmpty(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void The_repository_certs_dev_readme_says_it_is_development_material()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Trust.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("no Trust.sln above the test folder");
        }

        var readme = File.ReadAllText(Path.Combine(root, "certs-dev", "README.md"));
        Assert.Contains("DEVELOPMENT MATERIAL ONLY", readme, StringComparison.Ordinal);
        Assert.Contains("MANIFEST.md", readme, StringComparison.Ordinal);
    }

    [Fact]
    public void Force_replaces_the_pki_and_leaves_no_staging_folder()
    {
        var dir = Path.Combine(Path.GetTempPath(), "trust-pki-force-" + Guid.NewGuid().ToString("N"));
        try
        {
            DevelopmentPki.Create(dir, new DevelopmentPkiOptions { Departments = 2 });
            File.WriteAllText(Path.Combine(dir, "unrelated.txt"), "kept");
            DevelopmentPki.Create(dir, new DevelopmentPkiOptions { Departments = 1, Force = true });
            Assert.Single(DevelopmentPkiManifest.Load(dir).Departments);
            Assert.False(Directory.Exists(Path.Combine(dir, "departments", "PSB")));
            Assert.True(File.Exists(Path.Combine(dir, "unrelated.txt")));
            Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(dir)!, $".{Path.GetFileName(dir)}.tmp-*"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Contributors_run_after_the_core_and_record_their_output()
    {
        var dir = Path.Combine(Path.GetTempPath(), "trust-pki-contrib-" + Guid.NewGuid().ToString("N"));
        try
        {
            var options = new DevelopmentPkiOptions { Departments = 1, Seals = 3 };
            options.Contributors.Add(new RecordingContributor());
            DevelopmentPki.Create(dir, options);
            var manifest = DevelopmentPkiManifest.Load(dir);
            Assert.Equal(3, manifest.Extensions["probe"]!.GetValue<int>());
            Assert.True(File.Exists(Path.Combine(dir, "probe", "out.txt")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(87)]
    public void Department_count_outside_the_catalogue_is_rejected(int count)
    {
        var ex = Assert.Throws<TrustFormatException>(() => DevelopmentPki.Create(Path.Combine(Path.GetTempPath(), "never-" + Guid.NewGuid()), new DevelopmentPkiOptions { Departments = count }));
        Assert.Equal("departments", ex.Field);
    }

    private sealed class RecordingContributor : IPkiContributor
    {
        public string Name => "probe";

        public void Contribute(PkiContributionContext context)
        {
            using var key = context.LoadKey(context.Manifest.FindKey("seal-maker-sm2")!.Key);
            Assert.Equal(Trust.Core.Crypto.KeyAlgorithm.Sm2, key.KeyAlgorithm);
            context.WriteFile("probe/out.txt", "x"u8);
            context.Manifest.Extensions["probe"] = context.Options.Seals;
        }
    }
}
