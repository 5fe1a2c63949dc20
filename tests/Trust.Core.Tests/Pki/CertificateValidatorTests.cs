using System.Security.Cryptography.X509Certificates;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Pki;
using Trust.Core.Pki.Internal;

namespace Trust.Core.Tests.Pki;

public sealed class CertificateValidatorTests(ChainKeys keys) : IClassFixture<ChainKeys>
{
    public static TheoryData<string> Algorithms => new() { "sm2", "rsa" };

    private Dictionary<string, CertificateValidator> Validators => new()
    {
        ["sm2"] = keys.DefaultChain("sm2").Validator(),
        ["rsa"] = keys.DefaultChain("rsa").Validator(),
    };

    private static string SubjectOf(byte[] der) => ParsedCertificate.Parse(der).SubjectText;

    private static void AssertReason(ChainValidationResult result, ChainStatus status, string reason)
    {
        Assert.True(result.Status == status, $"{result.Status}: {string.Join(", ", result.Reasons)}");
        Assert.Contains(reason, result.Reasons);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Valid_chain_is_trusted_with_the_path_and_leaf_key(string alg)
    {
        var chain = keys.Chain(alg);
        var result = chain.Validate();
        Assert.True(result.IsTrusted, string.Join(", ", result.Reasons));
        Assert.Empty(result.Reasons);
        Assert.Equal([chain.Leaf, chain.Issuing, chain.Root], result.Chain);
        Assert.Equal(keys.Leaf(alg).PublicKey.ExportSubjectPublicKeyInfo(), result.LeafKey!.ExportSubjectPublicKeyInfo());
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Intermediates_given_with_the_call_are_used(string alg)
    {
        var chain = keys.Chain(alg);
        var validator = new CertificateValidator([chain.Root]);
        Assert.Equal(ChainStatus.Untrusted, validator.Validate(chain.Leaf, [], ChainKeys.Now, CertificateUsage.Seal).Status);
        Assert.True(validator.Validate(chain.Leaf, [chain.Issuing], ChainKeys.Now, CertificateUsage.Seal).IsTrusted);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Chain_to_another_root_is_untrusted(string alg)
    {
        var chain = keys.Chain(alg);
        var stranger = ChainKeys.SelfSigned(keys.Other(alg), "stranger root");
        var result = new CertificateValidator([stranger], [chain.Issuing]).Validate(chain.Leaf, [], ChainKeys.Now, CertificateUsage.Seal);
        AssertReason(result, ChainStatus.Untrusted, "chain.untrusted");
        Assert.Empty(result.Chain);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Expired_and_not_yet_valid_leaves_are_reported_by_subject(string alg)
    {
        var chain = keys.Chain(alg);
        AssertReason(chain.Validate(at: ChainKeys.Now.AddYears(2)), ChainStatus.Expired, $"chain.expired:{SubjectOf(chain.Leaf)}");
        AssertReason(chain.Validate(at: ChainKeys.Now.AddMonths(-2)), ChainStatus.NotYetValid, $"chain.not_yet_valid:{SubjectOf(chain.Leaf)}");
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Expired_intermediate_makes_the_chain_expired(string alg)
    {
        var chain = keys.Chain(alg, issuing: b => b.NotAfter = ChainKeys.Now.AddDays(-1));
        AssertReason(chain.Validate(), ChainStatus.Expired, $"chain.expired:{SubjectOf(chain.Issuing)}");
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Tampered_signature_is_a_bad_signature(string alg)
    {
        var chain = keys.Chain(alg);
        var tampered = (byte[])chain.Leaf.Clone();
        tampered[^1] ^= 0x01;
        var result = chain.Validator().Validate(tampered, [], ChainKeys.Now, CertificateUsage.Seal);
        AssertReason(result, ChainStatus.Invalid, $"chain.bad_signature:{SubjectOf(chain.Leaf)}");
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Tampered_tbs_is_a_bad_signature(string alg)
    {
        var chain = keys.Chain(alg);
        var tampered = (byte[])chain.Leaf.Clone();
        var index = tampered.AsSpan().IndexOf("leaf"u8);
        tampered[index] = (byte)'L';
        var result = chain.Validator().Validate(tampered, [], ChainKeys.Now, CertificateUsage.Seal);
        Assert.Equal(ChainStatus.Invalid, result.Status);
        Assert.Contains(result.Reasons, r => r.StartsWith("chain.bad_signature:", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Leaf_listed_in_the_issuers_crl_is_revoked_from_its_revocation_date(string alg)
    {
        var chain = keys.Chain(alg);
        var serial = ParsedCertificate.Parse(chain.Leaf).Serial;
        var crl = new CrlBuilder { ThisUpdate = ChainKeys.Now.AddDays(-1), NextUpdate = ChainKeys.Now.AddDays(7) }
            .AddRevoked(serial.ToByteArrayUnsigned(), ChainKeys.Now.AddDays(-2))
            .Sign(chain.Issuing, keys.Issuing(alg));
        AssertReason(chain.Validate(crls: crl), ChainStatus.Revoked, $"chain.revoked:{serial.ToString(16).ToUpperInvariant()}");
        Assert.True(chain.Validate(at: ChainKeys.Now.AddDays(-3), crls: crl).IsTrusted);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Crl_that_does_not_list_the_leaf_keeps_it_trusted(string alg)
    {
        var chain = keys.Chain(alg);
        var crl = new CrlBuilder { ThisUpdate = ChainKeys.Now.AddDays(-1), NextUpdate = ChainKeys.Now.AddDays(7) }
            .AddRevoked([0x01, 0x02], ChainKeys.Now.AddDays(-2))
            .Sign(chain.Issuing, keys.Issuing(alg));
        Assert.True(chain.Validate(crls: crl).IsTrusted);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Crl_with_a_bad_signature_is_ignored_and_revocation_becomes_unknown(string alg)
    {
        var chain = keys.Chain(alg);
        var serial = ParsedCertificate.Parse(chain.Leaf).Serial.ToByteArrayUnsigned();
        var crl = new CrlBuilder { ThisUpdate = ChainKeys.Now.AddDays(-1), NextUpdate = ChainKeys.Now.AddDays(7) }
            .AddRevoked(serial, ChainKeys.Now.AddDays(-2))
            .Sign(chain.Issuing, keys.Issuing(alg));
        crl[^1] ^= 0x01;
        var result = chain.Validate(crls: crl);
        AssertReason(result, ChainStatus.Invalid, $"chain.crl_bad_signature:{SubjectOf(chain.Issuing)}");
        Assert.Contains($"chain.revocation_unknown:{SubjectOf(chain.Leaf)}", result.Reasons);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Stale_crl_makes_revocation_unknown(string alg)
    {
        var chain = keys.Chain(alg);
        var crl = new CrlBuilder { ThisUpdate = ChainKeys.Now.AddDays(-30), NextUpdate = ChainKeys.Now.AddDays(-1) }.Sign(chain.Issuing, keys.Issuing(alg));
        AssertReason(chain.Validate(crls: crl), ChainStatus.Invalid, $"chain.revocation_unknown:{SubjectOf(chain.Leaf)}");
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Issuer_that_is_not_a_ca_is_rejected(string alg)
    {
        var chain = keys.Chain(alg, issuing: b => { b.IsCertificateAuthority = false; b.PathLength = null; });
        AssertReason(chain.Validate(), ChainStatus.Invalid, $"chain.not_ca:{SubjectOf(chain.Issuing)}");
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Issuer_without_key_cert_sign_is_rejected(string alg)
    {
        var chain = keys.Chain(alg, issuing: b => b.KeyUsage = X509KeyUsageFlags.CrlSign);
        AssertReason(chain.Validate(), ChainStatus.Invalid, $"chain.key_usage:{SubjectOf(chain.Issuing)}");
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Leaf_key_usage_must_fit_the_usage_asked(string alg)
    {
        var chain = keys.Chain(alg, leaf: b => b.KeyUsage = X509KeyUsageFlags.KeyEncipherment);
        AssertReason(chain.Validate(CertificateUsage.DigitalSignature), ChainStatus.Invalid, $"chain.key_usage:{SubjectOf(chain.Leaf)}");
        Assert.True(chain.Validate(CertificateUsage.TlsServer).IsTrusted);
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Tls_usage_checks_the_extended_key_usage(string alg)
    {
        var chain = keys.Chain(alg, leaf: b => { b.KeyUsage = X509KeyUsageFlags.DigitalSignature; b.ExtendedKeyUsages.Add(CertificateBuilder.ClientAuthOid); });
        Assert.True(chain.Validate(CertificateUsage.TlsClient).IsTrusted);
        AssertReason(chain.Validate(CertificateUsage.TlsServer), ChainStatus.Invalid, $"chain.extended_key_usage:{SubjectOf(chain.Leaf)}");
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Root_path_length_zero_forbids_an_intermediate(string alg)
    {
        var chain = keys.Chain(alg, root: b => b.PathLength = 0);
        AssertReason(chain.Validate(), ChainStatus.Invalid, $"chain.path_length:{SubjectOf(chain.Root)}");
    }

    [Fact]
    public void Cross_signed_loop_is_detected_and_rejected()
    {
        using var keyA = Sm2SigningKey.Generate();
        using var keyB = Sm2SigningKey.Generate();
        var subjectA = new CertificateSubject("loop A", "Tests");
        var subjectB = new CertificateSubject("loop B", "Tests");
        var selfA = ChainKeys.CaBuilder(subjectA, keyA.PublicKey, null).SelfSign(keyA);
        var selfB = ChainKeys.CaBuilder(subjectB, keyB.PublicKey, null).SelfSign(keyB);
        var aByB = ChainKeys.CaBuilder(subjectA, keyA.PublicKey, null).Sign(selfB, keyB);
        var bByA = ChainKeys.CaBuilder(subjectB, keyB.PublicKey, null).Sign(selfA, keyA);
        var leaf = ChainKeys.LeafBuilder(new CertificateSubject("loop leaf"), keys.Leaf("sm2").PublicKey).Sign(aByB, keyA);
        var unrelated = ChainKeys.SelfSigned(keys.Root("sm2"), "unrelated root");

        var result = new CertificateValidator([unrelated], [aByB, bByA]).Validate(leaf, [], ChainKeys.Now, CertificateUsage.Seal);
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("chain.loop", result.Reasons);
    }

    [Fact]
    public void Path_longer_than_eight_certificates_is_rejected()
    {
        var root = ChainKeys.SelfSigned(keys.Root("sm2"), "deep root", b => b.PathLength = null);
        var intermediates = new List<byte[]>();
        var (parentCert, parentKey) = (root, keys.Root("sm2"));
        var created = new List<Sm2SigningKey>();
        for (var i = 0; i < 8; i++)
        {
            var key = Sm2SigningKey.Generate();
            created.Add(key);
            var cert = ChainKeys.CaBuilder(new CertificateSubject($"deep CA {i}", "Tests"), key.PublicKey, null).Sign(parentCert, parentKey);
            intermediates.Add(cert);
            (parentCert, parentKey) = (cert, key);
        }

        var leaf = ChainKeys.LeafBuilder(new CertificateSubject("deep leaf"), keys.Leaf("sm2").PublicKey).Sign(parentCert, parentKey);
        var result = new CertificateValidator([root], intermediates).Validate(leaf, [], ChainKeys.Now, CertificateUsage.Seal);
        Assert.Equal(ChainStatus.Untrusted, result.Status);
        Assert.Contains("chain.too_long", result.Reasons);

        // Six intermediates (eight certificates in all) are still fine.
        var shorter = ChainKeys.LeafBuilder(new CertificateSubject("less deep leaf"), keys.Leaf("sm2").PublicKey).Sign(intermediates[5], created[5]);
        Assert.True(new CertificateValidator([root], intermediates).Validate(shorter, [], ChainKeys.Now, CertificateUsage.Seal).IsTrusted);
        created.ForEach(k => k.Dispose());
    }

    [Fact]
    public void Adding_a_crl_changes_the_version()
    {
        var chain = keys.Chain("sm2");
        var validator = chain.Validator();
        var before = validator.Version;
        validator.AddCrl(new CrlBuilder { ThisUpdate = ChainKeys.Now, NextUpdate = ChainKeys.Now.AddDays(1) }.Sign(chain.Issuing, keys.Issuing("sm2")));
        Assert.NotEqual(before, validator.Version);
    }

    [Fact]
    public void Malformed_trust_anchor_is_a_format_error()
    {
        var ex = Assert.Throws<TrustFormatException>(() => new CertificateValidator([[0x30, 0x03, 0x02, 0x01]]));
        Assert.Equal("certificate", ex.Field);
    }

    [Fact]
    public void Every_truncation_of_a_certificate_is_invalid_without_throwing()
    {
        var chain = keys.Chain("sm2");
        var validator = chain.Validator();
        for (var length = 0; length < chain.Leaf.Length; length++)
        {
            var result = validator.Validate(chain.Leaf.AsMemory(0, length), [chain.Leaf.AsMemory(0, length)], ChainKeys.Now, CertificateUsage.Seal);
            Assert.Equal(ChainStatus.Invalid, result.Status);
            Assert.Contains("chain.malformed:leaf", result.Reasons);
        }
    }

    [Property(MaxTest = 300)]
    public Property Random_bytes_as_certificate_are_invalid_and_never_throw(byte[] bytes)
    {
        var chain = keys.DefaultChain("sm2");
        var result = Validators["sm2"].Validate(bytes, [bytes, chain.Issuing], ChainKeys.Now, CertificateUsage.Seal);
        return (result.Status == ChainStatus.Invalid).ToProperty();
    }

    [Property(MaxTest = 200)]
    public Property Random_bytes_after_a_der_sequence_header_never_throw(byte[] body)
    {
        var chain = keys.DefaultChain("rsa");
        var der = new byte[] { 0x30, 0x82, (byte)(body.Length >> 8), (byte)body.Length }.Concat(body).ToArray();
        var result = Validators["rsa"].Validate(der, [der], ChainKeys.Now, CertificateUsage.TlsServer);
        return (result.Status == ChainStatus.Invalid).ToProperty();
    }
}

public sealed class OpenSslSm2CertificateTests
{
    [Fact]
    public void Openssl_made_sm2_ca_uses_an_empty_signer_id_and_is_accepted_only_when_asked()
    {
        var dir = Path.Combine(Path.GetTempPath(), "trust-openssl-sm2-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            void Ok(params string[] args)
            {
                var (exit, output) = OpenSsl.Run(dir, args);
                Assert.True(exit == 0, output);
            }

            Ok("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:SM2", "-out", "ca.key");
            Ok("req", "-new", "-x509", "-key", "ca.key", "-sm3", "-subj", "/C=CN/O=OpenSSL/CN=openssl sm2 root", "-days", "3650",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", "ca.pem");
            var root = CertificatePem.LoadFile(Path.Combine(dir, "ca.pem"))[0];

            var strict = new CertificateValidator([root]);

            // A leaf issued by OpenSSL with the same (empty-ID) convention.
            using var leafKey = Trust.Core.Crypto.Sm2.Sm2SigningKey.Generate();
            File.WriteAllText(Path.Combine(dir, "leaf.pub"), Trust.Core.Keys.PublicKeyPem.Export(leafKey.PublicKey));
            File.WriteAllText(Path.Combine(dir, "ext.cnf"), "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\n");
            Ok("x509", "-new", "-force_pubkey", "leaf.pub", "-subj", "/C=CN/CN=openssl leaf", "-CA", "ca.pem", "-CAkey", "ca.key", "-sm3", "-days", "30", "-extfile", "ext.cnf", "-out", "leaf.pem");
            var leaf = CertificatePem.LoadFile(Path.Combine(dir, "leaf.pem"))[0];
            var at = DateTimeOffset.UtcNow.AddMinutes(1);

            var rejected = strict.Validate(leaf, [], at, CertificateUsage.DigitalSignature);
            Assert.Equal(ChainStatus.Invalid, rejected.Status);
            Assert.Contains(rejected.Reasons, r => r.StartsWith("chain.bad_signature:", StringComparison.Ordinal));

            var lenient = new CertificateValidator([root]) { AcceptEmptySm2SignerId = true };
            var accepted = lenient.Validate(leaf, [], at, CertificateUsage.DigitalSignature);
            Assert.True(accepted.IsTrusted, string.Join(", ", accepted.Reasons));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
