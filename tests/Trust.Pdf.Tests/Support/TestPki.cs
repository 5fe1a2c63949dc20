using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Rsa;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Keys;
using Trust.Core.Pki;

namespace Trust.Pdf.Tests.Support;

/// <summary>
/// Test certificates made with BouncyCastle's generator (until the PKI helper's CertificateBuilder
/// lands). The CA signs with its own BouncyCastle key; leaf keys are Trust.Core keys.
/// </summary>
internal sealed class TestPki
{
    private static readonly Lazy<TestPki> RsaInstance = new(() => new TestPki(KeyAlgorithm.Rsa));
    private static readonly Lazy<TestPki> Sm2Instance = new(() => new TestPki(KeyAlgorithm.Sm2));

    private TestPki(KeyAlgorithm algorithm)
    {
        var random = new SecureRandom();
        string sigAlg;
        AsymmetricCipherKeyPair caPair;
        if (algorithm == KeyAlgorithm.Rsa)
        {
            var gen = GeneratorUtilities.GetKeyPairGenerator("RSA");
            gen.Init(new Org.BouncyCastle.Crypto.Parameters.RsaKeyGenerationParameters(BigInteger.ValueOf(65537), random, 2048, 80));
            caPair = gen.GenerateKeyPair();
            sigAlg = "SHA256WITHRSA";
            Key = RsaSigningKey.Generate(2048);
        }
        else
        {
            var gen = GeneratorUtilities.GetKeyPairGenerator("EC");
            gen.Init(new ECKeyGenerationParameters(new DerObjectIdentifierShim().Sm2, random));
            caPair = gen.GenerateKeyPair();
            sigAlg = "SM3WITHSM2";
            Key = Sm2SigningKey.Generate();
        }

        var caName = new X509Name("CN=Trust Test CA " + algorithm + ",O=Trust Tests,C=CN");
        var now = DateTime.UtcNow;
        var ca = new X509V3CertificateGenerator();
        ca.SetSerialNumber(BigInteger.ValueOf(1));
        ca.SetIssuerDN(caName);
        ca.SetSubjectDN(caName);
        ca.SetNotBefore(now.AddDays(-1));
        ca.SetNotAfter(now.AddYears(5));
        ca.SetPublicKey(caPair.Public);
        ca.AddExtension(X509Extensions.BasicConstraints, true, new BasicConstraints(true));
        ca.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.KeyCertSign | KeyUsage.CrlSign));
        var caCert = ca.Generate(new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory(sigAlg, caPair.Private, random));

        var leaf = new X509V3CertificateGenerator();
        leaf.SetSerialNumber(BigInteger.ValueOf(2));
        leaf.SetIssuerDN(caName);
        leaf.SetSubjectDN(new X509Name("CN=Seal Signer " + algorithm + ",O=Test Department,C=CN"));
        leaf.SetNotBefore(now.AddDays(-1));
        leaf.SetNotAfter(now.AddYears(2));
        leaf.SetPublicKey(PublicKeyFactory.CreateKey(Key.PublicKey.ExportSubjectPublicKeyInfo()));
        leaf.AddExtension(X509Extensions.KeyUsage, true, new KeyUsage(KeyUsage.DigitalSignature | KeyUsage.NonRepudiation));

        // The tests' seals are made and used by this one key, so its certificate carries both roles.
        leaf.AddExtension(X509Extensions.ExtendedKeyUsage, false, new ExtendedKeyUsage(new[]
        {
            new Org.BouncyCastle.Asn1.DerObjectIdentifier(SignerRoles.SealMakerOid),
            new Org.BouncyCastle.Asn1.DerObjectIdentifier(SignerRoles.SealSignerOid),
        }));
        var leafCert = leaf.Generate(new Org.BouncyCastle.Crypto.Operators.Asn1SignatureFactory(sigAlg, caPair.Private, random));

        CaDer = caCert.GetEncoded();
        LeafDer = leafCert.GetEncoded();
        Chain = [LeafDer, CaDer];
    }

    public static TestPki Rsa => RsaInstance.Value;

    public static TestPki Sm2 => Sm2Instance.Value;

    public SigningKey Key { get; }

    public byte[] CaDer { get; }

    public byte[] LeafDer { get; }

    public IReadOnlyList<byte[]> Chain { get; }

    /// <summary>A validator that trusts exactly this CA and checks the leaf's issuer signature and validity.</summary>
    public ICertificateValidator Validator => new AnchorValidator(CaDer);

    private sealed class DerObjectIdentifierShim
    {
        public Org.BouncyCastle.Asn1.DerObjectIdentifier Sm2 { get; } = new("1.2.156.10197.1.301");
    }

    /// <summary>A minimal validator: leaf issued and signed by the anchor, valid at the time asked.</summary>
    private sealed class AnchorValidator(byte[] anchorDer) : ICertificateValidator
    {
        public long Version => 1;

        public ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, CertificateUsage usage)
        {
            try
            {
                var parser = new X509CertificateParser();
                var leaf = parser.ReadCertificate(leafDer.ToArray());
                var anchor = parser.ReadCertificate(anchorDer);
                if (!leaf.IssuerDN.Equivalent(anchor.SubjectDN))
                {
                    return new(ChainStatus.Untrusted, ["chain.untrusted"], null, []);
                }

                leaf.Verify(anchor.GetPublicKey());
                if (at.UtcDateTime < leaf.NotBefore || at.UtcDateTime > leaf.NotAfter)
                {
                    return new(ChainStatus.Expired, ["chain.expired"], null, []);
                }

                return new(ChainStatus.Trusted, [], PublicKeyPem.FromCertificate(leafDer.Span), [leafDer.ToArray(), anchorDer]);
            }
            catch (Exception ex) when (ex is GeneralSecurityException or InvalidKeyException or SignatureException or Org.BouncyCastle.Security.Certificates.CertificateException)
            {
                return new(ChainStatus.Invalid, ["chain.invalid-signature"], null, []);
            }
        }
    }
}
