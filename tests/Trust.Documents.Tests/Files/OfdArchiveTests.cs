using System.IO.Compression;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Documents.Ofd;
using Trust.Documents.Tests.Support;
using Trust.Pdf;
using Trust.Pdf.Tests.Support;

namespace Trust.Documents.Tests.Files;

/// <summary>
/// The OFD equivalent of <c>trust archive extend</c>: <see cref="OfdArchiver"/> adds an archive part (SM3 of every
/// package file, certificates, CRLs) and an archive time-stamp over it; earlier seals stay valid, a byte changed anywhere
/// afterwards is caught, and the time-stamp is the proof of existence that keeps an expired seal valid at a chosen time.
/// </summary>
public sealed class OfdArchiveTests
{
    private static string Why(LicenceFileReport r) => string.Join(", ", r.Reasons.Concat(r.Seals.SelectMany(s => s.Reasons)));

    private static byte[] Sealed() => LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Ofd, TestPki.Sm2);

    private static byte[] Extend(byte[] ofd, PdfArchiveLevel level = PdfArchiveLevel.LongTermArchive) =>
        OfdArchiver.Extend(ofd, new PdfArchiveOptions { Level = level, TimestampClient = TestTsa.Shared.Client, DigestAlgorithm = DigestAlgorithm.Sm3, Certificates = [TestPki.Sm2.CaDer] }).Package;

    private static LicenceFileReport Verify(byte[] file, DateTimeOffset? at = null) =>
        LicenceFileVerifier.VerifyAsync(file, new LicenceFileVerificationOptions
        {
            Licences = LicenceFiles.Fixture.Verifier,
            CertificateValidator = TestTsa.Shared.With(TestPki.Sm2.Validator),
            ValidationTime = at,
        }).GetAwaiter().GetResult();

    [Fact]
    public void Extended_ofd_keeps_its_seals_valid_and_reports_the_archive_time_stamp()
    {
        var sealedOfd = LicenceFileSealer.Seal(Sealed(), LicenceFiles.SealOptions(TestPki.Sm2));

        var extended = Extend(sealedOfd);

        var names = OfdLicenceFileTests.Entries(extended).Select(e => e.Path).ToList();
        Assert.Contains("Doc_0/Signs/Archive/Archive_1.xml", names);
        Assert.Contains("Doc_0/Signs/Archive/Archive_1.tst", names);
        var report = Verify(extended);
        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, Why(report));
        Assert.Equal(2, report.Seals.Count);
        Assert.True(report.HasValidationData);
        var stamp = Assert.Single(report.ArchiveTimestamps);
        Assert.True(stamp.Valid, string.Join(", ", stamp.Reasons));
        Assert.Contains("PDF test TSA", stamp.Tsa, StringComparison.Ordinal);
        Assert.All(report.Seals, s => Assert.Equal(PdfLevels.BasicSignature, s.Level)); // no SES timeStamp: B-B as in PAdES
    }

    [Fact]
    public void Archive_time_stamp_keeps_a_seal_whose_certificate_expired_valid_at_a_later_time()
    {
        var sealedOfd = Sealed();
        var at = DateTimeOffset.UtcNow.AddYears(2).AddMonths(6); // seal certificate: 2 years; TSA: 3 years

        var basic = Verify(sealedOfd, at);
        var archived = Verify(Extend(sealedOfd), at);

        Assert.Equal(PdfDocumentVerdict.Indeterminate, basic.Verdict);
        Assert.Contains("certificate.expired_no_poe", basic.Seals[0].Reasons);
        Assert.True(archived.Verdict == PdfDocumentVerdict.Valid, Why(archived));
        var seal = Assert.Single(archived.Seals);
        Assert.Equal(PdfSealReport.ProvenByDocumentTimestamp, seal.ProvenBy);
        Assert.NotNull(seal.BestSignatureTime);
    }

    [Fact]
    public void A_byte_changed_in_any_file_after_extend_makes_the_file_invalid()
    {
        var extended = Extend(Sealed());
        foreach (var (path, _) in OfdLicenceFileTests.Entries(extended))
        {
            var changed = Rewrite(extended, entries => entries.Select(e => e.Path == path ? (e.Path, Flip(e.Data)) : e));

            var report = Verify(changed);

            Assert.True(report.Verdict == PdfDocumentVerdict.Invalid, path + ": " + report.Verdict + " " + Why(report));
        }
    }

    [Fact]
    public void A_byte_changed_in_the_seals_signed_value_is_caught_by_the_archive_part_too()
    {
        var extended = Extend(Sealed());
        const string SignedValue = "Doc_0/Signs/Sign_0/SignedValue.dat";

        var report = Verify(Rewrite(extended, entries => entries.Select(e => e.Path == SignedValue ? (e.Path, Flip(e.Data)) : e)));

        Assert.Contains(OfdArchiveCheck.FileMismatch + ":" + SignedValue, report.Reasons);
    }

    [Fact]
    public void A_file_added_or_removed_after_extend_is_invalid()
    {
        var extended = Extend(Sealed());

        var added = Verify(Rewrite(extended, entries => entries.Append(("Doc_0/Signs/Archive/extra.xml", new byte[] { 1 }))));
        var removed = Verify(Rewrite(extended, entries => entries.Where(e => e.Path != "Doc_0/Attachs/Attachments.xml")));

        Assert.Equal(PdfDocumentVerdict.Invalid, added.Verdict);
        Assert.Contains(OfdArchiveCheck.FileAdded + ":Doc_0/Signs/Archive/extra.xml", added.Reasons);
        Assert.Equal(PdfDocumentVerdict.Invalid, removed.Verdict);
        Assert.Contains(OfdArchiveCheck.FileMissing + ":Doc_0/Attachs/Attachments.xml", removed.Reasons);
    }

    [Fact]
    public void Archive_time_stamp_over_other_data_is_invalid()
    {
        var extended = Extend(Sealed());
        var other = TestTsa.Shared.Authority.Stamp(DigestAlgorithm.Sm3, Digest.Hash(DigestAlgorithm.Sm3, "something else"u8));

        var report = Verify(Rewrite(extended, entries => entries.Select(e => e.Path.EndsWith(".tst", StringComparison.Ordinal) ? (e.Path, other) : e)));

        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
        Assert.Contains("timestamp.imprint_mismatch", report.Reasons);
    }

    [Fact]
    public void Extending_twice_adds_a_second_part_and_both_time_stamps_are_valid()
    {
        var twice = Extend(Extend(Sealed()));

        var report = Verify(twice);

        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, Why(report));
        Assert.Equal(2, report.ArchiveTimestamps.Count);
        Assert.All(report.ArchiveTimestamps, t => Assert.True(t.Valid));
    }

    [Fact]
    public void Long_term_only_adds_the_validation_data_without_a_time_stamp()
    {
        var extended = Extend(Sealed(), PdfArchiveLevel.LongTerm);

        var report = Verify(extended);

        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, Why(report));
        Assert.True(report.HasValidationData);
        Assert.Empty(report.ArchiveTimestamps);
        Assert.DoesNotContain(OfdLicenceFileTests.Entries(extended), e => e.Path.EndsWith(".tst", StringComparison.Ordinal));
    }

    [Fact]
    public void Unsealed_or_unreadable_packages_are_refused()
    {
        var unsealed = LicenceFileRenderer.Render(LicenceFiles.Issue("BL"), LicenceFileFormat.Ofd);

        Assert.Equal("signatures", Assert.Throws<TrustFormatException>(() => Extend(unsealed)).Field);
        Assert.Throws<TrustFormatException>(() => Extend([0x50, 0x4B, 3, 4, 1, 2]));
        Assert.Throws<TrustFormatException>(() => Extend([]));
    }

    [Theory]
    [InlineData("<not xml")]
    [InlineData("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>")]
    [InlineData("<trust:Archive xmlns:trust=\"urn:other\" CheckMethod=\"1.2.156.10197.1.401\"/>")]
    [InlineData("<trust:Archive xmlns:trust=\"urn:trust:ofd-archive:1\" CheckMethod=\"1.2.840.113549.2.5\"/>")]
    [InlineData("<trust:Archive xmlns:trust=\"urn:trust:ofd-archive:1\" CheckMethod=\"1.2.156.10197.1.401\"><trust:Certificate>%%%</trust:Certificate></trust:Archive>")]
    public void Hostile_archive_part_is_malformed_and_invalid_never_a_crash(string xml)
    {
        var extended = Extend(Sealed());
        const string Part = "Doc_0/Signs/Archive/Archive_1.xml";

        var report = Verify(Rewrite(extended, entries => entries.Select(e => e.Path == Part ? (e.Path, System.Text.Encoding.UTF8.GetBytes(xml)) : e)));

        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
        Assert.Contains(OfdArchiveCheck.Malformed + ":" + Part, report.Reasons);
    }

    [Fact]
    public void Random_bytes_as_archive_part_or_token_never_make_the_file_valid()
    {
        var extended = Extend(Sealed());
        var random = new Random(42);
        foreach (var target in new[] { ".xml", ".tst" })
        {
            for (var i = 0; i < 20; i++)
            {
                var junk = new byte[random.Next(0, 300)];
                random.NextBytes(junk);

                var report = Verify(Rewrite(extended, entries => entries.Select(e => e.Path.EndsWith(target, StringComparison.Ordinal) && e.Path.StartsWith(OfdArchiver.Folder, StringComparison.Ordinal) ? (e.Path, junk) : e)));

                Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
            }
        }
    }

    [Fact]
    public void Extended_ofd_still_passes_the_openssl_only_check()
    {
        var path = ExternalTools.TempFile(Extend(LicenceFileSealer.Seal(Sealed(), LicenceFiles.SealOptions(TestPki.Sm2))), ".ofd");
        try
        {
            var (exit, output) = ExternalTools.Run("bash", Path.Combine(AppContext.BaseDirectory, "openssl-check-ofd.sh"), path);

            Assert.True(exit == 0, output);
            Assert.Contains("all 2 seal(s) verified with OpenSSL", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static byte[] Rewrite(byte[] zip, Func<IEnumerable<(string Path, byte[] Data)>, IEnumerable<(string Path, byte[] Data)>> change)
    {
        using var ms = new MemoryStream();
        using (var archive = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, data) in change(OfdLicenceFileTests.Entries(zip)))
            {
                using var s = archive.CreateEntry(path).Open();
                s.Write(data);
            }
        }

        return ms.ToArray();
    }

    private static byte[] Flip(byte[] data)
    {
        var copy = (byte[])data.Clone();
        copy[copy.Length / 2] ^= 0x01;
        return copy;
    }
}
