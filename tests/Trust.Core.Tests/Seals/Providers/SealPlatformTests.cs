using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;
using Trust.Core.Tests.Licences;

namespace Trust.Core.Tests.Seals.Providers;

public sealed class SealPlatformTests
{
    private static readonly SealFixture F = SealFixture.Shared;
    private static readonly SealCaller SamrSealer = new("samr-archive", new HashSet<string> { "SAMR" });
    private static readonly SealSessionProtector Protector = SealSessionProtector.CreateRandom();
    private static readonly SealCaller PsbSealer = new("psb-archive", new HashSet<string> { "PSB" });

    private sealed class ListAudit : ISealPlatformAudit
    {
        public List<SealPlatformUse> Uses { get; } = [];

        public void Record(SealPlatformUse use) => Uses.Add(use);
    }

    private static (SealPlatform Platform, ListAudit Audit, ManualTimeProvider Clock) Platform()
    {
        var audit = new ListAudit();
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        return (new SealPlatform(SealProviderTests.Provider(), audit, TimeSpan.FromMinutes(1), 100, clock), audit, clock);
    }

    private static PreparedSeal Prepare(SealPlatform platform, SealCaller caller, string sealId, byte[] data)
    {
        var (seal, chain) = platform.GetSeal(caller, sealId);
        return new SealSigner().Prepare(seal.Seal, chain[0], new MemoryStream(data), Protector);
    }

    [Fact]
    public void Caller_lists_and_gets_only_its_departments_seals()
    {
        var (platform, _, _) = Platform();

        Assert.Equal(["SM2-SAMR-1"], platform.ListSeals(SamrSealer).Select(s => s.Id));
        var ex = Assert.Throws<SealingRefusedException>(() => platform.GetSeal(SamrSealer, "RSA-PSB-1"));
        Assert.Equal(SealingReasons.NotAuthorised, ex.Reason);
        Assert.Equal(SealingReasons.NotAuthorised, Assert.Throws<SealingRefusedException>(() => platform.Authorize(SamrSealer, "RSA-PSB-1", [new byte[32]])).Reason);
    }

    [Fact]
    public void Batch_of_authorised_digests_is_signed_verified_and_audited_once_each()
    {
        var (platform, audit, _) = Platform();
        var data = Enumerable.Range(0, 100).Select(i => BitConverter.GetBytes(i)).ToArray();
        var prepared = data.Select(d => Prepare(platform, SamrSealer, "SM2-SAMR-1", d)).ToArray();

        var authorization = platform.Authorize(SamrSealer, "SM2-SAMR-1", prepared.Select(p => p.Digest).ToArray());
        var values = platform.SignDigests(SamrSealer, authorization.Id, prepared.Select((p, i) => new SealSigningItem(p.ToBeSigned, $"doc-{i}.pdf")).ToArray());

        var verifier = new SealSignatureVerifier(F.NewValidator());
        for (var i = 0; i < prepared.Length; i++)
        {
            var signature = SealSigner.Complete(prepared[i].Session.Span, values[i], Protector);
            Assert.True(verifier.Verify(signature, new MemoryStream(data[i])).IsValid);
        }

        Assert.Equal(100, audit.Uses.Count);
        Assert.All(audit.Uses, u => Assert.Equal("samr-archive", u.Caller));
        Assert.Equal(Convert.ToHexStringLower(prepared[7].Digest.Span), audit.Uses[7].Digest);
        Assert.Equal("doc-7.pdf", audit.Uses[7].DocumentDescription);
    }

    [Fact]
    public void Replayed_authorisation_is_refused()
    {
        var (platform, audit, _) = Platform();
        var prepared = Prepare(platform, SamrSealer, "SM2-SAMR-1", [1]);
        var authorization = platform.Authorize(SamrSealer, "SM2-SAMR-1", [prepared.Digest]);
        platform.SignDigests(SamrSealer, authorization.Id, [new SealSigningItem(prepared.ToBeSigned, "a")]);

        var ex = Assert.Throws<SealingRefusedException>(() => platform.SignDigests(SamrSealer, authorization.Id, [new SealSigningItem(prepared.ToBeSigned, "a")]));

        Assert.Equal(SealingReasons.AuthorizationUsed, ex.Reason);
        Assert.Single(audit.Uses);
    }

