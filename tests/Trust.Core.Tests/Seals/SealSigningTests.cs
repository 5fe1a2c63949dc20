using System.Security.Cryptography;
using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;

namespace Trust.Core.Tests.Seals;

public sealed class SealSigningTests
{
    private static readonly SealFixture F = SealFixture.Shared;

    [Fact]
    public void Sm2_seal_signs_data_that_verifies_with_sm3_data_hash()
    {
        var data = "电子证照 e-licence"u8.ToArray();
        var signature = new SealSigner().Sign(F.Sm2Seal(), F.Sm2Signer.Certificate, F.Sm2Signer.Key, new MemoryStream(data), "licence.pdf");

        var decoded = SesSignature.Decode(signature.Encode());
        var result = new SealSignatureVerifier(F.NewValidator()).Verify(decoded, new MemoryStream(data));

        Assert.True(result.IsValid, string.Join(",", result.Reasons));
        Assert.Empty(result.Reasons);
        Assert.Equal(Digest.Hash(DigestAlgorithm.Sm3, data), decoded.ToSign.DataHash.ToArray());
        Assert.Equal(SignatureAlgorithm.Sm2Sm3, result.Algorithm);
        Assert.Equal("SM2-TEST-1", result.SealId);
        Assert.Equal("CN=Market Regulation Bureau", result.Signer);
        Assert.Equal("licence.pdf", decoded.ToSign.PropertyInfo);
    }

    [Fact]
    public void Rsa_seal_signs_data_that_verifies_with_sha256_data_hash()
    {
        var data = RandomNumberGenerator.GetBytes(1024);
        var signature = new SealSigner().Sign(F.RsaSeal(), F.RsaSigner.Certificate, F.RsaSigner.Key, new MemoryStream(data));

        var result = new SealSignatureVerifier(F.NewValidator()).Verify(signature.Encode(), new MemoryStream(data));

        Assert.True(result.IsValid, string.Join(",", result.Reasons));
        Assert.Equal(SHA256.HashData(data), signature.ToSign.DataHash.ToArray());
        Assert.Equal(SignatureAlgorithm.RsaPkcs1Sha256, result.Algorithm);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Seal_listing_certificate_digests_accepts_its_signer(bool rsa)
    {
        var seal = rsa ? F.RsaSeal(digests: true) : F.Sm2Seal(digests: true);
        var signer = rsa ? F.RsaSigner : F.Sm2Signer;
        var signature = new SealSigner().Sign(seal, signer.Certificate, signer.Key, new MemoryStream([1, 2, 3]));

        var result = new SealSignatureVerifier(F.NewValidator()).Verify(signature, new MemoryStream([1, 2, 3]));

        Assert.True(result.IsValid, string.Join(",", result.Reasons));
    }

    [Fact]
    public void Byte_range_signature_covers_exactly_the_range()
    {
        var data = RandomNumberGenerator.GetBytes(10_000);
        var signature = new SealSigner().SignRange(F.Sm2Seal(), F.Sm2Signer.Certificate, F.Sm2Signer.Key, new MemoryStream(data), 100, 5000);
        var verifier = new SealSignatureVerifier(F.NewValidator());

        Assert.True(verifier.VerifyRange(signature, new MemoryStream(data), 100, 5000).IsValid);
        Assert.True(verifier.Verify(signature, new MemoryStream(data[100..5100])).IsValid);
        Assert.Equal([SealReasons.DataHashMismatch], verifier.VerifyRange(signature, new MemoryStream(data), 101, 5000).Reasons);
    }

    [Fact]
    public void Byte_range_past_the_end_of_the_data_is_a_format_error()
    {
        var ex = Assert.Throws<TrustFormatException>(() =>
            new SealSigner().SignRange(F.Sm2Seal(), F.Sm2Signer.Certificate, F.Sm2Signer.Key, new MemoryStream(new byte[10]), 5, 10));
        Assert.Equal("data", ex.Field);
    }

    [Fact]
    public void Ten_megabyte_file_is_signed_and_verified_streaming()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var file = File.OpenWrite(path))
            {
                var chunk = RandomNumberGenerator.GetBytes(1024 * 1024);
                for (var i = 0; i < 10; i++)
                {
                    file.Write(chunk);
                }
            }

