using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Seals.Providers;
using Trust.Core.Tests.Licences;

namespace Trust.Core.Tests.Seals.Providers;

public sealed class TwoPhaseSesSigningTests
{
    private static readonly SealFixture F = SealFixture.Shared;
    private static readonly SealSessionProtector Protector = SealSessionProtector.CreateRandom();

    private static (SesSeal Seal, TestIdentity Signer) Pick(bool rsa) => rsa ? (F.RsaSeal(), F.RsaSigner) : (F.Sm2Seal(), F.Sm2Signer);

    [Property(MaxTest = 30)]
    public void Prepare_sign_complete_verifies_and_a_tampered_signature_is_refused(byte[] data, bool rsa, PositiveInt flip)
    {
        var (seal, signer) = Pick(rsa);
        var prepared = new SealSigner().Prepare(seal, signer.Certificate, new MemoryStream(data), Protector, "file.bin");
        var value = signer.Key.Sign(prepared.Algorithm, prepared.ToBeSigned.Span);

        var signature = SealSigner.Complete(prepared.Session.Span, value, Protector);
        var result = new SealSignatureVerifier(F.NewValidator()).Verify(signature.Encode(), new MemoryStream(data));
        Assert.True(result.IsValid, string.Join(",", result.Reasons));

        var tampered = value.ToArray();
        tampered[flip.Get % tampered.Length] ^= (byte)(1 << (flip.Get % 8));
        var ex = Assert.Throws<SealingRefusedException>(() => SealSigner.Complete(prepared.Session.Span, tampered, Protector));
        Assert.Contains(ex.Reason, new[] { SealingReasons.SignatureInvalid, SealingReasons.SignatureEncoding });
    }

    [Fact]
    public void Digest_of_an_rsa_preparation_is_sha256_of_what_is_signed()
    {
        var (seal, signer) = Pick(rsa: true);
        var prepared = new SealSigner().Prepare(seal, signer.Certificate, new MemoryStream([1, 2, 3]), Protector);

        Assert.Equal(SHA256.HashData(prepared.ToBeSigned.Span), prepared.Digest.ToArray());
        Assert.Equal(SignatureAlgorithm.RsaPkcs1Sha256, prepared.Algorithm);
    }

    [Fact]
    public void Raw_r_s_from_an_sm2_signer_is_accepted_and_stored_as_der()
    {
        var (seal, signer) = Pick(rsa: false);
        var data = new byte[] { 9, 8, 7 };
        var prepared = new SealSigner().Prepare(seal, signer.Certificate, new MemoryStream(data), Protector);
        var raw = EcSignatureEncoding.DerToRaw(signer.Key.Sign(SignatureAlgorithm.Sm2Sm3, prepared.ToBeSigned.Span))!;

        var signature = SealSigner.Complete(prepared.Session.Span, raw, Protector);

        Assert.Equal(0x30, signature.Signature.Span[0]);
        Assert.True(new SealSignatureVerifier(F.NewValidator()).Verify(signature, new MemoryStream(data)).IsValid);
    }

    [Fact]
    public void Complete_ses_signature_for_the_prepared_content_is_accepted()
    {
        var (seal, signer) = Pick(rsa: false);
        var prepared = new SealSigner().Prepare(seal, signer.Certificate, new MemoryStream([1]), Protector);
        var value = signer.Key.Sign(SignatureAlgorithm.Sm2Sm3, prepared.ToBeSigned.Span);
        var complete = SealSigner.Complete(prepared.Session.Span, value, Protector).Encode();

        var again = SealSigner.Complete(prepared.Session.Span, complete, Protector);

        Assert.Equal(complete, again.Encode());
    }

    [Fact]
    public void Ses_signature_from_another_key_is_refused_as_wrong_key()
    {
        var seal = F.Sm2Maker.Make(SealFixture.Request("SM2-TWO-SIGNERS", F.Sm2Signer));
        var prepared = new SealSigner().Prepare(seal, F.Sm2Signer.Certificate, new MemoryStream([1]), Protector);
        var other = new SesSignature(
            new TbsSign(seal, DateTimeOffset.UtcNow, new byte[32], ""), F.Sm2OtherSigner.Certificate, SignatureAlgorithms.Sm2WithSm3Oid, new byte[] { 1 });

        var ex = Assert.Throws<SealingRefusedException>(() => SealSigner.Complete(prepared.Session.Span, other.Encode(), Protector));

        Assert.Equal(SealingReasons.WrongKey, ex.Reason);
    }

    [Fact]
    public void Ses_signature_over_another_digest_is_refused_as_wrong_digest()
    {
        var (seal, signer) = Pick(rsa: false);
        var prepared = new SealSigner().Prepare(seal, signer.Certificate, new MemoryStream([1]), Protector);
        var otherData = new SealSigner().Sign(seal, signer.Certificate, signer.Key, new MemoryStream([2]));

        var ex = Assert.Throws<SealingRefusedException>(() => SealSigner.Complete(prepared.Session.Span, otherData.Encode(), Protector));

        Assert.Equal(SealingReasons.WrongDigest, ex.Reason);
    }

