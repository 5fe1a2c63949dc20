using System.IO.Compression;
using Trust.Documents.Ofd;
using Trust.Documents.Tests.Support;
using Trust.Pdf;
using Trust.Pdf.Tests.Support;

namespace Trust.Documents.Tests.Files;

public class OfdLicenceFileTests
{
    private static string Why(LicenceFileReport r) => string.Join(", ", r.Reasons.Concat(r.Seals.SelectMany(s => s.Reasons)));

    [Fact]
    public void Sm2_sealed_ofd_has_the_gbt33190_layout_and_verifies_valid()
    {
        var licence = LicenceFiles.Issue("BL");
        var file = LicenceFiles.RenderAndSeal(licence, LicenceFileFormat.Ofd, TestPki.Sm2);
        var names = Entries(file).Select(e => e.Path).ToList();
        foreach (var expected in new[]
        {
            "OFD.xml", "Doc_0/Document.xml", "Doc_0/PublicRes.xml", "Doc_0/Res/font_2.ttf", "Doc_0/Pages/Page_0/Content.xml",
            "Doc_0/Attachs/Attachments.xml", "Doc_0/Attachs/licence.lic", "Doc_0/Signs/Signatures.xml",
            "Doc_0/Signs/Sign_0/Signature.xml", "Doc_0/Signs/Sign_0/SignedValue.dat", "Doc_0/Signs/Sign_0/Seal.esl",
        })
        {
            Assert.Contains(expected, names);
        }

        var ofdXml = System.Text.Encoding.UTF8.GetString(Entries(file).Single(e => e.Path == "OFD.xml").Data);
        Assert.Contains(licence.Id, ofdXml, StringComparison.Ordinal);
        Assert.Contains("<ofd:Signatures>", ofdXml, StringComparison.Ordinal);

        var report = LicenceFiles.Verify(file, TestPki.Sm2);
        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, Why(report));
        Assert.Equal(LicenceFileFormat.Ofd, report.Format);
        Assert.True(report.Licence.MatchesPage);
        Assert.Equal("SM2-SM3", Assert.Single(report.Seals).Algorithm);
    }

    [Fact]
    public void Continue_sign_keeps_the_first_seal_valid()
    {
        var once = LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Ofd, TestPki.Sm2);
        var twice = LicenceFileSealer.Seal(once, LicenceFiles.SealOptions(TestPki.Sm2));
        var report = LicenceFiles.Verify(twice, TestPki.Sm2);
        Assert.Equal(2, report.Seals.Count);
        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, Why(report));
    }

    [Fact]
    public void A_byte_changed_in_any_file_of_the_package_makes_it_invalid()
    {
        var file = LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Ofd, TestPki.Sm2);
        foreach (var (path, _) in Entries(file))
        {
            var changed = Rewrite(file, entries => entries.Select(e => e.Path == path ? (e.Path, Flip(e.Data)) : e));
            var report = LicenceFiles.Verify(changed, TestPki.Sm2);
            Assert.True(report.Verdict == PdfDocumentVerdict.Invalid, path + ": " + report.Verdict + " " + Why(report));
        }
    }

    [Fact]
    public void A_file_added_after_sealing_is_reported_as_modified()
    {
        var file = LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Ofd, TestPki.Sm2);
        var added = Rewrite(file, entries => entries.Append(("Doc_0/Res/extra.png", new byte[] { 1, 2, 3 })));
        var report = LicenceFiles.Verify(added, TestPki.Sm2);
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        Assert.Contains(OfdVerifier.FileAdded + ":Doc_0/Res/extra.png", report.Seals[0].Reasons);
        Assert.True(report.Seals[0].ModifiedAfter);
    }

    [Fact]
    public void A_file_replaced_after_sealing_is_invalid()
    {
        var file = LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Ofd, TestPki.Sm2);
        var other = LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Ofd, TestPki.Sm2);
        var otherContent = Entries(other).Single(e => e.Path == OfdPackageWriter.ContentPath).Data;
        var replaced = Rewrite(file, entries => entries.Select(e => e.Path == OfdPackageWriter.ContentPath ? (e.Path, otherContent) : e));
        var report = LicenceFiles.Verify(replaced, TestPki.Sm2);
        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
        Assert.Contains(OfdVerifier.ReferenceMismatch + ":" + OfdPackageWriter.ContentPath, report.Seals[0].Reasons);
    }

    [Fact]
    public void Embedded_licence_swapped_for_another_genuine_licence_does_not_match_the_page()
    {
        var shown = LicenceFiles.Issue("BL");
        var other = LicenceFiles.Issue("BL");
        var ofd = OfdPackageWriter.Write(RenderedPage.For(shown, null), other.Encoded, DateTimeOffset.UtcNow);
        var file = LicenceFileSealer.Seal(ofd, LicenceFiles.SealOptions(TestPki.Sm2));
        var report = LicenceFiles.Verify(file, TestPki.Sm2);
        Assert.False(report.Licence.MatchesPage);
        Assert.Equal(PdfDocumentVerdict.Invalid, report.Verdict);
    }

    [Fact]
    public void Hostile_packages_never_throw_and_never_verify()
    {
        var file = LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Ofd, TestPki.Sm2);
        var random = new Random(33);
        var inputs = new List<byte[]> { "PK\x03\x04"u8.ToArray(), file[..(file.Length / 2)], file[..100] };
        for (var i = 0; i < 20; i++)
        {
            var bytes = (byte[])file.Clone();
            bytes[random.Next(bytes.Length)] ^= (byte)(1 + random.Next(255));
            inputs.Add(bytes);
            var junk = new byte[random.Next(10, 3000)];
            random.NextBytes(junk);
            junk[0] = (byte)'P';
            junk[1] = (byte)'K';
            junk[2] = 3;
            junk[3] = 4;
            inputs.Add(junk);
        }

        var duplicate = Rewrite(file, entries => entries.Append(("OFD.xml", new byte[] { 1 })));
        inputs.Add(duplicate);
        foreach (var input in inputs)
        {
            var report = LicenceFiles.Verify(input, TestPki.Sm2);
            Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
        }
    }

    internal static List<(string Path, byte[] Data)> Entries(byte[] zip)
    {
        using var archive = new ZipArchive(new MemoryStream(zip), ZipArchiveMode.Read);
        return archive.Entries.Select(e =>
        {
            using var s = e.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            return (e.FullName, ms.ToArray());
        }).ToList();
    }

    private static byte[] Rewrite(byte[] zip, Func<IEnumerable<(string Path, byte[] Data)>, IEnumerable<(string Path, byte[] Data)>> change)
    {
        using var ms = new MemoryStream();
        using (var archive = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, data) in change(Entries(zip)))
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
