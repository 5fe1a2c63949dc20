using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Ecdsa;
using Trust.Core.Pki;
using Trust.Core.Tests.Cose;

namespace Trust.Core.Tests.Pki;

/// <summary>
/// X.509 fixes DER and CAs do not normalise ECDSA s, so certificate signatures with high s are accepted
/// (unlike COSE ES256 and <c>trust verify-signature</c> without <c>--allow-high-s</c>).
/// </summary>
public sealed class EcdsaHighSCertificateTests
{
    [Fact]
    public void A_certificate_whose_ecdsa_signature_has_high_s_still_chains()
    {
        using var rootKey = EcdsaSigningKey.Generate();
        using var issuingKey = EcdsaSigningKey.Generate();
        using var leafKey = EcdsaSigningKey.Generate();
        var root = ChainKeys.SelfSigned(rootKey, "ecdsa test root");
        var issuing = ChainKeys.CaBuilder(new CertificateSubject("ecdsa test issuing", "Tests"), issuingKey.PublicKey, pathLength: 0).Sign(root, rootKey);
        var leaf = ChainKeys.LeafBuilder(new CertificateSubject("ecdsa test leaf", "Tests"), leafKey.PublicKey).Sign(issuing, issuingKey);
        var validator = new CertificateValidator([root], [issuing]);
        Assert.True(validator.Validate(leaf, [], ChainKeys.Now, CertificateUsage.Seal).IsTrusted);

        var structure = X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(leaf));
        var raw = EcSignatureEncoding.DerToRaw(structure.Signature.GetOctets())!;
        Assert.False(EcdsaVerificationKey.IsHighS(raw), "our CA signs with low s");
        var twin = EcSignatureEncoding.RawToDer(CoseSign1Tests.HighSTwin(raw));
        Assert.True(EcdsaVerificationKey.IsHighS(twin));
        var malleated = new DerSequence(structure.TbsCertificate, structure.SignatureAlgorithm, new DerBitString(twin)).GetEncoded(Asn1Encodable.Der);

        Assert.True(new CertificateValidator([root], [issuing]).Validate(malleated, [], ChainKeys.Now, CertificateUsage.Seal).IsTrusted);

        // The same twin over the same bytes is refused by the strict default of the key.
        Assert.False(issuingKey.PublicKey.Verify(SignatureAlgorithm.EcdsaP256Sha256, structure.TbsCertificate.GetEncoded(Asn1Encodable.Der), twin));
        Assert.True(((EcdsaVerificationKey)issuingKey.PublicKey).VerifyAllowingHighS(SignatureAlgorithm.EcdsaP256Sha256, structure.TbsCertificate.GetEncoded(Asn1Encodable.Der), twin));
    }
}
