using System.Text.Json;
using System.Text.RegularExpressions;

namespace Trust.Core.Licences.Internal;

/// <summary>Builds a <see cref="LicenceCatalog"/> from JSON documents and validates it.</summary>
internal static class LicenceCatalogReader
{
    internal const string ResourcePrefix = "Trust.Core.Licences.Catalog.Data.";

    private const int DefaultTextLength = 256;

    public static LicenceCatalog LoadEmbedded()
    {
        var assembly = typeof(LicenceCatalog).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var documents = new List<(JsonDocument, string)>();
        try
        {
            foreach (var name in names)
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                documents.Add((CatalogJson.ParseDocument(stream, name[ResourcePrefix.Length..]), name[ResourcePrefix.Length..]));
            }

            // Built-in data: its examples are checked when it is built and tested (LicenceCatalogDefaultTests), not at every start.
            return Read(documents, checkExamples: false);
        }
        finally
        {
            foreach (var (document, _) in documents)
            {
                document.Dispose();
            }
        }
    }

    /// <param name="documents">The catalog documents.</param>
    /// <param name="checkExamples">Check every field's example against the field's rules (catalogs from outside; the embedded one is checked by its tests).</param>
    public static LicenceCatalog Read(IReadOnlyList<(JsonDocument Document, string Source)> documents, bool checkExamples = true)
    {
        var departments = new Dictionary<string, DepartmentKind>(StringComparer.Ordinal);
        var typeElements = new List<(JsonElement Element, string Source, int Index)>();
        foreach (var (document, source) in documents)
        {
            var root = new CatalogJson(document.RootElement, source);
            foreach (var (element, index) in root.Array("departments").Select((e, i) => (e, i)))
            {
                var department = ReadDepartment(new CatalogJson(element, $"departments[{index}]"));
                if (!departments.TryAdd(department.Code, department))
                {
                    throw CatalogJson.Error($"departments[{department.Code}]", "duplicate department kind code");
                }
            }

            foreach (var (element, index) in root.Array("types").Select((e, i) => (e, i)))
            {
                typeElements.Add((element, source, index));
            }

            root.EnsureNoUnknownProperties("$comment");
        }

        var types = new List<LicenceType>();
        var keys = new HashSet<(string, int)>();
        foreach (var (element, _, index) in typeElements)
        {
            var type = ReadType(element, index, departments, checkExamples);
            if (!keys.Add((type.Code, type.Version)))
            {
                throw CatalogJson.Error($"types[{type.Code} v{type.Version}]", "duplicate licence type code and version");
            }

            types.Add(type);
        }

        foreach (var group in types.GroupBy(t => t.Code, StringComparer.Ordinal))
        {
            var versions = group.Select(t => t.Version).Order().ToList();
            var first = group.First();
            if (group.Any(t => t.HolderKind != first.HolderKind))
            {
                throw CatalogJson.Error($"types[{first.Code}]", "all versions of a type must have the same holder kind");
            }

            for (var i = 0; i < versions.Count; i++)
            {
                if (versions[i] != i + 1)
                {
                    throw CatalogJson.Error($"types[{first.Code}]", "versions must be numbered 1, 2, 3 … without gaps");
                }
            }
        }

        return new LicenceCatalog(departments.Values, types);
    }

    private static DepartmentKind ReadDepartment(CatalogJson json)
    {
        var code = json.String("code");
        if (!IsUpperCode(code, 2, 8))
        {
            throw CatalogJson.Error($"{json.Path}.code", "department kind code must be 2 to 8 upper-case letters or digits");
        }

        var department = new DepartmentKind(code, json.String("name_zh"), json.String("name_en"));
        json.EnsureNoUnknownProperties();
        return department;
    }

    private static LicenceType ReadType(JsonElement element, int index, Dictionary<string, DepartmentKind> departments, bool checkExamples)
    {
        var json = new CatalogJson(element, $"types[{index}]");
        var code = json.String("code");
        if (!Identifiers.LicenceId.IsTypeCode(code))
        {
            throw CatalogJson.Error($"types[{index}].code", "licence type code must be an upper-case letter followed by 1 to 5 upper-case letters or digits");
        }

        var version = json.Int("version", 1);
        var path = $"types[{code} v{version}]";
        json = new CatalogJson(element, path);
        json.String("code");
        json.Int("version", 1);
        if (version is < 1 or > 999)
        {
            throw CatalogJson.Error($"{path}.version", "must be between 1 and 999");
        }

        var nameZh = json.String("name_zh");
        var nameEn = json.String("name_en");
        var department = json.String("department");
        if (!departments.ContainsKey(department))
        {
            throw CatalogJson.Error($"{path}.department", $"unknown department kind '{Clip(department)}'");
        }

        var holder = ParseHolder(json.String("holder"), $"{path}.holder");
        ValidityPeriod? validity = null;
        var validityText = json.OptionalString("validity");
        if (validityText is not null)
        {
            validity = ValidityPeriod.TryParse(validityText, out var period)
                ? period
                : throw CatalogJson.Error($"{path}.validity", "must be an ISO 8601 duration in years and months (P5Y, P6M, P1Y6M) or null");
        }

        var fields = new List<LicenceFieldDefinition>();
        var fieldCodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fieldElement in json.Array("fields"))
        {
            var field = ReadField(fieldElement, path, fields.Count, checkExamples);
            if (!fieldCodes.Add(field.Code))
            {
                throw CatalogJson.Error($"{path}.fields[{field.Code}]", "duplicate field code");
            }

            fields.Add(field);
        }

        if (fields.Count > LicenceType.MaxFieldCount)
        {
            throw CatalogJson.Error($"{path}.fields", $"a type may have at most {LicenceType.MaxFieldCount} fields");
        }

        var layout = json.OptionalObject("layout") is { } layoutJson ? LicenceLayoutReader.Read(layoutJson, fieldCodes) : null;
        json.EnsureNoUnknownProperties("$comment");
        fields = CheckHolderFields(fields, holder, path, checkExamples);
        return new LicenceType(code, version, nameZh, nameEn, department, holder, fields, validity, layout);
    }

    private static List<LicenceFieldDefinition> CheckHolderFields(List<LicenceFieldDefinition> fields, HolderKind holder, string path, bool checkExamples)
    {
        var name = fields.Find(f => f.Code == LicenceType.HolderNameField);
        if (name is null || name.Type != FieldType.Text || !name.Required)
        {
            throw CatalogJson.Error($"{path}.fields[{LicenceType.HolderNameField}]", "every type needs a required text field holder_name");
        }

        var id = fields.Find(f => f.Code == LicenceType.HolderIdField);
        if (id is null || id.Type != FieldType.Identifier || !id.Required)
        {
            throw CatalogJson.Error($"{path}.fields[{LicenceType.HolderIdField}]", "every type needs a required identifier field holder_id");
        }

        if (id.IdentifierKind is { } kind && kind != holder)
        {
            throw CatalogJson.Error($"{path}.fields[{LicenceType.HolderIdField}].identifier", "must match the type's holder kind");
        }

        // The holder identifier is always of the type's holder kind.
        var index = fields.IndexOf(id);
        var example = id.IdentifierKind is null ? ExampleIdentifier(holder) : id.Example;
        fields[index] = new LicenceFieldDefinition(id.Code, id.LabelZh, id.LabelEn, id.Type, true, id.Pattern, id.CompiledPattern, id.Values, id.MaxLength, holder, example);
        if (checkExamples && LicenceValidator.CheckValue(fields[index], example) is { } problem)
        {
            throw CatalogJson.Error($"{path}.fields[{LicenceType.HolderIdField}].example", "example " + problem);
        }

        return fields;
    }

    private static LicenceFieldDefinition ReadField(JsonElement element, string typePath, int index, bool checkExamples)
    {
        var json = new CatalogJson(element, $"{typePath}.fields[{index}]");
        var code = json.String("code");
        if (!CatalogJson.IsFieldCode(code))
        {
            throw CatalogJson.Error($"{typePath}.fields[{index}].code", "field code must be lower-case snake case (a-z, 0-9, _), at most 64 characters");
        }

        var path = $"{typePath}.fields[{code}]";
        json = new CatalogJson(element, path);
        json.String("code");
        var labelZh = json.String("label_zh");
        var labelEn = json.String("label_en");
        var typeText = json.String("type");
        var type = typeText switch
        {
            "text" => FieldType.Text,
            "date" => FieldType.Date,
            "number" => FieldType.Number,
            "enum" => FieldType.Enum,
            "identifier" => FieldType.Identifier,
            _ => throw CatalogJson.Error($"{path}.type", $"unknown field type '{Clip(typeText)}' (text, date, number, enum, identifier)"),
        };
        var required = json.Bool("required", false);
        var values = json.StringArray("values");
        if (type == FieldType.Enum)
        {
            if (values.Count == 0)
            {
                throw CatalogJson.Error($"{path}.values", "an enum field needs at least one value");
            }

            if (values.Distinct(StringComparer.Ordinal).Count() != values.Count)
            {
                throw CatalogJson.Error($"{path}.values", "enum values must be unique");
            }
        }
        else if (values.Count > 0)
        {
            throw CatalogJson.Error($"{path}.values", "only enum fields have values");
        }

        var defaultLength = type switch
        {
            FieldType.Date => 10,
            FieldType.Number => 32,
            FieldType.Identifier => 18,
            FieldType.Enum => values.Max(v => v.Length),
            _ => DefaultTextLength,
        };
        var maxLength = json.Int("max_length", defaultLength);
        if (maxLength is < 1 or > LicenceFieldDefinition.AbsoluteMaxLength)
        {
            throw CatalogJson.Error($"{path}.max_length", $"must be between 1 and {LicenceFieldDefinition.AbsoluteMaxLength}");
        }

        HolderKind? identifierKind = null;
        var identifierText = json.OptionalString("identifier");
        if (identifierText is not null)
        {
            identifierKind = type == FieldType.Identifier
                ? ParseHolder(identifierText, $"{path}.identifier")
                : throw CatalogJson.Error($"{path}.identifier", "only identifier fields name an identifier kind");
        }

        var pattern = json.OptionalString("pattern");
        Regex? compiled = null;
        if (pattern is not null)
        {
            if (type is not (FieldType.Text or FieldType.Number))
            {
                throw CatalogJson.Error($"{path}.pattern", "only text and number fields take a pattern");
            }

            try
            {
                // Linear time in the value's length whatever the pattern (values are untrusted input): no timeout needed.
                compiled = new Regex(@"\A(?:" + pattern + @")\z", RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
            }
            catch (ArgumentException e)
            {
                throw new TrustFormatException($"{path}.pattern", "is not a valid regular expression: " + e.Message, null, e);
            }
            catch (NotSupportedException e)
            {
                // Backreferences, lookarounds, atomic groups: they need backtracking, which untrusted values must not get.
                throw new TrustFormatException($"{path}.pattern", "uses a construct that needs backtracking: " + e.Message, null, e);
            }
        }

        var example = json.OptionalString("example") ?? type switch
        {
            FieldType.Date => "2024-03-01",
            FieldType.Number => "1",
            FieldType.Enum => values[0],
            FieldType.Identifier => ExampleIdentifier(identifierKind ?? HolderKind.Person),
            _ => throw CatalogJson.Error($"{path}.example", "a text field needs an example value"),
        };
        json.EnsureNoUnknownProperties("$comment");
        var field = new LicenceFieldDefinition(code, labelZh, labelEn, type, required, pattern, compiled, values, maxLength, identifierKind, example);
        if (checkExamples && LicenceValidator.CheckValue(field, example) is { } problem)
        {
            throw CatalogJson.Error($"{path}.example", "example " + problem);
        }

        return field;
    }

    /// <summary>Fictitious but valid identifiers used as examples (Hangzhou, Xihu district).</summary>
    internal static string ExampleIdentifier(HolderKind kind) =>
        kind == HolderKind.Person ? "330106199003071236" : "91330106MA2B3C4D5D";

    internal static HolderKind ParseHolder(string text, string path) => text switch
    {
        "person" => HolderKind.Person,
        "organisation" => HolderKind.Organisation,
        _ => throw CatalogJson.Error(path, "must be \"person\" or \"organisation\""),
    };

    internal static bool IsUpperCode(string code, int min, int max) =>
        code.Length >= min && code.Length <= max && code.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));

    internal static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
