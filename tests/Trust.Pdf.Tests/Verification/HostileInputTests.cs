using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Verification;

public sealed class HostileInputTests
{
    [FsCheck.Xunit.Property(MaxTest = 100)]
    public bool Verifier_never_throws_and_never_says_valid_for_random_bytes(byte[] bytes)
    {
        using var ms = new MemoryStream([.. "%PDF-1.7\n"u8, .. bytes ?? []]);
        var report = PdfSealVerifier.Verify(ms, new PdfVerificationOptions());
        return report.Verdict != PdfDocumentVerdict.Valid;
    }

    [Theory]
    [InlineData("3080", "0000")] // indefinite-length SEQUENCEs (BER)
    [InlineData("2480", "0000")] // constructed OCTET STRINGs (BER)
    public void Deeply_nested_cms_in_contents_is_malformed_not_a_stack_overflow(string open, string close)
    {
        // The whole /Contents gap filled with nesting: BouncyCastle's parser recurses per level, so it must never see it.
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var range = Increment.LastByteRange(pdf);
        var hexLength = (int)(range[2] - range[1]) - 2;
        var depth = hexLength / (open.Length + close.Length);
        var hex = (string.Concat(Enumerable.Repeat(open, depth)) + string.Concat(Enumerable.Repeat(close, depth))).PadRight(hexLength, '0');
        System.Text.Encoding.ASCII.GetBytes(hex).CopyTo(pdf, range[1] + 1);

        var report = VerificationTests.Verify(pdf, TestPki.Rsa);

        Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Contains("cms.malformed", report.Seals[0].Reasons);
    }

    [Fact]
    public void Verifier_never_says_valid_for_truncations_of_a_sealed_file()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        for (var cut = 1; cut < pdf.Length; cut += Math.Max(1, pdf.Length / 60))
        {
            using var ms = new MemoryStream(pdf[..cut]);
            var report = PdfSealVerifier.Verify(ms, new PdfVerificationOptions { CertificateValidator = TestPki.Rsa.Validator });
            Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
        }
    }

    [Fact]
    public void Verifier_never_says_valid_after_random_byte_flips_in_a_sealed_file()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var random = new Random(1234);
        var range = Increment.LastByteRange(pdf);
        for (var i = 0; i < 40; i++)
        {
            var copy = (byte[])pdf.Clone();
            long position;
            do
            {
                position = random.NextInt64(copy.Length);
            }
            while (position >= range[1] && position < range[2]); // flips inside /Contents are covered by CMS tests
            copy[position] ^= (byte)(1 << random.Next(8));
            using var ms = new MemoryStream(copy);
            var report = PdfSealVerifier.Verify(ms, new PdfVerificationOptions { CertificateValidator = TestPki.Rsa.Validator });
            Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
        }
    }
}