    [Fact]
    public void Signature_value_from_another_key_is_refused()
    {
        var (seal, signer) = Pick(rsa: false);
        var prepared = new SealSigner().Prepare(seal, signer.Certificate, new MemoryStream([1]), Protector);
        var value = F.Sm2OtherSigner.Key.Sign(SignatureAlgorithm.Sm2Sm3, prepared.ToBeSigned.Span);

        var ex = Assert.Throws<SealingRefusedException>(() => SealSigner.Complete(prepared.Session.Span, value, Protector));

        Assert.Equal(SealingReasons.SignatureInvalid, ex.Reason);
    }

    [Fact]
    public void Sm2_signature_with_another_signer_id_is_refused_with_its_reason()
    {
        var scalar = RandomNumberGenerator.GetBytes(32);
        scalar[0] &= 0x7F;
        using var defaultId = Sm2SigningKey.FromPrivateScalar(scalar);
        using var emptyId = Sm2SigningKey.FromPrivateScalar(scalar, userId: []);
        var signer = F.Sm2Ca.Issue(defaultId, "Signer with an ID mix-up");
        var seal = F.Sm2Maker.Make(SealFixture.Request("SM2-ID", signer));
        var prepared = new SealSigner().Prepare(seal, signer.Certificate, new MemoryStream([1]), Protector);

        var ex = Assert.Throws<SealingRefusedException>(() =>
            SealSigner.Complete(prepared.Session.Span, emptyId.Sign(SignatureAlgorithm.Sm2Sm3, prepared.ToBeSigned.Span), Protector));

        Assert.Equal(SealingReasons.WrongSm2SignerId, ex.Reason);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(100)]
    public void Signature_value_that_is_neither_der_nor_raw_is_refused(int length)
    {
        var (seal, signer) = Pick(rsa: false);
        var prepared = new SealSigner().Prepare(seal, signer.Certificate, new MemoryStream([1]), Protector);

        var ex = Assert.Throws<SealingRefusedException>(() => SealSigner.Complete(prepared.Session.Span, new byte[length], Protector));

        Assert.Equal(SealingReasons.SignatureEncoding, ex.Reason);
    }

    [Fact]
    public void Expired_session_is_refused()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UtcNow);
        var protector = new SealSessionProtector(new byte[32], TimeSpan.FromMinutes(2), clock);
        var (seal, signer) = Pick(rsa: true);
        var prepared = new SealSigner().Prepare(seal, signer.Certificate, new MemoryStream([1]), protector);
        var value = signer.Key.Sign(prepared.Algorithm, prepared.ToBeSigned.Span);
        clock.Now = clock.Now.AddMinutes(3);

        var ex = Assert.Throws<SealingRefusedException>(() => SealSigner.Complete(prepared.Session.Span, value, protector));

        Assert.Equal(SealingReasons.SessionExpired, ex.Reason);
    }

    [Fact]
    public void Session_changed_or_from_another_key_is_refused_as_tampered()
    {
        var (seal, signer) = Pick(rsa: true);
        var prepared = new SealSigner().Prepare(seal, signer.Certificate, new MemoryStream([1]), Protector);
        var value = signer.Key.Sign(prepared.Algorithm, prepared.ToBeSigned.Span);
        var changed = prepared.Session.ToArray();
        changed[40] ^= 1;

        Assert.Equal(SealingReasons.SessionTampered, Assert.Throws<SealingRefusedException>(() => SealSigner.Complete(changed, value, Protector)).Reason);
        Assert.Equal(SealingReasons.SessionTampered,
            Assert.Throws<SealingRefusedException>(() => SealSigner.Complete(prepared.Session.Span, value, SealSessionProtector.CreateRandom())).Reason);
    }

    [Fact]
    public void Truncated_session_is_refused_as_malformed()
    {
        var (seal, signer) = Pick(rsa: true);
        var prepared = new SealSigner().Prepare(seal, signer.Certificate, new MemoryStream([1]), Protector);
        for (var cut = 0; cut < prepared.Session.Length; cut += 97)
        {
            var ex = Assert.Throws<SealingRefusedException>(() => SealSigner.Complete(prepared.Session.Span[..cut], [1], Protector));
            Assert.Equal(SealingReasons.SessionMalformed, ex.Reason);
        }
    }

    [Property(MaxTest = 300)]
    public void Random_bytes_as_a_session_are_refused_never_crash(byte[] session, byte[] signature)
    {
        var ex = Assert.Throws<SealingRefusedException>(() => SealSigner.Complete(session, signature, Protector));
        Assert.Contains(ex.Reason, new[] { SealingReasons.SessionMalformed, SealingReasons.SessionTampered });
    }
}
