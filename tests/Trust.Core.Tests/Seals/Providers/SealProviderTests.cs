using System.Security.Cryptography;
using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;

namespace Trust.Core.Tests.Seals.Providers;

public sealed class SealProviderTests
{
    private static readonly SealFixture F = SealFixture.Shared;

    internal static SealRegistry Registry() => new(
    [
        new SealRecord("SM2-SAMR-1", "市场监督管理局公章", "SAMR", SealKind.Official, SignatureAlgorithm.Sm2Sm3, F.Sm2Seal("SM2-SAMR-1")),
        new SealRecord("RSA-PSB-1", "公安局公章", "PSB", SealKind.Official, SignatureAlgorithm.RsaPkcs1Sha256, F.RsaSeal("RSA-PSB-1")),
    ]);

    internal static KeySealProvider Provider(SealRegistry? registry = null, bool withRsa = true) => new(registry ?? Registry(),
        withRsa
            ? [new SealKeyEntry("SAMR", F.Sm2Signer.Key, [F.Sm2Signer.Certificate]), new SealKeyEntry("PSB", F.RsaSigner.Key, [F.RsaSigner.Certificate])]
            : [new SealKeyEntry("SAMR", F.Sm2Signer.Key, [F.Sm2Signer.Certificate])]);

    [Fact]
    public void Key_provider_lists_only_the_seals_it_holds_keys_for()
    {
        using var provider = Provider(withRsa: false);

        Assert.Equal(["SM2-SAMR-1"], provider.ListSeals().Select(s => s.Id));
        Assert.Throws<KeyNotFoundException>(() => provider.GetSeal("RSA-PSB-1"));
        Assert.Throws<KeyNotFoundException>(() => provider.Sign("RSA-PSB-1", SignatureAlgorithm.RsaPkcs1Sha256, [1]));
    }

    [Fact]
    public void Key_provider_refuses_a_key_that_does_not_belong_to_its_certificate()
    {
        Assert.Throws<TrustKeyException>(() => new KeySealProvider(Registry(), [new SealKeyEntry("SAMR", F.Sm2OtherSigner.Key, [F.Sm2Signer.Certificate])]));
    }

    [Theory]
    [InlineData("SM2-SAMR-1")]
    [InlineData("RSA-PSB-1")]
    public void Signature_made_through_a_provider_verifies(string sealId)
    {
        using var provider = Provider();
        var data = RandomNumberGenerator.GetBytes(5000);

        var signature = new SealSigner().Sign(provider, sealId, new MemoryStream(data), "archive.pdf");

        var result = new SealSignatureVerifier(F.NewValidator()).Verify(signature.Encode(), new MemoryStream(data));
        Assert.True(result.IsValid, string.Join(",", result.Reasons));
        Assert.Equal(sealId, result.SealId);
    }

    [Fact]
    public void Revoked_seal_is_not_signed_through_a_provider()
    {
        var registry = Registry();
        ((InMemorySealRevocations)registry.Revocations).Revoke("SM2-SAMR-1");
        using var provider = Provider(registry);

        var ex = Assert.Throws<SealUnusableException>(() => new SealSigner().Sign(provider, "SM2-SAMR-1", new MemoryStream([1]), ""));
        Assert.Equal(SealReasons.Revoked, ex.Reason);
    }

    [Theory]
    [InlineData("SM2-SAMR-1")]
    [InlineData("RSA-PSB-1")]
    public void Tampered_signature_from_a_provider_is_refused_before_use(string sealId)
    {
        using var inner = Provider();
        var provider = new TamperingProvider(inner);

        var ex = Assert.Throws<SealingRefusedException>(() => new SealSigner().Sign(provider, sealId, new MemoryStream([1, 2, 3]), ""));
        Assert.Equal(SealingReasons.SignatureInvalid, ex.Reason);
    }

    /// <summary>A provider that flips a bit in the last byte of each signature (a compromised or broken platform).</summary>
    internal sealed class TamperingProvider(ISealProvider inner) : ISealProvider
    {
        public IReadOnlyList<SealRecord> ListSeals() => inner.ListSeals();

        public SealRecord GetSeal(string sealId) => inner.GetSeal(sealId);

        public IReadOnlyList<byte[]> GetCertificateChain(string sealId) => inner.GetCertificateChain(sealId);

        public byte[] Sign(string sealId, SignatureAlgorithm algorithm, ReadOnlySpan<byte> toBeSigned)
        {
            var signature = inner.Sign(sealId, algorithm, toBeSigned);
            signature[^1] ^= 0x01;
            return signature;
        }
    }
}
