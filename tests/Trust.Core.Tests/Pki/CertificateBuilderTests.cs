using System.Net;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Trust.Core.Pki;
using Trust.Core.Pki.Internal;

namespace Trust.Core.Tests.Pki;

public sealed class CertificateBuilderTests(ChainKeys keys) : IClassFixture<ChainKeys>
{
    [Fact]
    public void Subject_uses_printable_country_and_utf8_chinese_names()
    {
        var cert = keys.DefaultChain("sm2").Leaf;
        var subject = ParsedCertificate.Parse(cert).Subject;
        var rdns = ((Asn1Sequence)subject.ToAsn1Object()).Cast<Asn1Set>().Select(set => (Asn1Sequence)set[0]).ToArray();
        Assert.IsType<DerPrintableString>(rdns[0][1]);
        var cn = rdns.Single(r => ((DerObjectIdentifier)r[0]).Equals(X509Name.CN));
        Assert.IsType<DerUtf8String>(cn[1]);
        Assert.Equal("sm2 test leaf 部门", ((DerUtf8String)cn[1]).GetString());
    }

    [Theory]
    [InlineData("sm2", "1.2.156.10197.1.501")]
    [InlineData("rsa", "1.2.840.113549.1.1.11")]
    public void Signature_algorithm_is_sm2_with_sm3_or_sha256_with_rsa(string alg, string oid)
    {
        var parsed = ParsedCertificate.Parse(keys.DefaultChain(alg).Leaf);
        Assert.Equal(oid, parsed.SignatureAlgorithm.Algorithm.Id);
        Assert.Equal(alg == "rsa", parsed.SignatureAlgorithm.Parameters is DerNull);
    }

    [Fact]
    public void Ecdsa_certificates_are_issued_and_verify()
    {
        using var root = Trust.Core.Crypto.Ecdsa.EcdsaSigningKey.Generate();
        using var leafKey = Trust.Core.Crypto.Ecdsa.EcdsaSigningKey.Generate();
        var rootCert = ChainKeys.SelfSigned(root, "ecdsa root");
        var leaf = ChainKeys.LeafBuilder(new CertificateSubject("ecdsa leaf"), leafKey.PublicKey).Sign(rootCert, root);
        Assert.Equal("1.2.840.10045.4.3.2", ParsedCertificate.Parse(leaf).SignatureAlgorithm.Algorithm.Id);
        Assert.True(new CertificateValidator([rootCert]).Validate(leaf, [], ChainKeys.Now, CertificateUsage.DigitalSignature).IsTrusted);
    }

    [Fact]
    public void Extensions_carry_constraints_key_ids_and_names()
    {
        var chain = keys.DefaultChain("rsa");
        var issuing = ParsedCertificate.Parse(chain.Issuing);
        var leafBuilder = ChainKeys.LeafBuilder(new CertificateSubject("localhost"), keys.Leaf("rsa").PublicKey);
        leafBuilder.SerialNumber = [0x01, 0x23, 0x45];
        leafBuilder.DnsNames.Add("localhost");
        leafBuilder.IpAddresses.Add(IPAddress.Loopback);
        var leaf = ParsedCertificate.Parse(leafBuilder.Sign(chain.Issuing, keys.Issuing("rsa")));
        Assert.True(issuing.IsCa);
        Assert.Equal(0, issuing.PathLength);
        Assert.False(leaf.IsCa);
        Assert.Equal("12345", leaf.SerialHex);
        Assert.Equal(issuing.SubjectKeyIdentifier, leaf.AuthorityKeyIdentifier);
        Assert.Equal(20, leaf.SubjectKeyIdentifier!.Length);
        Assert.Equal(0x80 | 0x40, leaf.KeyUsage);

        using var x509 = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificate(leaf.Der);
        var san = x509.Extensions.OfType<System.Security.Cryptography.X509Certificates.X509SubjectAlternativeNameExtension>().Single();
        Assert.Equal(["localhost"], san.EnumerateDnsNames());
        Assert.Equal([IPAddress.Loopback], san.EnumerateIPAddresses());
    }

    [Fact]
    public void Self_signing_with_another_key_is_refused()
    {
        var builder = ChainKeys.CaBuilder(new CertificateSubject("mismatch"), keys.Root("sm2").PublicKey, null);
        Assert.Throws<TrustKeyException>(() => builder.SelfSign(keys.Other("sm2")));
    }

    [Fact]
    public void Issuing_with_a_key_that_does_not_match_the_issuer_certificate_is_refused()
    {
        var chain = keys.DefaultChain("sm2");
        var builder = ChainKeys.LeafBuilder(new CertificateSubject("x"), keys.Leaf("sm2").PublicKey);
        Assert.Throws<TrustKeyException>(() => builder.Sign(chain.Issuing, keys.Other("sm2")));
        Assert.Throws<TrustKeyException>(() => new CrlBuilder().Sign(chain.Issuing, keys.Other("sm2")));
    }

    [Theory]
    [InlineData("", "CN")]
    [InlineData("ok", "China")]
    public void Bad_subject_fields_are_format_errors(string commonName, string country)
    {
        var builder = new CertificateBuilder(new CertificateSubject(commonName, Country: country), keys.Leaf("sm2").PublicKey);
        var ex = Assert.Throws<TrustFormatException>(() => builder.SelfSign(keys.Leaf("sm2")));
        Assert.StartsWith("subject.", ex.Field, StringComparison.Ordinal);
    }

    [Fact]
    public void Validity_must_end_after_it_starts()
    {
        var builder = ChainKeys.LeafBuilder(new CertificateSubject("x"), keys.Leaf("sm2").PublicKey);
        builder.NotAfter = builder.NotBefore;
        Assert.Equal("validity", Assert.Throws<TrustFormatException>(() => builder.SelfSign(keys.Leaf("sm2"))).Field);
    }

    [Fact]
    public void Certificate_pem_round_trips_and_skips_other_blocks()
    {
        var chain = keys.DefaultChain("sm2");
        var pem = "junk\n" + CertificatePem.Export(chain.Leaf) + "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n" + CertificatePem.Export(chain.Issuing);
        Assert.Equal([chain.Leaf, chain.Issuing], CertificatePem.LoadAll(pem));
        Assert.Empty(CertificatePem.LoadAllCrls(pem));
    }
}
