using System.Diagnostics.CodeAnalysis;
using Trust.Core.Licences.Internal;

namespace Trust.Core.Licences;

/// <summary>
/// The licence types a deployment knows, with their versions and issuing department kinds. The
/// <see cref="Default"/> catalog is read once from JSON embedded in Trust.Core and validated as a whole
/// when first used: unique codes and versions, known department kinds and field types, compilable field
/// patterns, enum values present, the holder fields in every type. A catalog is immutable and thread-safe.
/// </summary>
public sealed class LicenceCatalog
{
    private static readonly Lazy<LicenceCatalog> DefaultCatalog = new(LicenceCatalogReader.LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Dictionary<string, LicenceType[]> _versions;
    private readonly Dictionary<string, DepartmentKind> _departments;

    internal LicenceCatalog(IEnumerable<DepartmentKind> departments, IEnumerable<LicenceType> types)
    {
        _departments = departments.ToDictionary(d => d.Code, StringComparer.Ordinal);
        Departments = [.. _departments.Values.OrderBy(d => d.Code, StringComparer.Ordinal)];
        _versions = types
            .GroupBy(t => t.Code, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(t => t.Version).ToArray(), StringComparer.Ordinal);
        Types = [.. _versions.Values.Select(v => v[^1]).OrderBy(t => t.Code, StringComparer.Ordinal)];
        AllVersions = [.. _versions.Values.SelectMany(v => v).OrderBy(t => t.Code, StringComparer.Ordinal).ThenBy(t => t.Version)];
    }

    /// <summary>The catalog shipped inside Trust.Core (loaded and validated on first use).</summary>
    /// <exception cref="TrustFormatException">The embedded data is invalid (a build defect; the tests prevent it).</exception>
    public static LicenceCatalog Default => DefaultCatalog.Value;

    /// <summary>The latest version of every type, ordered by code.</summary>
    public IReadOnlyList<LicenceType> Types { get; }

    /// <summary>Every version of every type, ordered by code then version.</summary>
    public IReadOnlyList<LicenceType> AllVersions { get; }

    /// <summary>The issuing department kinds, ordered by code.</summary>
    public IReadOnlyList<DepartmentKind> Departments { get; }

    /// <summary>The latest version of the type with this code, or null.</summary>
    public LicenceType? Find(string? code) =>
        code is not null && _versions.TryGetValue(code, out var versions) ? versions[^1] : null;

    /// <summary>The given version of the type with this code, or null.</summary>
    public LicenceType? Find(string? code, int version) =>
        code is not null && _versions.TryGetValue(code, out var versions) ? Array.Find(versions, t => t.Version == version) : null;

    /// <summary>The latest version of the type with this code.</summary>
    /// <exception cref="TrustFormatException">No such type (field <c>type</c>).</exception>
    public LicenceType Get(string? code) =>
        Find(code) ?? throw new TrustFormatException("type", "unknown licence type code");

    /// <summary>The given version of the type with this code.</summary>
    /// <exception cref="TrustFormatException">No such type or version (field <c>type</c>).</exception>
    public LicenceType Get(string? code, int version) =>
        Find(code, version) ?? throw new TrustFormatException("type", Find(code) is null ? "unknown licence type code" : $"licence type has no version {version}");

    /// <summary>Looks up the latest version of a type.</summary>
    public bool TryGet(string? code, [NotNullWhen(true)] out LicenceType? type)
    {
        type = Find(code);
        return type is not null;
    }

    /// <summary>The department kind with this code, or null.</summary>
    public DepartmentKind? FindDepartment(string? code) =>
        code is not null && _departments.TryGetValue(code, out var department) ? department : null;

    /// <summary>
    /// Reads and validates a catalog from a UTF-8 JSON document (at most 8 MiB) with the shape
    /// <c>{"departments":[{"code","name_zh","name_en"}], "types":[{"code","version","name_zh","name_en",
    /// "department","holder":"person|organisation","validity":"P5Y"|null,"fields":[{"code","label_zh","label_en",
    /// "type":"text|date|number|enum|identifier","required","pattern","values","max_length","identifier","example"}],
    /// "layout":{"title","orientation":"portrait|landscape","groups":[{"title","fields":[codes]}],"emphasis":[codes],"wide":[codes]}}]}</c>
    /// (<c>layout</c> optional, see <see cref="LicenceLayout"/>); see <c>Licences/Catalog/Data/README.md</c> for the conventions.
    /// </summary>
    /// <exception cref="TrustFormatException">The document is invalid; the field names the entry, for example <c>types[BL v1].fields[uscc].type</c>.</exception>
    public static LicenceCatalog Load(Stream json)
    {
        using var document = CatalogJson.ParseDocument(json, "catalog");
        return LicenceCatalogReader.Read([(document, "catalog")]);
    }

    /// <summary>Reads and validates a catalog from JSON text (see <see cref="Load"/>).</summary>
    /// <exception cref="TrustFormatException">The document is invalid.</exception>
    public static LicenceCatalog Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var document = CatalogJson.ParseDocument(json, "catalog");
        return LicenceCatalogReader.Read([(document, "catalog")]);
    }
}