    [Fact]
    public void Platforms_sharing_an_authorisation_store_honour_each_others_authorisations_once()
    {
        // Two nodes (or one node before and after a restart) over one store: what one issued the other may use, once.
        var store = new InMemorySealAuthorizationStore();
        var audit = new ListAudit();
        var first = new SealPlatform(SealProviderTests.Provider(), audit, TimeSpan.FromMinutes(1), 100) { Authorizations = store };
        var second = new SealPlatform(SealProviderTests.Provider(), audit, TimeSpan.FromMinutes(1), 100) { Authorizations = store };
        var prepared = Prepare(first, SamrSealer, "SM2-SAMR-1", [7]);
        var authorization = first.Authorize(SamrSealer, "SM2-SAMR-1", [prepared.Digest]);
        SealSigningItem[] items = [new SealSigningItem(prepared.ToBeSigned, "n")];

        Assert.Single(second.SignDigests(SamrSealer, authorization.Id, items));
        Assert.Equal(SealingReasons.AuthorizationUsed, Assert.Throws<SealingRefusedException>(() => first.SignDigests(SamrSealer, authorization.Id, items)).Reason);
        Assert.Equal(SealingReasons.AuthorizationUsed, Assert.Throws<SealingRefusedException>(() => second.SignDigests(SamrSealer, authorization.Id, items)).Reason);

        // A platform with its own (in-memory) store does not know the authorisation at all.
        var fresh = new SealPlatform(SealProviderTests.Provider(), audit);
        Assert.Equal(SealingReasons.AuthorizationUnknown, Assert.Throws<SealingRefusedException>(() => fresh.SignDigests(SamrSealer, authorization.Id, items)).Reason);
        Assert.Single(audit.Uses);
    }

    [Fact]
    public void Expired_authorisation_is_refused()
    {
        var (platform, audit, clock) = Platform();
        var prepared = Prepare(platform, SamrSealer, "SM2-SAMR-1", [1]);
        var authorization = platform.Authorize(SamrSealer, "SM2-SAMR-1", [prepared.Digest]);
        clock.Now = clock.Now.AddMinutes(2);

        var ex = Assert.Throws<SealingRefusedException>(() => platform.SignDigests(SamrSealer, authorization.Id, [new SealSigningItem(prepared.ToBeSigned, "a")]));

        Assert.Equal(SealingReasons.AuthorizationExpired, ex.Reason);
        Assert.Empty(audit.Uses);
    }

    [Fact]
    public void Digest_other_than_the_authorised_one_is_refused_and_nothing_is_signed()
    {
        var (platform, audit, _) = Platform();
        var authorised = Prepare(platform, SamrSealer, "SM2-SAMR-1", [1]);
        var other = Prepare(platform, SamrSealer, "SM2-SAMR-1", [2]);
        var authorization = platform.Authorize(SamrSealer, "SM2-SAMR-1", [authorised.Digest]);

        var ex = Assert.Throws<SealingRefusedException>(() => platform.SignDigests(SamrSealer, authorization.Id,
            [new SealSigningItem(authorised.ToBeSigned, "a"), new SealSigningItem(other.ToBeSigned, "b")]));

        Assert.Equal(SealingReasons.DigestNotAuthorised, ex.Reason);
        Assert.Empty(audit.Uses);
    }

    [Fact]
    public void Authorisation_used_by_another_caller_or_unknown_is_refused()
    {
        var (platform, _, _) = Platform();
        var prepared = Prepare(platform, SamrSealer, "SM2-SAMR-1", [1]);
        var authorization = platform.Authorize(SamrSealer, "SM2-SAMR-1", [prepared.Digest]);

        Assert.Equal(SealingReasons.NotAuthorised, Assert.Throws<SealingRefusedException>(() =>
            platform.SignDigests(PsbSealer, authorization.Id, [new SealSigningItem(prepared.ToBeSigned, "a")])).Reason);
        Assert.Equal(SealingReasons.AuthorizationUnknown, Assert.Throws<SealingRefusedException>(() =>
            platform.SignDigests(SamrSealer, "no-such-id", [new SealSigningItem(prepared.ToBeSigned, "a")])).Reason);
    }

    [Theory]
    [InlineData("SM2-SAMR-1")]
    [InlineData("RSA-PSB-1")]
    public void Platform_provider_seals_files_that_verify(string sealId)
    {
        var (platform, audit, _) = Platform();
        var caller = new SealCaller("licence-server", new HashSet<string> { "SAMR", "PSB" });
        var data = new byte[] { 4, 5, 6 };

        var signature = new SealSigner().Sign(new PlatformSealProvider(platform, caller, "archive.zip"), sealId, new MemoryStream(data), "archive.zip");

        Assert.True(new SealSignatureVerifier(F.NewValidator()).Verify(signature, new MemoryStream(data)).IsValid);
        var use = Assert.Single(audit.Uses);
        Assert.Equal(sealId, use.SealId);
        Assert.Equal("archive.zip", use.DocumentDescription);
    }
}
