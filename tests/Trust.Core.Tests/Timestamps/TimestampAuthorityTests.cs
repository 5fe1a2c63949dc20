using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Tsp;
using Trust.Core.Crypto;
using Trust.Core.Pki;
using Trust.Core.Timestamps;
using Trust.Core.Timestamps.Internal;
using Xunit;

namespace Trust.Core.Tests.Timestamps;

public sealed class TimestampAuthorityTests(TsaTestPki pki) : IClassFixture<TsaTestPki>
{
    private static readonly byte[] Data = "archived licence file"u8.ToArray();

    [Theory]
    [InlineData("rsa")]
    [InlineData("sm2")]
    public async Task Local_client_gets_a_token_that_verifies_for_the_data(string alg)
    {
        var client = new LocalTimestampClient(pki.Authority(alg), pki.Validator(alg), new FixedClock(TsaTestPki.Now));

        var token = await client.GetTokenAsync(DigestAlgorithm.Sha256, SHA256.HashData(Data));
        var check = TimestampTokenVerifier.Verify(token, Data, pki.Validator(alg), TsaTestPki.Now);

        Assert.True(check.IsValid, string.Join(", ", check.Reasons));
        Assert.Equal(TsaTestPki.Now, check.Token!.Time);
        Assert.Equal(TimeSpan.FromSeconds(1), check.Token.Accuracy);
        Assert.Equal(TimestampAuthorityOptions.DefaultPolicyOid, check.Token.PolicyOid);
        Assert.NotNull(check.Token.Nonce);
        Assert.Contains("test TSA", check.Token.TsaName, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_for_other_data_is_an_imprint_mismatch()
    {
        var token = pki.Authority("rsa").Stamp(DigestAlgorithm.Sha256, SHA256.HashData(Data));

        var check = TimestampTokenVerifier.Verify(token, "other data"u8, pki.Validator("rsa"), TsaTestPki.Now);

        Assert.Equal([TimestampReasons.ImprintMismatch], check.Reasons);
    }

    [Fact]
    public void Sm3_imprint_is_accepted()
    {
        var token = pki.Authority("sm2").Stamp(DigestAlgorithm.Sm3, Digest.Hash(DigestAlgorithm.Sm3, Data));

        Assert.True(TimestampTokenVerifier.Verify(token, Data, pki.Validator("sm2"), TsaTestPki.Now).IsValid);
        Assert.True(TimestampTokenVerifier.VerifyImprint(token, DigestAlgorithm.Sm3, Digest.Hash(DigestAlgorithm.Sm3, Data), pki.Validator("sm2"), TsaTestPki.Now).IsValid);
        Assert.False(TimestampTokenVerifier.VerifyImprint(token, DigestAlgorithm.Sha256, Digest.Hash(DigestAlgorithm.Sm3, Data), pki.Validator("sm2"), TsaTestPki.Now).IsValid);
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("sm2")]
    public void Token_from_an_untrusted_tsa_is_indeterminate(string alg)
    {
        var other = alg == "rsa" ? "sm2" : "rsa";
        var token = pki.Authority(alg).Stamp(DigestAlgorithm.Sha256, SHA256.HashData(Data));

        var check = TimestampTokenVerifier.Verify(token, Data, pki.Validator(other), TsaTestPki.Now);

        Assert.StartsWith(TimestampReasons.TsaUntrusted + ":chain.untrusted", Assert.Single(check.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Tsa_chain_checked_after_the_tsa_certificate_expired_is_untrusted()
    {
        var token = pki.Authority("rsa").Stamp(DigestAlgorithm.Sha256, SHA256.HashData(Data));

        var check = TimestampTokenVerifier.Verify(token, Data, pki.Validator("rsa"), TsaTestPki.Now.AddYears(3));

        Assert.StartsWith(TimestampReasons.TsaUntrusted + ":chain.expired", Assert.Single(check.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Authority_refuses_a_certificate_without_the_critical_time_stamping_eku()
    {
        var notCritical = pki.TsaCertificateWith("rsa", b => b.ExtendedKeyUsages.Add(SignerRoles.TimeStampingOid));
        var sealSigner = pki.TsaCertificateWith("rsa", b => b.WithSignerRole(SignerRole.SealSigner));

        Assert.Throws<TrustKeyException>(() => pki.Authority("rsa", certificate: notCritical));
        Assert.Throws<TrustKeyException>(() => pki.Authority("rsa", certificate: sealSigner));
    }

    [Fact]
    public void Verifier_refuses_a_token_signed_by_a_key_whose_certificate_is_not_a_tsa()
    {
        // A token made by hand with a certificate that has the EKU but not critical (RFC 3161 section 2.3).
        var notCritical = pki.TsaCertificateWith("rsa", b => b.ExtendedKeyUsages.Add(SignerRoles.TimeStampingOid));
        var token = TokenSignedWith(pki.TsaKey("rsa"), notCritical, pki.RootCert("rsa"));

        var check = TimestampTokenVerifier.Verify(token, Data, pki.Validator("rsa"), TsaTestPki.Now);

        Assert.StartsWith(TimestampReasons.TsaNotEntitled + ":chain.extended_key_usage", Assert.Single(check.Reasons), StringComparison.Ordinal);
    }

    [Fact]
    public void Changed_token_content_fails_the_signature_check()
    {
        var token = pki.Authority("rsa").Stamp(DigestAlgorithm.Sha256, SHA256.HashData(Data));
        var genTime = System.Text.Encoding.ASCII.GetBytes("20260601120000Z");
        var at = token.AsSpan().IndexOf(genTime);
        Assert.True(at > 0);
        token[at + 3] = (byte)'7'; // 2027

        var check = TimestampTokenVerifier.Verify(token, Data, pki.Validator("rsa"), TsaTestPki.Now);

        Assert.Contains(TimestampReasons.SignatureInvalid, check.Reasons);
    }

    [Fact]
    public void Serial_numbers_do_not_repeat_across_authorities_sharing_a_key()
    {
        // Two "nodes" with the same key and the same (frozen) clock: the random part keeps serials apart.
        var nodes = new[] { pki.Authority("sm2"), pki.Authority("sm2") };
        var serials = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 200; i++)
        {
            foreach (var node in nodes)
            {
                TimestampTokenVerifier.TryDecode(node.Stamp(DigestAlgorithm.Sm3, new byte[32]), out var token);
                Assert.True(serials.Add(token!.SerialNumber));
                Assert.Equal(32, token.SerialNumber.Length);
            }
        }
    }

    [Fact]
    public void Serials_start_with_the_time_so_a_restart_cannot_repeat_them()
    {
        var early = TimestampSerials.Next(TsaTestPki.Now);
        var later = TimestampSerials.Next(TsaTestPki.Now.AddMilliseconds(1));

        Assert.True(early.AsSpan(0, 6).SequenceCompareTo(later.AsSpan(0, 6)) < 0);
        Assert.True(early[0] < 0x80);
    }

    [Fact]
    public void Request_with_another_policy_is_rejected_with_unaccepted_policy()
    {
        var request = new TimeStampReq(new MessageImprint(TimestampAlgorithms.Identifier(TimestampAlgorithms.Sha256), new byte[32]),
            new DerObjectIdentifier("1.2.3.4"), null, DerBoolean.True, null).GetEncoded(Asn1Encodable.Der);

        var response = TimeStampResp.GetInstance(pki.Authority("rsa").Respond(request));

        Assert.Equal((int)PkiStatus.Rejection, response.Status.Status.IntValueExact);
        Assert.True(response.Status.FailInfo.IntValue == PkiFailureInfo.UnacceptedPolicy);
        Assert.Null(response.TimeStampToken);
    }

    [Fact]
    public void Request_with_sha1_is_rejected_with_bad_alg()
    {
        var request = new TimeStampReq(new MessageImprint(TimestampAlgorithms.Identifier(TimestampAlgorithms.Sha1), new byte[20]),
            null, null, null, null).GetEncoded(Asn1Encodable.Der);

        var response = TimeStampResp.GetInstance(pki.Authority("rsa").Respond(request));

        Assert.Equal(PkiFailureInfo.BadAlg, response.Status.FailInfo.IntValue);
    }

    [Fact]
    public void Hostile_requests_get_a_rejection_never_an_exception()
    {
        var authority = pki.Authority("rsa");
        var valid = TimestampExchange.CreateRequest(DigestAlgorithm.Sha256, new byte[32]).Request;
        var random = new Random(18);
        List<byte[]> inputs = [[], new byte[TimestampAuthority.MaxRequestBytes + 1], [0x30, 0x80], Enumerable.Repeat((byte)0x30, 3000).ToArray()];
        for (var cut = 1; cut < valid.Length; cut += 3)
        {
            inputs.Add(valid[..cut]);
        }

        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 300)];
            random.NextBytes(bytes);
            inputs.Add(bytes);
            var flipped = (byte[])valid.Clone();
            flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
            inputs.Add(flipped);
        }

        foreach (var input in inputs)
        {
            var response = TimeStampResp.GetInstance(authority.Respond(input));
            if (response.Status.Status.IntValueExact != (int)PkiStatus.Granted)
            {
                Assert.Null(response.TimeStampToken);
            }
        }
    }

    [Fact]
    public void Hostile_tokens_are_malformed_never_an_exception()
    {
        var token = pki.Authority("rsa").Stamp(DigestAlgorithm.Sha256, SHA256.HashData(Data));
        var random = new Random(3161);
        var validator = pki.Validator("rsa");
        List<byte[]> inputs = [[], new byte[TimestampTokenVerifier.MaxTokenBytes + 1], Enumerable.Repeat((byte)0x30, 5000).ToArray()];
        for (var cut = 1; cut < token.Length; cut += 97)
        {
            inputs.Add(token[..cut]);
        }

        for (var i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(1, 500)];
            random.NextBytes(bytes);
            inputs.Add(bytes);
        }

        foreach (var input in inputs)
        {
            Assert.False(TimestampTokenVerifier.Verify(input, Data, validator, TsaTestPki.Now).IsValid);
        }

        // A flipped bit anywhere must not throw; inside the TSTInfo (what the TSA asserts) it must invalidate the token.
        var content = Org.BouncyCastle.Asn1.Cms.SignedData.GetInstance(Org.BouncyCastle.Asn1.Cms.ContentInfo.GetInstance(Asn1Object.FromByteArray(token)).Content)
            .EncapContentInfo.Content.ToAsn1Object().GetDerEncoded();
        var start = token.AsSpan().IndexOf(content.AsSpan(2));
        Assert.True(start > 0);
        for (var i = 0; i < 300; i++)
        {
            var flipped = (byte[])token.Clone();
            var at = random.Next(flipped.Length);
            flipped[at] ^= (byte)(1 << random.Next(8));
            var check = TimestampTokenVerifier.Verify(flipped, Data, validator, TsaTestPki.Now);
            if (at >= start && at < start + content.Length - 2)
            {
                Assert.False(check.IsValid, $"bit flip at {at} inside the TSTInfo was not detected");
            }
        }
    }

    [Fact]
    public void Client_refuses_a_response_whose_nonce_differs()
    {
        var authority = pki.Authority("rsa");
        var imprint = SHA256.HashData(Data);
        var (request, nonce) = TimestampExchange.CreateRequest(DigestAlgorithm.Sha256, imprint);
        var (_, otherNonce) = TimestampExchange.CreateRequest(DigestAlgorithm.Sha256, imprint);
        var response = authority.Respond(request);

        var ex = Assert.Throws<TimestampException>(() => TimestampExchange.AcceptResponse(response, DigestAlgorithm.Sha256, imprint, otherNonce, pki.Validator("rsa"), TsaTestPki.Now));
        Assert.Contains(TimestampReasons.NonceMismatch, ex.Reasons);
        Assert.NotNull(TimestampExchange.AcceptResponse(response, DigestAlgorithm.Sha256, imprint, nonce, pki.Validator("rsa"), TsaTestPki.Now));
    }

    [Fact]
    public void Client_refuses_a_token_for_another_imprint_and_a_rejection()
    {
        var authority = pki.Authority("rsa");
        var imprint = SHA256.HashData(Data);
        var (request, nonce) = TimestampExchange.CreateRequest(DigestAlgorithm.Sha256, imprint);
        var response = authority.Respond(request);

        var mismatch = Assert.Throws<TimestampException>(() => TimestampExchange.AcceptResponse(response, DigestAlgorithm.Sha256, new byte[32], nonce, pki.Validator("rsa"), TsaTestPki.Now));
        Assert.Contains(TimestampReasons.ImprintMismatch, mismatch.Reasons);

        var rejection = authority.Respond([0x30, 0x00]);
        var rejected = Assert.Throws<TimestampException>(() => TimestampExchange.AcceptResponse(rejection, DigestAlgorithm.Sha256, imprint, nonce, pki.Validator("rsa"), TsaTestPki.Now));
        Assert.StartsWith(TimestampReasons.Rejected, Assert.Single(rejected.Reasons), StringComparison.Ordinal);

        var garbage = Assert.Throws<TimestampException>(() => TimestampExchange.AcceptResponse([1, 2, 3], DigestAlgorithm.Sha256, imprint, nonce, pki.Validator("rsa"), TsaTestPki.Now));
        Assert.Equal([TimestampReasons.Unavailable], garbage.Reasons);
    }

    /// <summary>A token signed with any key and certificate, bypassing the authority's own certificate check.</summary>
    private static byte[] TokenSignedWith(SigningKey key, byte[] leaf, byte[] root)
    {
        var chain = new[] { leaf, root }.Select(d => Org.BouncyCastle.Asn1.X509.X509CertificateStructure.GetInstance(Asn1Object.FromByteArray(d))).ToArray();
        var info = new TstInfo(new DerObjectIdentifier(TimestampAuthorityOptions.DefaultPolicyOid),
            new MessageImprint(TimestampAlgorithms.Identifier(TimestampAlgorithms.Sha256), SHA256.HashData(Data)),
            DerInteger.ValueOf(7), new Asn1GeneralizedTime(TsaTestPki.Now.UtcDateTime), null, null, null, null, null);
        return TimestampTokenBuilder.Build(key, chain, leaf, info, includeCertificates: true);
    }
}
