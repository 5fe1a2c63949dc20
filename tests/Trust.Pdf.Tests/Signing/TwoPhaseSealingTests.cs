using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;
using Trust.Pdf.Internal.Signing;
using Trust.Pdf.Tests.Support;
using Trust.Pdf.Tests.Verification;

namespace Trust.Pdf.Tests.Signing;

public sealed class TwoPhaseSealingTests
{
    private static readonly SealSessionProtector Protector = SealSessionProtector.CreateRandom();

    private static PdfSealOptions KeylessOptions(TestPki pki)
    {
        var options = Sealing.Options(pki);
        return new PdfSealOptions
        {
            CertificateChain = options.CertificateChain,
            Seal = options.Seal,
            XMm = options.XMm,
            YMm = options.YMm,
        };
    }

    private static (MemoryStream Output, PreparedSeal Prepared) Prepare(TestPki pki, int pages = 1)
    {
        var output = new MemoryStream();
        using var input = new MemoryStream(TestPdfs.Simple(pages), writable: false);
        var prepared = PdfSealer.Prepare(input, output, KeylessOptions(pki), Protector);
        return (output, prepared);
    }

    [Property(MaxTest = 8)]
    public void Prepare_sign_complete_verifies_and_a_tampered_signature_changes_nothing(bool rsa, PositiveInt flip)
    {
        var pki = rsa ? TestPki.Rsa : TestPki.Sm2;
        var (output, prepared) = Prepare(pki, 1 + (flip.Get % 3));
        var value = pki.Key.Sign(prepared.Algorithm, prepared.ToBeSigned.Span);
        var tampered = value.ToArray();
        tampered[flip.Get % tampered.Length] ^= (byte)(1 << (flip.Get % 8));
        var before = output.ToArray();

        var ex = Assert.Throws<SealingRefusedException>(() => PdfSealer.Complete(output, prepared.Session.Span, tampered, Protector));
        Assert.Contains(ex.Reason, new[] { SealingReasons.SignatureInvalid, SealingReasons.SignatureEncoding });
        Assert.Equal(before, output.ToArray());

        var field = PdfSealer.Complete(output, prepared.Session.Span, value, Protector);
        var report = VerificationTests.Verify(output.ToArray(), pki);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal(field, Assert.Single(report.Seals).FieldName);
    }

