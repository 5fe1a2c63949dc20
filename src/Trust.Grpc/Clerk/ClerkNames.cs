using Trust.Core.Licences;

namespace Trust.Grpc.Clerk;

/// <summary>A name in both page languages.</summary>
internal sealed record ClerkName(string Zh, string En);

/// <summary>
/// Display names the grant check answer refers to by code: licence types and issuing department
/// kinds, from the licence catalog. Public catalog data, no personal data.
/// </summary>
internal sealed class ClerkNames
{
    private ClerkNames(LicenceCatalog catalog)
    {
        Types = catalog.Types.ToDictionary(t => t.Code, t => new ClerkName(t.NameZh, t.NameEn), StringComparer.Ordinal);
        Departments = catalog.Departments.ToDictionary(d => d.Code, d => new ClerkName(d.NameZh, d.NameEn), StringComparer.Ordinal);
    }

    /// <summary>Names from the default catalog.</summary>
    public static ClerkNames Instance { get; } = new(LicenceCatalog.Default);

    /// <summary>Licence type code to name.</summary>
    public IReadOnlyDictionary<string, ClerkName> Types { get; }

    /// <summary>Department kind code to name.</summary>
    public IReadOnlyDictionary<string, ClerkName> Departments { get; }
}
