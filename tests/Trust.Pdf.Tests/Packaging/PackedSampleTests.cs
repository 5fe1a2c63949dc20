using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Trust.Pdf.Tests.Packaging;

/// <summary>
/// PACKAGING TEST (slow: it runs <c>dotnet pack</c>, <c>restore</c> and <c>run</c>, about a minute on an idle machine;
/// filter it out with <c>--filter "Category!=Packaging"</c>). Packs Trust.Crypto, Trust.Core and Trust.Pdf into a
/// temporary folder, restores <c>samples/Trust.Samples.Packages</c> (and its <c>CryptoOnly</c> program, which references
/// Trust.Crypto alone) against that folder plus the machine's NuGet package cache (no network, no project references)
/// and runs them: the packages alone are enough for an embedder to issue, revoke and verify a licence, to seal and
/// verify a PDF, and to sign and verify with SM2 without the licence and seal code. Also checks what each package
/// carries (README, XML docs, licence expression, symbols) and that no packed assembly holds a development type.
/// </summary>
[Trait("Category", "Packaging")]
public sealed class PackedSampleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(8);

    [Fact]
    public void Packed_crypto_core_and_pdf_packages_restore_offline_build_and_run_the_samples()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("trust-pack-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            Pack(root, "src/Trust.Crypto/Trust.Crypto.csproj", feed);
            Pack(root, "src/Trust.Core/Trust.Core.csproj", feed);
            Pack(root, "src/Trust.Pdf/Trust.Pdf.csproj", feed);
            AssertPackage(feed, "Trust.Crypto");
            AssertPackage(feed, "Trust.Core", dependsOn: "Trust.Crypto");
            AssertPackage(feed, "Trust.Pdf", dependsOn: "Trust.Core");
            AssertNoTrustDependency(feed, "Trust.Crypto");

            var sample = Path.Combine(work.FullName, "sample");
            var source = Path.Combine(root, "samples", "Trust.Samples.Packages");
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories)
                .Where(f => !Path.GetRelativePath(source, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj")))
            {
                var target = Path.Combine(sample, Path.GetRelativePath(source, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            File.WriteAllText(Path.Combine(sample, "NuGet.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="packed" value="{feed}" />
                    <add key="offline-cache" value="{GlobalPackagesFolder()}" />
                  </packageSources>
                </configuration>
                """);
            Run(sample, "restore", "--packages", Path.Combine(work.FullName, "packages"), "--disable-build-servers");
            var run = Run(sample, "run", "--no-restore", "--disable-build-servers");
            Assert.Contains("all as expected", run, StringComparison.Ordinal);
            Assert.Contains("licence ", run, StringComparison.Ordinal);
            Assert.Contains("sealed pdf: Valid", run, StringComparison.Ordinal);

            var cryptoOnly = Path.Combine(sample, "CryptoOnly");
            File.Copy(Path.Combine(sample, "NuGet.config"), Path.Combine(cryptoOnly, "NuGet.config"));
            Run(cryptoOnly, "restore", "--packages", Path.Combine(work.FullName, "packages"), "--disable-build-servers");
            var crypto = Run(cryptoOnly, "run", "--no-restore", "--disable-build-servers");
            Assert.Contains("crypto only: all as expected", crypto, StringComparison.Ordinal);
            Assert.Contains("without Trust.Core: Trust.Crypto only", crypto, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    [Fact]
    public void Storage_packs_with_readme_docs_and_licence()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("trust-pack-");
        try
        {
            Pack(root, "src/Trust.Storage/Trust.Storage.csproj", work.FullName);
            AssertPackage(work.FullName, "Trust.Storage", dependsOn: "Trust.Core");
            Assert.Empty(Directory.GetFiles(work.FullName, "Trust.Development*"));
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private void Pack(string root, string project, string feed) =>
        Run(root, "pack", project, "-c", "Release", "-o", feed, "--no-restore", "--disable-build-servers", "-nodeReuse:false");

    private static void AssertPackage(string feed, string id, string? dependsOn = null)
    {
        var path = Assert.Single(Directory.GetFiles(feed, id + ".*.nupkg"), p => !p.EndsWith(".snupkg", StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(p), $@"^{id}\.\d"));
        using var package = ZipFile.OpenRead(path);
        var entries = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
        Assert.Contains("README.md", entries);
        Assert.Contains($"lib/net10.0/{id}.dll", entries);
        Assert.Contains($"lib/net10.0/{id}.xml", entries);
        Assert.True(File.Exists(Path.ChangeExtension(path, ".snupkg")), $"{id}: no symbol package beside {path}");
        AssertNoDevelopmentType(package, $"lib/net10.0/{id}.dll");

        using var nuspecStream = package.Entries.Single(e => e.FullName == id + ".nuspec").Open();
        var nuspec = XDocument.Load(nuspecStream);
        XNamespace ns = nuspec.Root!.GetDefaultNamespace();
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal(id, metadata.Element(ns + "id")!.Value);
        Assert.Equal("Apache-2.0", metadata.Element(ns + "license")!.Value);
        Assert.Equal("expression", metadata.Element(ns + "license")!.Attribute("type")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(metadata.Element(ns + "description")!.Value));
        if (dependsOn is not null)
        {
            Assert.Contains(metadata.Descendants(ns + "dependency"), d => (string?)d.Attribute("id") == dependsOn);
        }
    }

    /// <summary>The development PKI, its seals and tokens are in the unpacked Trust.Development: no packed type names them.</summary>
    private static void AssertNoDevelopmentType(ZipArchive package, string dll)
    {
        using var stream = new MemoryStream();
        using (var entry = package.GetEntry(dll)!.Open())
        {
            entry.CopyTo(stream);
        }

        stream.Position = 0;
        using var pe = new System.Reflection.PortableExecutable.PEReader(stream);
        var metadata = System.Reflection.Metadata.PEReaderExtensions.GetMetadataReader(pe);
        var development = metadata.TypeDefinitions
            .Select(h => metadata.GetTypeDefinition(h))
            .Select(t => metadata.GetString(t.Namespace) + "." + metadata.GetString(t.Name))
            .Where(n => n.Contains("Development", StringComparison.Ordinal))
            .ToArray();
        Assert.True(development.Length == 0, $"{dll} holds development types: {string.Join(", ", development)}");
    }

    /// <summary>Trust.Crypto stands alone: its package depends on no other Trust package.</summary>
    private static void AssertNoTrustDependency(string feed, string id)
    {
        var path = Directory.GetFiles(feed, id + ".*.nupkg").Single(p => !p.EndsWith(".snupkg", StringComparison.Ordinal)
            && System.Text.RegularExpressions.Regex.IsMatch(Path.GetFileName(p), $@"^{id}\.\d"));
        using var package = ZipFile.OpenRead(path);
        using var nuspecStream = package.Entries.Single(e => e.FullName == id + ".nuspec").Open();
        var nuspec = XDocument.Load(nuspecStream);
        var trust = nuspec.Descendants().Where(e => e.Name.LocalName == "dependency")
            .Select(d => (string?)d.Attribute("id") ?? "")
            .Where(d => d.StartsWith("Trust.", StringComparison.Ordinal))
            .ToArray();
        Assert.Empty(trust);
    }

    private string Run(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(StepLimit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within {StepLimit}");
        }

        var text = stdout.GetAwaiter().GetResult() + stderr.GetAwaiter().GetResult();
        output.WriteLine($"$ dotnet {string.Join(' ', arguments)}  (exit {process.ExitCode})");
        output.WriteLine(text);
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited {process.ExitCode}:\n{text}");
        return text;
    }

    private static string GlobalPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string RepositoryRoot()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(directory, "Trust.sln")))
        {
            directory = Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("no Trust.sln above the test folder");
        }

        return directory;
    }
}
