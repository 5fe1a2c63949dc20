using System.Reflection;
using Trust.Core.Crypto;

namespace Trust.Core.Tests.Packaging;

/// <summary>
/// What each package may depend on: Trust.Crypto is usable without the licence and seal code, so its assembly
/// references neither Trust.Core nor anything built on it.
/// </summary>
public sealed class PackageBoundaryTests
{
    private static readonly Assembly CryptoAssembly = typeof(SigningKey).Assembly;

    [Fact]
    public void Trust_Crypto_is_its_own_assembly()
    {
        Assert.Equal("Trust.Crypto", CryptoAssembly.GetName().Name);
        Assert.Equal("Trust.Core", typeof(Licences.LicenceVerifier).Assembly.GetName().Name);
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
}
