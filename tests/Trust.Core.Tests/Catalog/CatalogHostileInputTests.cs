using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Trust.Core.Licences;
using Trust.Core.Services;

namespace Trust.Core.Tests.Catalog;

public sealed class CatalogHostileInputTests
{
    private static bool OnlyFormatErrors(Action load)
    {
        try
        {
            load();
            return true;
        }
        catch (TrustFormatException)
        {
            return true;
        }
    }

    [Property(MaxTest = 300)]
    public bool Random_text_never_escapes_as_another_exception(string? text) =>
        text is null || (OnlyFormatErrors(() => LicenceCatalog.Parse(text))
                         && OnlyFormatErrors(() => ServiceCatalog.Parse(text, LicenceCatalog.Default)));

    [Property(MaxTest = 300)]
    public bool Random_bytes_never_escape_as_another_exception(byte[] bytes) =>
        OnlyFormatErrors(() => LicenceCatalog.Load(new MemoryStream(bytes)))
        && OnlyFormatErrors(() => ServiceCatalog.Load(new MemoryStream(bytes), LicenceCatalog.Default));

    [Property(MaxTest = 100)]
    public bool Truncated_real_catalog_data_is_rejected_with_the_format_exception(PositiveInt cut)
    {
        var json = Encoding.UTF8.GetString(ReadResource("Trust.Core.Licences.Catalog.Data.types-civil.json"));
        var truncated = json[..(cut.Get % json.Length)];
        return OnlyFormatErrors(() => LicenceCatalog.Parse(truncated));
    }

    [Property(MaxTest = 100)]
    public bool Json_values_of_the_wrong_kind_are_rejected_with_the_format_exception(PositiveInt pick, PositiveInt replacement)
    {
        string[] values = ["null", "1", "-1", "1.5", "true", "\"\"", "\"x\"", "[]", "{}", "[1]", "\"P\"", "99999999999"];
        var json = Encoding.UTF8.GetString(ReadResource("Trust.Core.Services.Data.items-people.json"));
        var colons = Enumerable.Range(0, json.Length).Where(i => json[i] == ':').ToArray();
        var at = colons[pick.Get % colons.Length] + 1;
        var end = at;
        var depth = 0;
        var inString = false;
        for (; end < json.Length; end++)
        {
            var c = json[end];
            if (inString)
            {
                inString = c != '"' || json[end - 1] == '\\';
                continue;
            }

            if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}')
            {
                if (depth-- == 0)
                {
                    break;
                }
            }
            else if (c == ',' && depth == 0)
            {
                break;
            }
        }

        var mutated = json[..at] + " " + values[replacement.Get % values.Length] + json[end..];
        return OnlyFormatErrors(() => ServiceCatalog.Parse(mutated, LicenceCatalog.Default));
    }

    private static byte[] ReadResource(string name)
    {
        using var stream = typeof(LicenceCatalog).Assembly.GetManifestResourceStream(name)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
