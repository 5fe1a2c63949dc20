using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Internal;

namespace Trust.Core.Tests.Crypto;

/// <summary>
/// The CMS form of each scheme (RFC 5652 section 5.3) comes from the algorithm registry: what is written is read back,
/// the aliases other signers write are read, and anything else is not recognised (never an exception).
/// </summary>
public sealed class CmsAlgorithmIdentifierTests
{
    private const string Sha256 = "2.16.840.1.101.3.4.2.1";
    private const string Sm3 = "1.2.156.10197.1.401";

    [Theory]
    [InlineData(SignatureAlgorithm.Sm2Sm3, "1.2.156.10197.1.501", Sm3, false)]
    [InlineData(SignatureAlgorithm.RsaPkcs1Sha256, "1.2.840.113549.1.1.1", Sha256, true)]
    [InlineData(SignatureAlgorithm.RsaPssSha256, "1.2.840.113549.1.1.10", Sha256, true)]
    [InlineData(SignatureAlgorithm.EcdsaP256Sha256, "1.2.840.10045.4.3.2", Sha256, false)]
    public void Each_scheme_writes_its_cms_identifiers_and_reads_them_back(SignatureAlgorithm algorithm, string signatureOid, string digestOid, bool hasParameters)
    {
        var signature = CmsAlgorithmIdentifiers.Signature(algorithm);
        var digest = CmsAlgorithmIdentifiers.Digest(algorithm);
        Assert.Equal(signatureOid, signature.Algorithm.Id);
        Assert.Equal(hasParameters, signature.Parameters is not null);
        Assert.Equal(digestOid, digest.Algorithm.Id);
        Assert.Equal(algorithm, CmsAlgorithmIdentifiers.Recognise(digest, signature));
    }

    [Fact]
    public void Every_registered_scheme_has_a_cms_form_that_round_trips()
    {
        foreach (var algorithm in SignatureAlgorithms.All)
        {
            var parsed = AlgorithmIdentifier.GetInstance(Asn1Object.FromByteArray(CmsAlgorithmIdentifiers.Signature(algorithm).GetDerEncoded()));
            Assert.Equal(algorithm, CmsAlgorithmIdentifiers.Recognise(CmsAlgorithmIdentifiers.Digest(algorithm), parsed));
        }
    }

    [Theory]
    [InlineData("1.2.840.113549.1.1.11", Sha256, SignatureAlgorithm.RsaPkcs1Sha256)] // sha256WithRSAEncryption
    [InlineData("1.2.156.10197.1.301.1", Sm3, SignatureAlgorithm.Sm2Sm3)] // sm2sign
    [InlineData("1.2.840.10045.2.1", Sha256, SignatureAlgorithm.EcdsaP256Sha256)] // id-ecPublicKey
    public void Aliases_other_signers_write_are_read(string signatureOid, string digestOid, SignatureAlgorithm expected)
    {
        Assert.Equal(expected, CmsAlgorithmIdentifiers.Recognise(digestOid, signatureOid));
    }

    [Theory]
    [InlineData("1.2.156.10197.1.501", Sha256)] // SM2 with a SHA-256 digest
    [InlineData("1.2.840.113549.1.1.1", Sm3)] // RSA with an SM3 digest
    [InlineData("1.2.840.113549.1.1.5", "1.3.14.3.2.26")] // sha1WithRSAEncryption
    [InlineData("1.3.101.112", Sha256)] // Ed25519
    public void Unknown_schemes_and_mismatched_digests_are_not_recognised(string signatureOid, string digestOid)
    {
        Assert.Null(CmsAlgorithmIdentifiers.Recognise(digestOid, signatureOid));
    }

    [Fact]
    public void Pss_is_recognised_only_with_sha256_and_a_32_byte_salt_and_never_in_timestamp_tokens()
    {
        var digest = new AlgorithmIdentifier(new DerObjectIdentifier(Sha256), DerNull.Instance);
        var pss = new DerObjectIdentifier("1.2.840.113549.1.1.10");
        Assert.Null(CmsAlgorithmIdentifiers.Recognise(digest, new AlgorithmIdentifier(pss))); // parameters missing
        Assert.Null(CmsAlgorithmIdentifiers.Recognise(digest, new AlgorithmIdentifier(pss, DerNull.Instance))); // wrong type
        Assert.Null(CmsAlgorithmIdentifiers.Recognise(digest, new AlgorithmIdentifier(pss, Pss(salt: 20))));
        Assert.Equal(SignatureAlgorithm.RsaPssSha256, CmsAlgorithmIdentifiers.Recognise(digest, new AlgorithmIdentifier(pss, Pss(salt: 32))));
        Assert.Null(CmsAlgorithmIdentifiers.Recognise(digest, new AlgorithmIdentifier(pss, Pss(salt: 32)), timestampToken: true));
        Assert.Equal(SignatureAlgorithm.Sm2Sm3, CmsAlgorithmIdentifiers.Recognise(Sm3, "1.2.156.10197.1.501", timestampToken: true));
    }

    [Property(MaxTest = 200)]
    public void Random_oids_and_parameters_are_refused_or_recognised_without_throwing(PositiveInt a, PositiveInt b, byte[] parameterBytes)
    {
        var oid = new DerObjectIdentifier($"1.2.{a.Get}.{b.Get}");
        Asn1Encodable parameters = new DerOctetString(parameterBytes ?? []);
        var digest = new AlgorithmIdentifier(new DerObjectIdentifier(Sha256), DerNull.Instance);
        Assert.Null(CmsAlgorithmIdentifiers.Recognise(digest, new AlgorithmIdentifier(oid, parameters)));
        _ = CmsAlgorithmIdentifiers.Recognise(digest, new AlgorithmIdentifier(new DerObjectIdentifier("1.2.840.113549.1.1.10"), parameters));
    }

    private static RsassaPssParameters Pss(int salt)
    {
        var sha256 = new AlgorithmIdentifier(new DerObjectIdentifier(Sha256), DerNull.Instance);
        return new RsassaPssParameters(sha256, new AlgorithmIdentifier(PkcsObjectIdentifiers.IdMgf1, sha256), DerInteger.ValueOf(salt), DerInteger.ValueOf(1));
    }
}
