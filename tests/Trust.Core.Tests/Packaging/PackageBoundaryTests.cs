using System.Reflection;
using Trust.Core.Crypto;

namespace Trust.Core.Tests.Packaging;

/// <summary>
/// What each package may depend on and hold: Trust.Crypto is usable without the licence and seal code, so its assembly
/// references neither Trust.Core nor anything built on it; no packed assembly holds a development type (the development
/// PKI, its seals and tokens live in the unpacked <c>src/Trust.Development</c>). The packed <c>.nupkg</c> files
/// themselves are scanned by <c>tests/Trust.Pdf.Tests/Packaging/PackedSampleTests.cs</c>.
/// </summary>
public sealed class PackageBoundaryTests
{
    private static readonly Assembly CryptoAssembly = typeof(SigningKey).Assembly;

    [Fact]
    public void Trust_Crypto_is_its_own_assembly()
    {
        Assert.Equal("Trust.Crypto", CryptoAssembly.GetName().Name);
        Assert.Equal("Trust.Core", typeof(Trust.Core.Licences.LicenceVerifier).Assembly.GetName().Name);
    }

    [Fact]
    public void Trust_Crypto_references_no_other_Trust_assembly()
    {
        var trustReferences = CryptoAssembly.GetReferencedAssemblies()
            .Select(a => a.Name ?? "")
            .Where(n => n.StartsWith("Trust.", StringComparison.Ordinal))
            .ToArray();
        Assert.Empty(trustReferences);
    }

    [Fact]
    public void Trust_Crypto_holds_no_licence_seal_grant_or_cose_type()
    {
        string[] foreign = ["Trust.Core.Licences", "Trust.Core.Seals", "Trust.Core.Grants", "Trust.Core.Cose", "Trust.Core.Cbor", "Trust.Core.Status"];
        var misplaced = CryptoAssembly.GetTypes()
            .Where(t => t.Namespace is { } ns && foreign.Any(f => ns == f || ns.StartsWith(f + ".", StringComparison.Ordinal)))
            .Select(t => t.FullName)
            .ToArray();
        Assert.Empty(misplaced);
    }

    [Fact]
    public void Packed_assemblies_hold_no_development_type()
    {
        Assembly[] packed = [CryptoAssembly, typeof(Trust.Core.Licences.LicenceVerifier).Assembly, typeof(Trust.Storage.TrustStores).Assembly];
        var development = packed
            .SelectMany(a => a.GetTypes())
            .Where(t => (t.FullName ?? "").Contains("Development", StringComparison.Ordinal))
            .Select(t => t.Assembly.GetName().Name + ": " + t.FullName)
            .ToArray();
        Assert.Empty(development);
    }

    [Fact]
    public void The_development_pki_is_in_an_unpacked_assembly()
    {
        var assembly = typeof(Trust.Core.Pki.Development.DevelopmentPki).Assembly;
        Assert.Equal("Trust.Development", assembly.GetName().Name);
        Assert.Same(assembly, typeof(Trust.Core.Seals.DevelopmentSeals).Assembly);
        Assert.Same(assembly, typeof(Trust.Core.Pki.Development.DevelopmentTokens).Assembly);
    }

    [Fact]
    public void Every_packed_library_is_listed_here_and_the_development_project_is_not_packed()
    {
        // Libraries only: the `trust` dotnet tool (PackAsTool) is an application and carries the development PKI.
        var src = Path.Combine(RepositoryRoot(), "src");
        var packable = Directory.GetFiles(src, "*.csproj", SearchOption.AllDirectories)
            .Select(p => (Path: p, Text: File.ReadAllText(p)))
            .Where(p => p.Text.Contains("<IsPackable>true</IsPackable>", StringComparison.Ordinal)
                && !p.Text.Contains("<PackAsTool>true</PackAsTool>", StringComparison.Ordinal))
            .Select(p => p.Path)
            .Select(p => Path.GetFileNameWithoutExtension(p)!)
            .Order(StringComparer.Ordinal)
            .ToArray();
        Assert.Equal(new[] { "Trust.Core", "Trust.Crypto", "Trust.Pdf", "Trust.Storage" }, packable);
    }

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
