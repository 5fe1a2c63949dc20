using System.IO.Compression;
using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Trust.Core;
using Trust.Documents.Archives;

namespace Trust.Documents.Tests.Archives;

/// <summary>Hostile packages: the reader refuses them with a <see cref="TrustFormatException"/> naming what is wrong, never anything else.</summary>
public sealed class ArchivalPackageReaderTests
{
    private static ArchivalPackageReport Check(byte[] package, ArchivalPackageLimits? limits = null) =>
        ArchivalPackageChecker.Check(package, new ArchivalCheckOptions { Verification = ArchivalCase.Verification, Limits = limits ?? ArchivalPackageLimits.Default });

    private static KeyValuePair<string, byte[]> E(string name, string text = "<a/>") => new(name, Encoding.UTF8.GetBytes(text));

    [Theory]
    [InlineData("../evil.xml")]
    [InlineData("documents/../../evil.xml")]
    [InlineData("/etc/passwd")]
    [InlineData("C:/evil.xml")]
    [InlineData("documents\\evil.xml")]
    [InlineData("documents//evil.xml")]
    [InlineData("documents/./evil.xml")]
    [InlineData("documents/evil\u0001.xml")]
    public void Unsafe_entry_names_are_refused(string name)
    {
        var package = ArchivalCase.Zip([E("manifest.xml"), E(name)]);

        var ex = Assert.Throws<TrustFormatException>(() => Check(package));

        Assert.Contains("Unsafe entry name", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("documents/a.xml", "documents/a.xml")]
    [InlineData("documents/a.xml", "documents/A.XML")]
    public void Duplicate_entry_names_are_refused(string first, string second)
    {
        var package = ArchivalCase.Zip([E("manifest.xml"), E(first), E(second)]);

        var ex = Assert.Throws<TrustFormatException>(() => Check(package));

        Assert.Contains("Duplicate entry", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_bomb_is_refused_by_the_compression_ratio()
    {
        var package = ArchivalCase.Zip([E("manifest.xml"), new("documents/bomb.xml", new byte[16 << 20])], CompressionLevel.SmallestSize);

        var ex = Assert.Throws<TrustFormatException>(() => Check(package));

        Assert.Equal("documents/bomb.xml", ex.Field);
        Assert.Contains("ZIP bomb", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_many_entries_and_oversized_entries_are_refused()
    {
        var many = ArchivalCase.Zip([E("manifest.xml"), .. Enumerable.Range(0, 20).Select(i => E($"documents/{i}.xml"))]);
        var big = ArchivalCase.Zip([E("manifest.xml"), new("documents/big.xml", new byte[4096])], CompressionLevel.NoCompression);

        Assert.Contains("entries", Assert.Throws<TrustFormatException>(() => Check(many, new ArchivalPackageLimits { MaxEntries = 10 })).Message, StringComparison.Ordinal);
        Assert.Equal("documents/big.xml", Assert.Throws<TrustFormatException>(() => Check(big, new ArchivalPackageLimits { MaxEntryBytes = 1024 })).Field);
        Assert.Contains("expands", Assert.Throws<TrustFormatException>(() => Check(big, new ArchivalPackageLimits { MaxTotalBytes = 2048 })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_without_manifest_or_case_is_not_a_package()
    {
        var ex = Assert.Throws<TrustFormatException>(() => Check(ArchivalCase.Zip([E("documents/a.xml")])));

        Assert.Contains("Not an archival package", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_random_and_truncated_bytes_are_refused()
    {
        var package = ArchivalCase.Build().Package;

        Assert.Throws<TrustFormatException>(() => Check([]));
        Assert.Throws<TrustFormatException>(() => Check(Encoding.ASCII.GetBytes("%PDF-1.7 not a zip")));
        Assert.Throws<TrustFormatException>(() => Check(package[..(package.Length / 2)]));
        Assert.Throws<TrustFormatException>(() => Check(package[..^30]));
    }

    [Fact]
    public void Malformed_manifest_fails_integrity_without_throwing()
    {
        foreach (var manifest in new[] { "<Manifest", "<Other/>", "<Manifest xmlns=\"urn:trust:archive:1\"><File Path=\"../x\" Size=\"1\" SM3=\"00\"/></Manifest>", "<!DOCTYPE m [<!ENTITY e \"x\">]><Manifest/>" })
        {
            var report = Check(ArchivalCase.Zip([E("manifest.xml", manifest), E("metadata/case.xml", "<Case/>")]));

            Assert.Contains(ArchivalReasons.ManifestMalformed, report.Integrity.Reasons);
            Assert.False(report.IsPassed);
        }
    }

    [Property(MaxTest = 200)]
    public bool Random_bytes_never_escape_as_anything_but_a_format_error(byte[] bytes)
    {
        try
        {
            Check(bytes ?? []);
            return true;
        }
        catch (TrustFormatException)
        {
            return true;
        }
    }

    [Property(MaxTest = 25)]
    public bool Mutated_package_bytes_give_a_report_or_a_format_error(PositiveInt position, byte value)
    {
        var package = (byte[])Package.Value.Clone();
        package[position.Get % package.Length] ^= (byte)(value | 1);
        try
        {
            return Check(package).Files.Count > 0;
        }
        catch (TrustFormatException)
        {
            return true;
        }
    }

    [Property(MaxTest = 100)]
    public bool Manifest_round_trips_for_any_safe_entries(NonEmptyString[] names, long[] sizes)
    {
        {
            var entries = names.Select(n => "d/" + new string([.. n.Get.Where(char.IsAsciiLetterOrDigit)]) + "x").Distinct(StringComparer.OrdinalIgnoreCase)
                .Select((n, i) => new ManifestEntry(n, Math.Abs(sizes.Length == 0 ? i : sizes[i % sizes.Length] % long.MaxValue), ArchivalPackageLayout.Sm3Hex(Encoding.UTF8.GetBytes(n)))).ToList();
            var (caseId, read) = ArchivalXml.ReadManifest(ArchivalXml.Manifest("CASE-1", entries));
            return caseId == "CASE-1" && read.SequenceEqual(entries.OrderBy(e => e.Path, StringComparer.Ordinal));
        }
    }

    private static readonly Lazy<byte[]> Package = new(() => ArchivalCase.Build().Package);
}
