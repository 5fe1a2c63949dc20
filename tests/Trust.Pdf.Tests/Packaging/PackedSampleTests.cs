using System.Diagnostics;
using System.IO.Compression;
using System.Xml.Linq;
using Xunit.Abstractions;

namespace Trust.Pdf.Tests.Packaging;

/// <summary>
/// PACKAGING TEST (slow: it runs <c>dotnet pack</c>, <c>restore</c> and <c>run</c>, about a minute on an idle machine;
/// filter it out with <c>--filter "Category!=Packaging"</c>). Packs Trust.Core and Trust.Pdf into a temporary folder,
/// restores <c>samples/Trust.Samples.Packages</c> against that folder plus the machine's NuGet package cache (no
/// network, no project references) and runs it: the packages alone are enough for an embedder to issue, revoke and
/// verify a licence and to seal and verify a PDF. Also checks what each package carries (README, XML docs, licence).
/// </summary>
[Trait("Category", "Packaging")]
public sealed class PackedSampleTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(8);

    [Fact]
    public void Packed_core_and_pdf_packages_restore_offline_build_and_run_the_sample()
    {
        var root = RepositoryRoot();
        var work = Directory.CreateTempSubdirectory("trust-pack-");
        try
        {
            var feed = Path.Combine(work.FullName, "feed");
            Pack(root, "src/Trust.Core/Trust.Core.csproj", feed);
            Pack(root, "src/Trust.Pdf/Trust.Pdf.csproj", feed);
            AssertPackage(feed, "Trust.Core");
            AssertPackage(feed, "Trust.Pdf", dependsOn: "Trust.Core");

            var sample = Path.Combine(work.FullName, "sample");
            Directory.CreateDirectory(sample);
            foreach (var file in Directory.GetFiles(Path.Combine(root, "samples", "Trust.Samples.Packages")))
            {
                File.Copy(file, Path.Combine(sample, Path.GetFileName(file)));
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
