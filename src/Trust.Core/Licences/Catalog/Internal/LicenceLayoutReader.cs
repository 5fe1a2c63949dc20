namespace Trust.Core.Licences.Internal;

/// <summary>
/// Reads a type's <c>layout</c> object: <c>{"title", "orientation": "portrait|landscape", "groups": [{"title",
/// "fields": [codes]}], "emphasis": [codes], "wide": [codes]}</c>, every part optional. Every code must be a field of
/// the type version; a field is placed in at most one group and named at most once per list.
/// </summary>
internal static class LicenceLayoutReader
{
    public static LicenceLayout Read(CatalogJson json, IReadOnlySet<string> fieldCodes)
    {
        var title = Title(json, "title");
        var orientation = json.OptionalString("orientation") switch
        {
            null or "portrait" => LicencePageOrientation.Portrait,
            "landscape" => LicencePageOrientation.Landscape,
            var other => throw CatalogJson.Error($"{json.Path}.orientation", $"must be \"portrait\" or \"landscape\", not '{LicenceCatalogReader.Clip(other)}'"),
        };

        var groupElements = json.Array("groups");
        if (groupElements.Count > LicenceLayout.MaxGroups)
        {
            throw CatalogJson.Error($"{json.Path}.groups", $"at most {LicenceLayout.MaxGroups} groups");
        }

        var placed = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<LicenceLayoutGroup>();
        for (var i = 0; i < groupElements.Count; i++)
        {
            var group = new CatalogJson(groupElements[i], $"{json.Path}.groups[{i}]");
            var groupTitle = Title(group, "title");
            var fields = Codes(group, "fields", fieldCodes, placed, "is already placed in an earlier group");
            if (fields.Count == 0)
            {
                throw CatalogJson.Error($"{group.Path}.fields", "a group needs at least one field");
            }

            group.EnsureNoUnknownProperties();
            groups.Add(new LicenceLayoutGroup(groupTitle, fields));
        }

        var emphasised = Codes(json, "emphasis", fieldCodes, new HashSet<string>(StringComparer.Ordinal), "is named twice");
        var wide = Codes(json, "wide", fieldCodes, new HashSet<string>(StringComparer.Ordinal), "is named twice");
        json.EnsureNoUnknownProperties("$comment");
        return new LicenceLayout(title, orientation, groups, emphasised, wide);
    }

    private static string? Title(CatalogJson json, string name)
    {
        var title = json.OptionalString(name);
        if (title is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(title) || title.Length > LicenceLayout.MaxTitleLength || title.Trim().Length != title.Length
            || LicenceValidator.HasForbiddenCharacters(title))
        {
            throw CatalogJson.Error($"{json.Path}.{name}", $"must be printable text of 1 to {LicenceLayout.MaxTitleLength} characters without surrounding white space");
        }

        return title;
    }

    private static List<string> Codes(CatalogJson json, string name, IReadOnlySet<string> fieldCodes, HashSet<string> seen, string twice)
    {
        var codes = json.StringArray(name);
        var result = new List<string>(codes.Count);
        for (var i = 0; i < codes.Count; i++)
        {
            var code = codes[i];
            if (!fieldCodes.Contains(code))
            {
                throw CatalogJson.Error($"{json.Path}.{name}[{i}]", $"'{LicenceCatalogReader.Clip(code)}' is not a field of this type version");
            }

            if (!seen.Add(code))
            {
                throw CatalogJson.Error($"{json.Path}.{name}[{i}]", $"field '{code}' {twice}");
            }

            result.Add(code);
        }

        return result;
    }
}
