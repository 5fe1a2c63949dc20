using Trust.Core.Crypto;
using Trust.Core.Keys.Pkcs11;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;
using Trust.Core.Tests.Keys.Pkcs11;

namespace Trust.Core.Tests.Seals.Providers;

[Collection(SoftHsmCollection.Name)]
public sealed class Pkcs11SealProviderTests(SoftHsmFixture hsm)
{
    private static readonly SealFixture F = SealFixture.Shared;

    [Fact]
    public void Seal_key_inside_softhsm_signs_through_the_provider_interface()
    {
        byte[] certificate;
        using (var probe = Pkcs11SigningKey.Open(hsm.Options(SoftHsmFixture.RsaLabel), SoftHsmFixture.UserPin))
        {
            certificate = F.RsaCa.Issue(probe, "Archive Bureau (HSM)").Certificate;
        }

        var seal = F.RsaMaker.Make(SealFixture.Request("RSA-HSM-1", new TestIdentity(null!, certificate, "")));
        var registry = new SealRegistry([new SealRecord("RSA-HSM-1", "档案局公章", "ARCH", SealKind.Official, SignatureAlgorithm.RsaPkcs1Sha256, seal)]);
        using var provider = KeySealProvider.OpenPkcs11(registry, "ARCH", hsm.Options(SoftHsmFixture.RsaLabel), SoftHsmFixture.UserPin, [certificate]);
        var data = "archived e-licence"u8.ToArray();

        var signature = new SealSigner().Sign(provider, "RSA-HSM-1", new MemoryStream(data), "archive.zip");

        var result = new SealSignatureVerifier(F.NewValidator()).Verify(signature.Encode(), new MemoryStream(data));
        Assert.True(result.IsValid, string.Join(",", result.Reasons));
        Assert.Equal(["RSA-HSM-1"], provider.ListSeals().Select(s => s.Id));
    }
}
