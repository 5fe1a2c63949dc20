using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Timestamps;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Timestamps;

/// <summary>PAdES B-LT and B-LTA: <see cref="PdfArchiver.Extend"/> adds a DSS and a document time-stamp by incremental updates.</summary>
public sealed class ArchiveExtendTests : IClassFixture<PastValidationTests.SealPki>
{
    private readonly PastValidationTests.SealPki _pki;

    public ArchiveExtendTests(PastValidationTests.SealPki pki) => _pki = pki;

    internal static byte[] Extend(byte[] pdf, PdfArchiveLevel level, DigestAlgorithm digest = DigestAlgorithm.Sha256, IReadOnlyList<byte[]>? crls = null)
    {
        using var input = new MemoryStream(pdf, writable: false);
        using var output = new MemoryStream();
        PdfArchiver.Extend(input, output, new PdfArchiveOptions { Level = level, TimestampClient = TestTsa.Shared.Client, DigestAlgorithm = digest, Crls = crls ?? [] });
        return output.ToArray();
    }

    private static PdfVerificationReport Verify(byte[] pdf, TestPki pki)
    {
        using var ms = new MemoryStream(pdf);
        return PdfSealVerifier.Verify(ms, new PdfVerificationOptions { CertificateValidator = TestTsa.Shared.With(pki.Validator) });
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("sm2")]
    public void Timestamped_seal_extended_to_b_lta_is_valid_and_reports_its_level_and_document_timestamp(string alg)
    {
        var pki = alg == "rsa" ? TestPki.Rsa : TestPki.Sm2;
        var sealedPdf = Sealing.Seal(TestPdfs.Simple(), pki, b => b.TimestampClient = TestTsa.Shared.Client);

        var extended = Extend(sealedPdf, PdfArchiveLevel.LongTermArchive, alg == "rsa" ? DigestAlgorithm.Sha256 : DigestAlgorithm.Sm3);

        Assert.Equal(sealedPdf, extended.AsSpan(0, sealedPdf.Length).ToArray());
        var report = Verify(extended, pki);
        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons))));
        Assert.Equal(Verify(sealedPdf, pki).Revisions + 2, report.Revisions);
        Assert.True(report.HasValidationData);
        var seal = Assert.Single(report.Seals);
        Assert.Equal(PdfLevels.LongTermArchive, seal.Level);
        Assert.False(seal.ModifiedAfter);
        Assert.All(seal.ChangesAfter, c => Assert.True(c.Permitted, c.Description));
        var stamp = Assert.Single(report.DocumentTimestamps);
        Assert.True(stamp.Valid, string.Join(", ", stamp.Reasons));
        Assert.Contains("PDF test TSA", stamp.Tsa, StringComparison.Ordinal);
        Assert.True(Math.Abs((stamp.Time!.Value - DateTimeOffset.UtcNow).TotalMinutes) < 10);
    }

    [Theory]
    [InlineData("rsa")]
    [InlineData("sm2")]
    public void B_lta_file_passes_qpdf_check_and_pdfsig_shows_the_seal_valid_and_the_document_timestamp(string alg)
    {
        var pki = alg == "rsa" ? TestPki.Rsa : TestPki.Sm2;
        var extended = Extend(Sealing.Seal(TestPdfs.Simple(), pki, b => b.TimestampClient = TestTsa.Shared.Client), PdfArchiveLevel.LongTermArchive);
        var path = ExternalTools.TempFile(extended);
        try
        {
            var (code, check) = ExternalTools.Run("qpdf", "--check", path);
            Assert.True(code == 0, check);
            var (_, sig) = ExternalTools.Run("pdfsig", path);
            var blocks = ExternalTools.PdfSigBlocks(sig);
            Assert.Equal(2, blocks.Count);
            if (alg == "rsa")
            {
                // poppler does not verify SM2 signatures; the seal's byte range is what matters for it there.
                Assert.Contains("Signature is Valid.", blocks[0], StringComparison.Ordinal);
            }

            Assert.True(blocks[1].Contains("ArchiveTimestamp1", StringComparison.Ordinal), sig);
            // poppler lists the document time-stamp (its TSA, its whole-document range) but does not validate ETSI.RFC3161 ("unknown").
            Assert.True(blocks[1].Contains("Common Name: PDF test TSA", StringComparison.Ordinal), sig);
            Assert.True(blocks[1].Contains("Total document signed", StringComparison.Ordinal), sig);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void B_lt_adds_the_store_only()
    {
        var extended = Extend(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, b => b.TimestampClient = TestTsa.Shared.Client), PdfArchiveLevel.LongTerm, crls: [Crl()]);

        var report = Verify(extended, TestPki.Rsa);

        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal(PdfLevels.LongTerm, Assert.Single(report.Seals).Level);
        Assert.Empty(report.DocumentTimestamps);
        var text = System.Text.Encoding.Latin1.GetString(extended);
        Assert.Contains("/DSS", text, StringComparison.Ordinal);
        Assert.Contains("/CRLs [", text, StringComparison.Ordinal);
    }

    private static byte[] Crl()
    {
        using var key = Trust.Core.Crypto.Rsa.RsaSigningKey.Generate(2048);
        var ca = new Trust.Core.Pki.CertificateBuilder(new Trust.Core.Pki.CertificateSubject("Archive CRL issuer", "Tests"), key.PublicKey)
        {
            NotBefore = DateTimeOffset.UtcNow.AddDays(-1),
            NotAfter = DateTimeOffset.UtcNow.AddYears(1),
            IsCertificateAuthority = true,
            KeyUsage = System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.KeyCertSign | System.Security.Cryptography.X509Certificates.X509KeyUsageFlags.CrlSign,
        }.SelfSign(key);
        return new Trust.Core.Pki.CrlBuilder { ThisUpdate = DateTimeOffset.UtcNow.AddMinutes(-5), NextUpdate = DateTimeOffset.UtcNow.AddDays(30) }.Sign(ca, key);
    }

    [Fact]
    public void Extending_twice_keeps_one_store_without_duplicates_and_adds_a_second_document_timestamp()
    {
        var once = Extend(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, b => b.TimestampClient = TestTsa.Shared.Client), PdfArchiveLevel.LongTermArchive);
        var twice = Extend(once, PdfArchiveLevel.LongTermArchive);

        var report = Verify(twice, TestPki.Rsa);

        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons))));
        Assert.Equal(2, report.DocumentTimestamps.Count);
        Assert.All(report.DocumentTimestamps, t => Assert.True(t.Valid));
    }

    [Fact]
    public void A_byte_changed_after_the_document_timestamp_makes_it_invalid()
    {
        var sealedPdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa, b => b.TimestampClient = TestTsa.Shared.Client);
        var extended = Extend(sealedPdf, PdfArchiveLevel.LongTermArchive);

        // A byte of a certificate in the store (stream data of the B-LT revision, covered only by the document time-stamp).
        var text = System.Text.Encoding.Latin1.GetString(extended);
        var stream = text.IndexOf("stream\n", sealedPdf.Length, StringComparison.Ordinal);
        Assert.True(stream > 0);
        extended[stream + 40] ^= 0x01;

        var report = Verify(extended, TestPki.Rsa);

        Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
        var stamp = Assert.Single(report.DocumentTimestamps);
        Assert.False(stamp.Valid);
        Assert.Contains(TimestampReasons.ImprintMismatch, stamp.Reasons);
        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
    }

    [Fact]
    public void Basic_seal_whose_certificate_expired_is_valid_when_a_document_timestamp_predates_the_expiry()
    {
        // The seal certificate ends one year from now; the validation time is two years from now.
        var extended = Extend(_pki.Seal(timestamped: false), PdfArchiveLevel.LongTermArchive);

        var seal = _pki.Verify(extended, at: PastValidationTests.SealPki.Now.AddYears(2));

        Assert.True(seal.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", seal.Reasons));
        Assert.Equal(PdfSealReport.ProvenByDocumentTimestamp, seal.ProvenBy);
        Assert.NotNull(seal.BestSignatureTime);
    }

    [Fact]
    public void Timestamped_seal_extended_to_b_lta_is_b_lta_after_its_certificate_expired()
    {
        var extended = Extend(_pki.Seal(timestamped: true), PdfArchiveLevel.LongTermArchive);

        var seal = _pki.Verify(extended, at: PastValidationTests.SealPki.Now.AddYears(2));

        Assert.True(seal.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", seal.Reasons));
        Assert.Equal(PdfLevels.LongTermArchive, seal.Level);
    }

    [Fact]
    public void Unsealed_random_and_truncated_inputs_are_refused_and_b_lta_needs_a_tsa()
    {
        var random = new byte[4096];
        new Random(18).NextBytes(random);
        var sealedPdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        foreach (var bad in new[] { TestPdfs.Simple(), random, sealedPdf[..(sealedPdf.Length / 2)], Array.Empty<byte>() })
        {
            using var input = new MemoryStream(bad, writable: false);
            using var output = new MemoryStream();
            Assert.Throws<TrustFormatException>(() => PdfArchiver.Extend(input, output, new PdfArchiveOptions { Level = PdfArchiveLevel.LongTerm }));
        }

        using var sealedInput = new MemoryStream(sealedPdf, writable: false);
        using var sink = new MemoryStream();
        Assert.Throws<TrustFormatException>(() => PdfArchiver.Extend(sealedInput, sink, new PdfArchiveOptions { Level = PdfArchiveLevel.LongTermArchive }));
    }
}
