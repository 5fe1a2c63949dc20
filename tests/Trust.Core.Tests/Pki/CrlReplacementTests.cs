using Trust.Core.Pki;
using Trust.Core.Pki.Internal;

namespace Trust.Core.Tests.Pki;

/// <summary><see cref="CertificateValidator.ReplaceCrls"/>: all or nothing, only CRLs a known CA signed.</summary>
public sealed class CrlReplacementTests(ChainKeys keys) : IClassFixture<ChainKeys>
{
    private byte[] Crl(TestChain chain, string alg, bool revokeLeaf, DateTimeOffset? thisUpdate = null)
    {
        var builder = new CrlBuilder { ThisUpdate = thisUpdate ?? ChainKeys.Now.AddDays(-1), NextUpdate = ChainKeys.Now.AddDays(7) };
        if (revokeLeaf)
        {
            builder.AddRevoked(ParsedCertificate.Parse(chain.Leaf).Serial.ToByteArrayUnsigned(), ChainKeys.Now.AddDays(-2));
        }

        return builder.Sign(chain.Issuing, keys.Issuing(alg));
    }

    private static ChainStatus StatusOf(CertificateValidator validator, TestChain chain) =>
        validator.Validate(chain.Leaf, [], ChainKeys.Now, CertificateUsage.Seal).Status;

    [Theory]
    [InlineData("sm2")]
    [InlineData("rsa")]
    public void Replacing_the_crls_revokes_and_unrevokes_and_changes_the_version(string alg)
    {
        var chain = keys.Chain(alg);
        var validator = chain.Validator(Crl(chain, alg, revokeLeaf: false));
        Assert.Equal(ChainStatus.Trusted, StatusOf(validator, chain));

        var before = validator.Version;
        var summaries = validator.ReplaceCrls([Crl(chain, alg, revokeLeaf: true)]);
        Assert.NotEqual(before, validator.Version);
        Assert.Equal(ChainStatus.Revoked, StatusOf(validator, chain));
        var summary = Assert.Single(summaries);
        Assert.Equal(1, summary.RevokedCount);
        Assert.Equal(ChainKeys.Now.AddDays(7), summary.NextUpdate);
        Assert.Contains("test issuing", summary.Issuer, StringComparison.OrdinalIgnoreCase);
        Assert.False(summary.IsStaleAt(ChainKeys.Now));
        Assert.True(summary.IsStaleAt(ChainKeys.Now.AddDays(8)));

        // The old CRL is gone, not merely joined by the new one.
        validator.ReplaceCrls([Crl(chain, alg, revokeLeaf: false)]);
        Assert.Equal(ChainStatus.Trusted, StatusOf(validator, chain));
    }

    [Fact]
    public void Crl_with_a_bad_signature_or_of_an_unknown_ca_replaces_nothing()
    {
        var chain = keys.Chain("rsa");
        var validator = chain.Validator(Crl(chain, "rsa", revokeLeaf: true));
        var version = validator.Version;

        var broken = Crl(chain, "rsa", revokeLeaf: false);
        broken[^1] ^= 0x01;
        Assert.Equal("crl.signature", Assert.Throws<TrustFormatException>(() => validator.ReplaceCrls([Crl(chain, "rsa", revokeLeaf: false), broken])).Field);

        var strangerCrl = new CrlBuilder { ThisUpdate = ChainKeys.Now.AddDays(-1), NextUpdate = ChainKeys.Now.AddDays(7) }
            .Sign(ChainKeys.SelfSigned(keys.Other("rsa"), "stranger CA"), keys.Other("rsa"));
        Assert.Equal("crl.signature", Assert.Throws<TrustFormatException>(() => validator.ReplaceCrls([strangerCrl])).Field);

        Assert.Equal(version, validator.Version);
        Assert.Equal(ChainStatus.Revoked, StatusOf(validator, chain));
    }

    [Fact]
    public void A_veto_replaces_nothing_and_names_its_reason()
    {
        var chain = keys.Chain("sm2");
        var validator = chain.Validator(Crl(chain, "sm2", revokeLeaf: true));
        var ex = Assert.Throws<TrustFormatException>(() => validator.ReplaceCrls([Crl(chain, "sm2", revokeLeaf: false)], _ => "older than the one in force"));
        Assert.Equal("crl", ex.Field);
        Assert.Contains("older than the one in force", ex.Message, StringComparison.Ordinal);
        Assert.Equal(ChainStatus.Revoked, StatusOf(validator, chain));
    }

    [Fact]
    public void Every_truncation_and_garbage_is_a_format_error_and_replaces_nothing()
    {
        var chain = keys.Chain("rsa");
        var validator = chain.Validator(Crl(chain, "rsa", revokeLeaf: true));
        var good = Crl(chain, "rsa", revokeLeaf: false);
        for (var length = 0; length < good.Length; length += Math.Max(1, good.Length / 97))
        {
            Assert.Throws<TrustFormatException>(() => validator.ReplaceCrls([good[..length]]));
        }

        var random = new Random(7);
        for (var i = 0; i < 50; i++)
        {
            var garbage = new byte[random.Next(1, 400)];
            random.NextBytes(garbage);
            if (i % 2 == 0)
            {
                garbage[0] = 0x30;
            }

            Assert.Throws<TrustFormatException>(() => validator.ReplaceCrls([good, garbage]));
        }

        Assert.Equal(ChainStatus.Revoked, StatusOf(validator, chain));
    }
}
