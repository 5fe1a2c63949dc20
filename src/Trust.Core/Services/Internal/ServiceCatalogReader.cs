using System.Text.Json;
using Trust.Core.Licences;
using Trust.Core.Licences.Internal;

namespace Trust.Core.Services.Internal;

/// <summary>Builds a <see cref="ServiceCatalog"/> from JSON documents and checks it against a licence catalog.</summary>
internal static class ServiceCatalogReader
{
    internal const string ResourcePrefix = "Trust.Core.Services.Data.";

    private const int MaxFormFields = 64;

    public static ServiceCatalog LoadEmbedded(LicenceCatalog licences)
    {
        var assembly = typeof(ServiceCatalog).Assembly;
        var documents = new List<(JsonDocument, string)>();
        try
        {
            foreach (var name in assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                documents.Add((CatalogJson.ParseDocument(stream, name[ResourcePrefix.Length..]), name[ResourcePrefix.Length..]));
            }

            return Read(documents, licences);
        }
        finally
        {
            foreach (var (document, _) in documents)
            {
                document.Dispose();
            }
        }
    }

    public static ServiceCatalog Read(IReadOnlyList<(JsonDocument Document, string Source)> documents, LicenceCatalog licences)
    {
        var items = new Dictionary<string, ServiceItem>(StringComparer.Ordinal);
        foreach (var (document, source) in documents)
        {
            var root = new CatalogJson(document.RootElement, source);
            foreach (var (element, index) in root.Array("items").Select((e, i) => (e, i)))
            {
                var item = ReadItem(element, index, licences);
                if (!items.TryAdd(item.Code, item))
                {
                    throw CatalogJson.Error($"items[{item.Code}]", "duplicate service item code");
                }
            }

            root.EnsureNoUnknownProperties("$comment");
        }

        return new ServiceCatalog(items.Values, licences);
    }

    private static ServiceItem ReadItem(JsonElement element, int index, LicenceCatalog licences)
    {
        var code = new CatalogJson(element, $"items[{index}]").String("code");
        if (!IsItemCode(code))
        {
            throw CatalogJson.Error($"items[{index}].code", "item code must be a department kind code, a hyphen and three digits (PSB-001)");
        }

        var path = $"items[{code}]";
        var json = new CatalogJson(element, path);
        json.String("code");
        var nameZh = json.String("name_zh");
        var nameEn = json.String("name_en");
        var department = json.String("department");
        if (licences.FindDepartment(department) is null)
        {
            throw CatalogJson.Error($"{path}.department", $"unknown department kind '{LicenceCatalogReader.Clip(department)}'");
        }

        var holder = LicenceCatalogReader.ParseHolder(json.String("holder"), $"{path}.holder");
        var required = ReadTypes(json, "required", path, holder, licences);
        var accepted = ReadTypes(json, "accepted", path, holder, licences);
        if (required.Count == 0)
        {
            throw CatalogJson.Error($"{path}.required", "an item needs at least one licence type");
        }

        if (required.Intersect(accepted, StringComparer.Ordinal).FirstOrDefault() is { } both)
        {
            throw CatalogJson.Error($"{path}.accepted[{both}]", "a licence type is either required or accepted, not both");
        }

        var form = new List<FormFieldMapping>();
        var fieldCodes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (fieldElement, fieldIndex) in json.Array("form").Select((e, i) => (e, i)))
        {
            var mapping = ReadMapping(fieldElement, $"{path}.form", fieldIndex, required, accepted, licences);
            if (!fieldCodes.Add(mapping.Field))
            {
                throw CatalogJson.Error($"{path}.form[{mapping.Field}]", "duplicate form field");
            }

            form.Add(mapping);
        }

        if (form.Count is 0 or > MaxFormFields)
        {
            throw CatalogJson.Error($"{path}.form", $"an item needs 1 to {MaxFormFields} form fields");
        }

        foreach (var type in required)
        {
            if (!form.Exists(f => f.LicenceType == type))
            {
                throw CatalogJson.Error($"{path}.required[{type}]", "no form field is filled from this required licence type");
            }
        }

        json.EnsureNoUnknownProperties("$comment");
        return new ServiceItem(code, nameZh, nameEn, department, holder, required, accepted, form);
    }

    private static List<string> ReadTypes(CatalogJson json, string name, string path, HolderKind holder, LicenceCatalog licences)
    {
        var types = new List<string>();
        foreach (var code in json.StringArray(name))
        {
            var type = licences.Find(code)
                ?? throw CatalogJson.Error($"{path}.{name}[{LicenceCatalogReader.Clip(code)}]", "unknown licence type");
            if (type.HolderKind != holder)
            {
                throw CatalogJson.Error($"{path}.{name}[{code}]", $"licence type is held by a {type.HolderKind.ToString().ToLowerInvariant()}, the item serves a {holder.ToString().ToLowerInvariant()}");
            }

            if (types.Contains(code, StringComparer.Ordinal))
            {
                throw CatalogJson.Error($"{path}.{name}[{code}]", "licence type listed twice");
            }

            types.Add(code);
        }

        return types;
    }

    private static FormFieldMapping ReadMapping(JsonElement element, string formPath, int index, List<string> required, List<string> accepted, LicenceCatalog licences)
    {
        var field = new CatalogJson(element, $"{formPath}[{index}]").String("field");
        if (!CatalogJson.IsFieldCode(field))
        {
            throw CatalogJson.Error($"{formPath}[{index}].field", "form field code must be lower-case snake case");
        }

        var path = $"{formPath}[{field}]";
        var json = new CatalogJson(element, path);
        json.String("field");
        var labelZh = json.String("label_zh");
        var labelEn = json.String("label_en");
        var from = json.String("from");
        var dot = from.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == from.Length - 1 || from.IndexOf('.', dot + 1) >= 0)
        {
            throw CatalogJson.Error($"{path}.from", "must be TYPE_CODE.FIELD_CODE");
        }

        var typeCode = from[..dot];
        var fieldCode = from[(dot + 1)..];
        var type = licences.Find(typeCode)
            ?? throw CatalogJson.Error($"{path}.from", $"unknown licence type '{LicenceCatalogReader.Clip(typeCode)}'");
        if (!required.Contains(typeCode, StringComparer.Ordinal) && !accepted.Contains(typeCode, StringComparer.Ordinal))
        {
            throw CatalogJson.Error($"{path}.from", $"licence type '{typeCode}' is neither required nor accepted by the item");
        }

        var source = type.FindField(fieldCode)
            ?? throw CatalogJson.Error($"{path}.from", $"licence type '{typeCode}' has no field '{LicenceCatalogReader.Clip(fieldCode)}'");
        var transformText = json.OptionalString("transform");
        var transform = FieldTransform.TryParse(transformText)
            ?? throw CatalogJson.Error($"{path}.transform", "must be none, upper, mask or date:PATTERN (y, M, d and literal characters)");
        if (transform.Kind == FieldTransformKind.Date && source.Type != FieldType.Date)
        {
            throw CatalogJson.Error($"{path}.transform", "a date transform needs a date source field");
        }

        json.EnsureNoUnknownProperties("$comment");
        return new FormFieldMapping(field, labelZh, labelEn, typeCode, fieldCode, transform);
    }

    private static bool IsItemCode(string code)
    {
        var dash = code.IndexOf('-', StringComparison.Ordinal);
        return dash >= 2 && dash <= 8 && code.Length == dash + 4
            && LicenceCatalogReader.IsUpperCode(code[..dash], 2, 8) && code[0] is >= 'A' and <= 'Z'
            && code[(dash + 1)..].All(char.IsAsciiDigit);
    }
}
