using Trust.Documents.Tests.Support;
using Trust.Pdf.Tests.Support;

namespace Trust.Documents.Tests.Files;

/// <summary>The OFD seal checked by a bash script that uses OpenSSL alone (openssl-check-ofd.sh).</summary>
public class OpenSslOfdCheckTests
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "openssl-check-ofd.sh");

    [Fact]
    public void Two_seals_of_an_ofd_licence_verify_with_openssl_alone()
    {
        var once = LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Ofd, TestPki.Sm2);
        var twice = LicenceFileSealer.Seal(once, LicenceFiles.SealOptions(TestPki.Sm2));
        var path = ExternalTools.TempFile(twice, ".ofd");
        try
        {
            var (exit, output) = ExternalTools.Run("bash", Script, path);
            Assert.True(exit == 0, output);
            Assert.Contains("all 2 seal(s) verified with OpenSSL", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Openssl_script_rejects_a_changed_file()
    {
        var file = LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Ofd, TestPki.Sm2);
        var entries = OfdLicenceFileTests.Entries(file);
        using var ms = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                using var s = zip.CreateEntry(name).Open();
                s.Write(name == "Doc_0/Document.xml" ? [.. data, (byte)' '] : data);
            }
        }

        var path = ExternalTools.TempFile(ms.ToArray(), ".ofd");
        try
        {
            var (exit, output) = ExternalTools.Run("bash", Script, path);
            Assert.Equal(1, exit);
            Assert.Contains("check value of /Doc_0/Document.xml", output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