    [Fact]
    public void Two_phase_rsa_seal_passes_pdfsig()
    {
        var (output, prepared) = Prepare(TestPki.Rsa);
        PdfSealer.Complete(output, prepared.Session.Span, TestPki.Rsa.Key.Sign(prepared.Algorithm, prepared.ToBeSigned.Span), Protector);
        var path = ExternalTools.TempFile(output.ToArray());
        try
        {
            var (_, sig) = ExternalTools.Run("pdfsig", path);
            Assert.Contains("Signature is Valid.", sig, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Raw_r_s_from_an_sm2_signer_is_accepted()
    {
        var (output, prepared) = Prepare(TestPki.Sm2);
        var raw = EcSignatureEncoding.DerToRaw(TestPki.Sm2.Key.Sign(prepared.Algorithm, prepared.ToBeSigned.Span))!;

        PdfSealer.Complete(output, prepared.Session.Span, raw, Protector);

        Assert.Equal(PdfDocumentVerdict.Valid, VerificationTests.Verify(output.ToArray(), TestPki.Sm2).Verdict);
    }

    [Fact]
    public void Complete_cms_for_the_prepared_attributes_is_accepted()
    {
        var (output, prepared) = Prepare(TestPki.Rsa);
        var cms = CmsSignedDataBuilder.Assemble(TestPki.Rsa.Chain, prepared.Algorithm, prepared.ToBeSigned.ToArray(),
            TestPki.Rsa.Key.Sign(prepared.Algorithm, prepared.ToBeSigned.Span));

        PdfSealer.Complete(output, prepared.Session.Span, cms, Protector);

        Assert.Equal(PdfDocumentVerdict.Valid, VerificationTests.Verify(output.ToArray(), TestPki.Rsa).Verdict);
    }

    [Fact]
    public void Cms_over_other_signed_attributes_is_refused_as_wrong_digest()
    {
        var (output, prepared) = Prepare(TestPki.Rsa);
        var (_, other) = Prepare(TestPki.Rsa, pages: 2);
        var cms = CmsSignedDataBuilder.Assemble(TestPki.Rsa.Chain, other.Algorithm, other.ToBeSigned.ToArray(),
            TestPki.Rsa.Key.Sign(other.Algorithm, other.ToBeSigned.Span));

        var ex = Assert.Throws<SealingRefusedException>(() => PdfSealer.Complete(output, prepared.Session.Span, cms, Protector));

        Assert.Equal(SealingReasons.WrongDigest, ex.Reason);
    }

    [Fact]
    public void Cms_from_another_signer_is_refused_as_wrong_key()
    {
        var (output, prepared) = Prepare(TestPki.Rsa);
        var cms = CmsSignedDataBuilder.Assemble(TestPki.Sm2.Chain, SignatureAlgorithm.Sm2Sm3, prepared.ToBeSigned.ToArray(),
            TestPki.Sm2.Key.Sign(SignatureAlgorithm.Sm2Sm3, prepared.ToBeSigned.Span));

        var ex = Assert.Throws<SealingRefusedException>(() => PdfSealer.Complete(output, prepared.Session.Span, cms, Protector));

        Assert.Equal(SealingReasons.WrongKey, ex.Reason);
    }

    [Fact]
    public void Document_changed_between_the_phases_is_refused()
    {
        var (output, prepared) = Prepare(TestPki.Rsa);
        var value = TestPki.Rsa.Key.Sign(prepared.Algorithm, prepared.ToBeSigned.Span);
        output.Position = 20;
        output.WriteByte((byte)'X');

        var ex = Assert.Throws<SealingRefusedException>(() => PdfSealer.Complete(output, prepared.Session.Span, value, Protector));

        Assert.Equal(SealingReasons.DocumentChanged, ex.Reason);
    }

    [Fact]
    public void Ses_session_is_not_accepted_for_a_pdf()
    {
        var (output, prepared) = Prepare(TestPki.Rsa);
        var seal = Trust.Core.Seals.Asn1.SesSeal.Decode(Sealing.Options(TestPki.Rsa).Seal.SesSeal.Span);
        var ses = new SealSigner().Prepare(seal, TestPki.Rsa.LeafDer, new MemoryStream([1]), Protector);

        var ex = Assert.Throws<SealingRefusedException>(() => PdfSealer.Complete(output, ses.Session.Span, [1], Protector));

        Assert.Equal(SealingReasons.SessionMalformed, ex.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Seal_through_a_provider_verifies(bool rsa)
    {
        var pki = rsa ? TestPki.Rsa : TestPki.Sm2;
        using var input = new MemoryStream(TestPdfs.Simple(), writable: false);
        using var output = new MemoryStream();

        PdfSealer.Seal(input, output, KeylessOptions(pki), new OneKeyProvider(pki.Key, pki.Chain), TestSeal.SealId);

        Assert.Equal(PdfDocumentVerdict.Valid, VerificationTests.Verify(output.ToArray(), pki).Verdict);
    }

    [Fact]
    public void Tampered_signature_from_a_provider_is_refused()
    {
        using var input = new MemoryStream(TestPdfs.Simple(), writable: false);
        using var output = new MemoryStream();

        var ex = Assert.Throws<SealingRefusedException>(() =>
            PdfSealer.Seal(input, output, KeylessOptions(TestPki.Rsa), new OneKeyProvider(TestPki.Rsa.Key, TestPki.Rsa.Chain, tamper: true), TestSeal.SealId));

        Assert.Equal(SealingReasons.SignatureInvalid, ex.Reason);
    }

    [Fact]
    public void Local_seal_without_a_key_is_a_usage_error()
    {
        using var input = new MemoryStream(TestPdfs.Simple(), writable: false);
        using var output = new MemoryStream();

        Assert.Throws<ArgumentException>(() => PdfSealer.Seal(input, output, KeylessOptions(TestPki.Rsa)));
    }

    /// <summary>A provider with one key for every seal id; optionally flips a bit of each signature.</summary>
    private sealed class OneKeyProvider(SigningKey key, IReadOnlyList<byte[]> chain, bool tamper = false) : ISealProvider
    {
        public IReadOnlyList<SealRecord> ListSeals() => [];

        public SealRecord GetSeal(string sealId) => throw new KeyNotFoundException(sealId);

        public IReadOnlyList<byte[]> GetCertificateChain(string sealId) => chain;

        public byte[] Sign(string sealId, SignatureAlgorithm algorithm, ReadOnlySpan<byte> toBeSigned)
        {
            var signature = key.Sign(algorithm, toBeSigned);
            if (tamper)
            {
                signature[^1] ^= 1;
            }

            return signature;
        }
    }
}
