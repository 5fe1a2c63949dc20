namespace Trust.Core.Licences;

/// <summary>
/// How a licence type is laid out on its archival page (the OFD and PDF/A licence file): an optional title,
/// portrait or landscape, the fields in groups and order, which fields are emphasised and which take a full row.
/// Read from the catalog's optional <c>layout</c> object of a type; a type without one gets <see cref="Default"/>
/// (portrait, the type's name as title, the fields in catalog order). The catalog loader checks that every field
/// code named here is a field of the type version and that no field is placed twice. Hints only arrange the
/// licence's own data: they never add or hide a field value.
/// </summary>
public sealed class LicenceLayout
{
    /// <summary>Most groups one layout may have.</summary>
    public const int MaxGroups = 16;

    /// <summary>Longest title or group title, in characters.</summary>
    public const int MaxTitleLength = 32;

    internal LicenceLayout(
        string? title,
        LicencePageOrientation orientation,
        IReadOnlyList<LicenceLayoutGroup> groups,
        IReadOnlyList<string> emphasised,
        IReadOnlyList<string> wide)
    {
        Title = title;
        Orientation = orientation;
        Groups = groups;
        Emphasised = emphasised;
        Wide = wide;
    }

    /// <summary>The layout of a type without hints: portrait, no title override, catalog order, nothing emphasised or wide.</summary>
    public static LicenceLayout Default { get; } = new(null, LicencePageOrientation.Portrait, [], [], []);

    /// <summary>Whether this is <see cref="Default"/> (the type has no layout hints).</summary>
    public bool IsDefault => ReferenceEquals(this, Default);

    /// <summary>The page title printed instead of the type's Chinese name (for example 营业执照 for every variant), or null for the name.</summary>
    public string? Title { get; }

    /// <summary>Portrait (A4 upright) or landscape (A4 on its side, as the paper business licence is).</summary>
    public LicencePageOrientation Orientation { get; }

    /// <summary>
    /// Field groups in print order, each an optional heading and its field codes in order. Fields of the type that no
    /// group names follow after the groups, in catalog order. Empty: every field in catalog order.
    /// </summary>
    public IReadOnlyList<LicenceLayoutGroup> Groups { get; }

    /// <summary>Codes of the fields printed larger than the others (the licence's key data: name, identifier, number).</summary>
    public IReadOnlyList<string> Emphasised { get; }

    /// <summary>Codes of the fields that take a full row of the table (long text such as the business scope or an address).</summary>
    public IReadOnlyList<string> Wide { get; }
}

/// <summary>A group of fields on the licence page: an optional heading and the field codes in print order.</summary>
public sealed class LicenceLayoutGroup
{
    internal LicenceLayoutGroup(string? title, IReadOnlyList<string> fields)
    {
        Title = title;
        Fields = fields;
    }

    /// <summary>The heading printed above the group, or null for none.</summary>
    public string? Title { get; }

    /// <summary>Field codes of the type, in print order (at least one).</summary>
    public IReadOnlyList<string> Fields { get; }
}

/// <summary>Page orientation of a licence file.</summary>
public enum LicencePageOrientation
{
    /// <summary>A4 upright, 210 mm wide and 297 mm high.</summary>
    Portrait = 0,

    /// <summary>A4 on its side, 297 mm wide and 210 mm high.</summary>
    Landscape = 1,
}
