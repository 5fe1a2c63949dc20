using System.Security.Cryptography;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Crypto.Rsa;

namespace Trust.Core.Tests.Crypto;

public sealed class AlgorithmRegistryTests
{
    [Theory]
    [InlineData(SignatureAlgorithm.Sm2Sm3, "SM2-SM3", "1.2.156.10197.1.501", KeyAlgorithm.Sm2, DigestAlgorithm.Sm3)]
    [InlineData(SignatureAlgorithm.RsaPkcs1Sha256, "RSA-SHA256", "1.2.840.113549.1.1.11", KeyAlgorithm.Rsa, DigestAlgorithm.Sha256)]
    [InlineData(SignatureAlgorithm.RsaPssSha256, "RSA-PSS-SHA256", "1.2.840.113549.1.1.10", KeyAlgorithm.Rsa, DigestAlgorithm.Sha256)]
    [InlineData(SignatureAlgorithm.EcdsaP256Sha256, "ECDSA-P256-SHA256", "1.2.840.10045.4.3.2", KeyAlgorithm.EcP256, DigestAlgorithm.Sha256)]
    public void Each_algorithm_has_its_registered_facts(SignatureAlgorithm algorithm, string name, string oid, KeyAlgorithm key, DigestAlgorithm digest)
    {
        Assert.Equal(name, SignatureAlgorithms.DisplayName(algorithm));
        Assert.Equal(oid, SignatureAlgorithms.OidOf(algorithm));
        Assert.Equal(key, SignatureAlgorithms.KeyAlgorithmOf(algorithm));
        Assert.Equal(digest, SignatureAlgorithms.DigestOf(algorithm));
        Assert.True(SignatureAlgorithms.TryFromOid(oid, out var byOid));
        Assert.Equal(algorithm, byOid);
        Assert.True(SignatureAlgorithms.TryParse(name.ToLowerInvariant(), out var byName));
        Assert.Equal(algorithm, byName);
    }

    [Theory]
    [InlineData(SignatureAlgorithm.Sm2Sm3, -65540L, true, true, true, false)]
    [InlineData(SignatureAlgorithm.RsaPkcs1Sha256, -257L, false, true, true, true)]
    [InlineData(SignatureAlgorithm.RsaPssSha256, -37L, false, false, false, false)]
    [InlineData(SignatureAlgorithm.EcdsaP256Sha256, -7L, true, false, true, false)]
    public void One_table_gives_the_cose_x509_and_seal_facts_of_each_algorithm(
        SignatureAlgorithm algorithm, long coseLabel, bool rawEc, bool seals, bool x509, bool x509NullParameters)
    {
        // COSE (RFC 9053): the label written and the label read back, and the raw r||s rule.
        Assert.Equal(coseLabel, Trust.Core.Cose.CoseAlgorithms.LabelOf(algorithm));
        Assert.True(Trust.Core.Cose.CoseAlgorithms.TryFromLabel(coseLabel, out var fromLabel));
        Assert.Equal(algorithm, fromLabel);
        Assert.Equal(rawEc, Trust.Core.Cose.CoseAlgorithms.IsRawEc(algorithm));

        // GB/T 38540 seals: SM2 and RSA PKCS#1 only.
        var oid = SignatureAlgorithms.OidOf(algorithm);
        Assert.Equal(seals ? algorithm : null, Trust.Core.Seals.SealAlgorithms.FromOid(oid));
        if (seals)
        {
            Assert.Equal(oid, Trust.Core.Seals.SealAlgorithms.OidOf(algorithm));
        }
        else
        {
            Assert.Throws<TrustKeyException>(() => Trust.Core.Seals.SealAlgorithms.OidOf(algorithm));
        }

        // X.509: the AlgorithmIdentifier written, and read back.
        if (!x509)
        {
            Assert.Throws<TrustKeyException>(() => Trust.Core.Pki.Internal.X509SignatureAlgorithms.For(algorithm));
            return;
        }

        var identifier = Trust.Core.Pki.Internal.X509SignatureAlgorithms.For(algorithm);
        Assert.Equal(oid, identifier.Algorithm.Id);
        Assert.Equal(x509NullParameters, identifier.Parameters is Org.BouncyCastle.Asn1.DerNull);
        Assert.Equal(algorithm, Trust.Core.Pki.Internal.X509SignatureAlgorithms.From(identifier));
        var withNull = new Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier(identifier.Algorithm, Org.BouncyCastle.Asn1.DerNull.Instance);
        var withoutParameters = new Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier(identifier.Algorithm);
        Assert.Equal(algorithm, Trust.Core.Pki.Internal.X509SignatureAlgorithms.From(withoutParameters));
        // ECDSA parameters must be absent (RFC 5758 section 3.2); SM2 and RSA accept NULL.
        Assert.Equal(algorithm == SignatureAlgorithm.EcdsaP256Sha256 ? null : algorithm, Trust.Core.Pki.Internal.X509SignatureAlgorithms.From(withNull));
    }

    [Fact]
    public void Unknown_cose_labels_and_seal_oids_are_refused()
    {
        Assert.False(Trust.Core.Cose.CoseAlgorithms.TryFromLabel(-8, out _)); // EdDSA: not supported
        Assert.Null(Trust.Core.Seals.SealAlgorithms.FromOid("1.2.840.113549.1.1.4"));
    }

    [Fact]
    public void Unknown_names_oids_and_values_are_refused()
    {
        Assert.False(SignatureAlgorithms.TryParse("MD5-RSA", out _));
        Assert.False(SignatureAlgorithms.TryFromOid("1.2.840.113549.1.1.4", out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => SignatureAlgorithms.DisplayName((SignatureAlgorithm)99));
        Assert.Throws<ArgumentOutOfRangeException>(() => SigningKeys.Generate((KeyAlgorithm)99));
    }

    [Theory]
    [InlineData(KeyAlgorithm.Sm2, SignatureAlgorithm.Sm2Sm3)]
    [InlineData(KeyAlgorithm.Rsa, SignatureAlgorithm.RsaPkcs1Sha256)]
    [InlineData(KeyAlgorithm.EcP256, SignatureAlgorithm.EcdsaP256Sha256)]
    public void Generated_keys_have_their_kind_and_default_algorithm(KeyAlgorithm kind, SignatureAlgorithm expected)
    {
        using var key = SigningKeys.Generate(kind);

        Assert.Equal(kind, key.KeyAlgorithm);
        Assert.Equal(kind, key.PublicKey.KeyAlgorithm);
        Assert.Equal(expected, key.DefaultAlgorithm);
        Assert.Equal(expected, SigningKeys.SignatureAlgorithmsFor(kind)[0]);
        Assert.True(key.IsExportable);
    }

    [Theory]
    [InlineData("secP256k1")]
    [InlineData("brainpoolP256r1")]
    public void Ecdsa_keys_on_other_256_bit_curves_are_refused(string curve)
    {
        var ec = ECDsa.Create(ECCurve.CreateFromFriendlyName(curve));
        var ex = Assert.Throws<TrustKeyException>(() => new EcdsaSigningKey(ec));
        Assert.Contains("Unsupported curve", ex.Message, StringComparison.Ordinal);
        Assert.Throws<TrustKeyException>(() => new EcdsaVerificationKey(ec.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void Rsa_keys_under_2048_bits_are_refused()
    {
        using var small = RSA.Create(1024);
        Assert.Throws<TrustKeyException>(() => new RsaVerificationKey(small.ExportSubjectPublicKeyInfo()));
        Assert.Throws<TrustKeyException>(() => new RsaSigningKey(RSA.Create(1024)));
    }
}