            var signature = new SealSigner().SignFile(F.Sm2Seal(), F.Sm2Signer.Certificate, F.Sm2Signer.Key, path);
            using var stream = File.OpenRead(path);
            var result = new SealSignatureVerifier(F.NewValidator()).Verify(signature, stream);

            Assert.True(result.IsValid, string.Join(",", result.Reasons));
            Assert.Equal(Path.GetFileName(path), signature.ToSign.PropertyInfo);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Opt-in (TRUST_TEST_LARGE_FILES=1): a 2 GiB sparse file is hashed without loading it into memory.</summary>
    [OptInFact("TRUST_TEST_LARGE_FILES")]
    public void Two_gigabyte_sparse_file_is_signed_without_loading_it_into_memory()
    {
        var path = Path.GetTempFileName();
        try
        {
            using (var file = new FileStream(path, FileMode.Create))
            {
                file.SetLength(2L * 1024 * 1024 * 1024 + 7);
            }

            var before = GC.GetTotalAllocatedBytes(precise: true);
            var signature = new SealSigner().SignFile(F.RsaSeal(), F.RsaSigner.Certificate, F.RsaSigner.Key, path);
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            Assert.True(allocated < 64L * 1024 * 1024, $"allocated {allocated} bytes");
            using var stream = File.OpenRead(path);
            Assert.True(new SealSignatureVerifier(F.NewValidator()).Verify(signature, stream).IsValid);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Revoked_seal_cannot_sign()
    {
        var revocations = new InMemorySealRevocations();
        var seal = F.Sm2Seal("REVOKED-1");
        revocations.Revoke("REVOKED-1");

        var ex = Assert.Throws<SealUnusableException>(() => new SealSigner(revocations).Sign(seal, F.Sm2Signer.Certificate, F.Sm2Signer.Key, new MemoryStream([1])));

        Assert.Equal(SealReasons.Revoked, ex.Reason);
    }

    [Fact]
    public void Expired_seal_cannot_sign()
    {
        var seal = F.Sm2Maker.Make(SealFixture.Request("EXPIRED-1", F.Sm2Signer, DateTimeOffset.UtcNow.AddYears(-2), DateTimeOffset.UtcNow.AddDays(-1)));

        var ex = Assert.Throws<SealUnusableException>(() => new SealSigner().Sign(seal, F.Sm2Signer.Certificate, F.Sm2Signer.Key, new MemoryStream([1])));

        Assert.Equal(SealReasons.NotValidAtSigningTime, ex.Reason);
        Assert.Contains("EXPIRED-1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Signer_not_listed_in_the_seal_cannot_sign()
    {
        var ex = Assert.Throws<SealUnusableException>(() =>
            new SealSigner().Sign(F.Sm2Seal(), F.Sm2OtherSigner.Certificate, F.Sm2OtherSigner.Key, new MemoryStream([1])));
        Assert.Equal(SealReasons.SignerNotListed, ex.Reason);
    }

    [Fact]
    public void Key_that_does_not_match_the_certificate_is_refused()
    {
        Assert.Throws<TrustKeyException>(() =>
            new SealSigner().Sign(F.Sm2Seal(), F.Sm2Signer.Certificate, F.Sm2OtherSigner.Key, new MemoryStream([1])));
        Assert.Throws<TrustKeyException>(() => new SealMaker(F.Sm2MakerIdentity.Certificate, F.Sm2Signer.Key));
    }

    [Fact]
    public void Seal_times_are_whole_seconds_and_inside_the_requested_window()
    {
        var from = new DateTimeOffset(2026, 1, 1, 8, 0, 0, 123, TimeSpan.FromHours(8));
        var seal = F.Sm2Maker.Make(SealFixture.Request("TIMES-1", F.Sm2Signer, from, from.AddYears(2)));
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), seal.SealInfo.Property.ValidStart);
        Assert.Equal(TimeSpan.Zero, seal.SealInfo.Property.ValidStart.Offset);
    }
}
