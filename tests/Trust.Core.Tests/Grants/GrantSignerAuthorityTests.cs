using Trust.Core.Cose;
using Trust.Core.Crypto;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Services;
using Trust.Core.Tests.Licences;

namespace Trust.Core.Tests.Grants;

/// <summary>
/// A grant is only as good as its signer's entitlement and its validity claims: the grant service's key, a bounded
/// lifetime, an issue time not in the future. Each crafted grant is correctly signed and chains to the grant anchors.
/// </summary>
public sealed class GrantSignerAuthorityTests
{
    private static readonly ServiceItem Item = ServiceCatalog.Default.Items.First(i => i.HolderKind == HolderKind.Organisation && i.RequiredLicenceTypes.Count > 0);

    [Fact]
    public async Task Grant_signed_by_a_licence_issuer_under_the_grant_anchors_is_denied()
    {
        var f = new GrantFixture();
        var licenceKey = TestIssuerPki.NewKey(KeyAlgorithm.EcP256);
        var leaf = TestPki.Issue("Licence issuer under the grant CA", licenceKey, "Test Issuing CA EcP256", f.GrantPki.CaKey, isCa: false, profile: TestProfile.LicenceIssuer());
        var genuine = await f.Issuer.IssueAsync(new GrantIssueRequest(GrantFixture.Organisation, Item.Code) { ClerkId = "clerk-001" });
        var forged = Resign(genuine.Payload, licenceKey, [leaf, f.GrantPki.Ca]);

        var result = await f.Checker.CheckAsync(new GrantCheckRequest(forged, Item.Code, GrantFixture.Clerk));

        Assert.Equal(GrantVerdict.Denied, result.Verdict);
        Assert.Equal(["signer.role_missing:grant_issuer"], result.Reasons);
    }

    [Fact]
    public async Task Grant_valid_for_ten_years_is_denied()
    {
        var f = new GrantFixture();
        var genuine = await f.Issuer.IssueAsync(new GrantIssueRequest(GrantFixture.Organisation, Item.Code) { ClerkId = "clerk-001" });
        var longLived = genuine.Payload with { ExpiresAt = genuine.Payload.NotBefore.AddYears(10) };

        var result = await f.Checker.CheckAsync(new GrantCheckRequest(Resign(longLived, f.GrantPki.LeafKey, f.GrantPki.Chain), Item.Code, GrantFixture.Clerk));

        Assert.Equal(GrantVerdict.Denied, result.Verdict);
        Assert.Contains(GrantReasons.LifetimeTooLong, result.Reasons);
    }

    [Fact]
    public async Task Grant_issued_in_the_future_is_denied()
    {
        var f = new GrantFixture();
        var genuine = await f.Issuer.IssueAsync(new GrantIssueRequest(GrantFixture.Organisation, Item.Code) { ClerkId = "clerk-001" });
        var future = genuine.Payload with { IssuedAt = genuine.Payload.IssuedAt.AddDays(2) };

        var result = await f.Checker.CheckAsync(new GrantCheckRequest(Resign(future, f.GrantPki.LeafKey, f.GrantPki.Chain), Item.Code, GrantFixture.Clerk));

        Assert.Equal(GrantVerdict.Denied, result.Verdict);
        Assert.Contains(GrantReasons.IssuedInFuture, result.Reasons);
    }

    [Fact]
    public async Task Grant_whose_validity_starts_before_its_issue_is_denied()
    {
        var f = new GrantFixture();
        var genuine = await f.Issuer.IssueAsync(new GrantIssueRequest(GrantFixture.Organisation, Item.Code) { ClerkId = "clerk-001" });
        var backdated = genuine.Payload with { NotBefore = genuine.Payload.IssuedAt.AddHours(-3) };

        var result = await f.Checker.CheckAsync(new GrantCheckRequest(Resign(backdated, f.GrantPki.LeafKey, f.GrantPki.Chain), Item.Code, GrantFixture.Clerk));

        Assert.Contains(GrantReasons.ValidBeforeIssue, result.Reasons);
    }

    [Fact]
    public async Task Resigned_genuine_payload_is_allowed_so_the_cases_above_test_one_thing_each()
    {
        var f = new GrantFixture();
        var genuine = await f.Issuer.IssueAsync(new GrantIssueRequest(GrantFixture.Organisation, Item.Code) { ClerkId = "clerk-001" });

        var result = await f.Checker.CheckAsync(new GrantCheckRequest(Resign(genuine.Payload, f.GrantPki.LeafKey, f.GrantPki.Chain), Item.Code, GrantFixture.Clerk));

        Assert.DoesNotContain(result.Reasons, r => r.StartsWith("signer.", StringComparison.Ordinal) || r is GrantReasons.LifetimeTooLong or GrantReasons.IssuedInFuture or GrantReasons.Malformed or GrantReasons.SignatureInvalid or GrantReasons.Untrusted);
    }

    private static byte[] Resign(GrantPayload payload, SigningKey key, IReadOnlyList<byte[]> chain) =>
        CoseSign1.Sign(key, key.DefaultAlgorithm, GrantPayloadCbor.Encode(payload), SignedGrant.ContentType, key.PublicKey.Thumbprint(), chain);
}

/// <summary>An unreadable grant QR text is denied naming the layer that failed, as licences are.</summary>
public sealed class GrantQrTextTests
{
    [Theory]
    [InlineData("XX1:6BFOXN", "grant.malformed:qr.prefix")]
    [InlineData("TG1:%%%%", "grant.malformed:qr.base45")]
    public async Task Unreadable_grant_qr_text_is_denied_naming_the_layer(string text, string reason)
    {
        var f = new GrantFixture();
        var item = ServiceCatalog.Default.Items.First(i => i.HolderKind == HolderKind.Organisation);

        var result = await f.Checker.CheckAsync(GrantCheckRequest.FromQrText(text, item.Code, GrantFixture.Clerk));

        Assert.Equal(GrantVerdict.Denied, result.Verdict);
        Assert.Equal([reason], result.Reasons);
    }
}

/// <summary>A grant without its certificate chain gets the licence's answer.</summary>
public sealed class GrantChainMissingTests
{
    [Fact]
    public async Task Grant_without_a_certificate_chain_is_denied_as_chain_missing_like_a_licence()
    {
        var f = new GrantFixture();
        var item = ServiceCatalog.Default.Items.First(i => i.HolderKind == HolderKind.Organisation && i.RequiredLicenceTypes.Count > 0);
        var genuine = await f.Issuer.IssueAsync(new GrantIssueRequest(GrantFixture.Organisation, item.Code) { ClerkId = "clerk-001" });
        var key = f.GrantPki.LeafKey;
        var bare = Core.Cose.CoseSign1.Sign(key, key.DefaultAlgorithm, GrantPayloadCbor.Encode(genuine.Payload), SignedGrant.ContentType, key.PublicKey.Thumbprint(), chain: null);

        var result = await f.Checker.CheckAsync(new GrantCheckRequest(bare, item.Code, GrantFixture.Clerk));

        Assert.Equal([GrantReasons.ChainMissing], result.Reasons);
        Assert.Equal("chain.missing", GrantReasons.ChainMissing);
    }
}
