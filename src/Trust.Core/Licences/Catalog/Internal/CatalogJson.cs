using System.Text.Json;

namespace Trust.Core.Licences.Internal;

/// <summary>
/// Strict reading of catalog JSON objects: known property names only, no duplicates, typed getters whose
/// errors carry a path that names the catalog entry (for example <c>types[BL v1].fields[uscc].type</c>).
/// </summary>
internal sealed class CatalogJson
{
    /// <summary>Largest catalog document accepted.</summary>
    public const int MaxDocumentBytes = 8 * 1024 * 1024;

    public static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 16, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    private readonly JsonElement _element;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CatalogJson(JsonElement element, string path)
    {
        Path = path;
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw Error(path, "must be a JSON object");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                throw Error(path, $"duplicate property '{property.Name}'");
            }
        }

        _element = element;
    }

    public string Path { get; }

    public static JsonDocument ParseDocument(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new TrustFormatException(source, "is not valid JSON: " + e.Message, e.BytePositionInLine, e);
        }
    }

    public static JsonDocument ParseDocument(Stream json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        // Not disposed: the JsonDocument keeps reading from this buffer for its lifetime.
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = json.Read(chunk, 0, chunk.Length)) > 0)
        {
            if (buffer.Length + read > MaxDocumentBytes)
            {
                throw new TrustFormatException(source, $"catalog document is larger than {MaxDocumentBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        try
        {
            return JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), DocumentOptions);
        }
        catch (JsonException e)
        {
            throw new TrustFormatException(source, "is not valid JSON: " + e.Message, e.BytePositionInLine, e);
        }
    }

    public static TrustFormatException Error(string path, string message) => new(path, message);

    public TrustFormatException Error(string message) => Error(Path, message);

    public string String(string name)
    {
        var value = OptionalString(name);
        return string.IsNullOrWhiteSpace(value) ? throw Error($"{Path}.{name}", "is required and must be a non-empty string") : value;
    }

    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return element.ValueKind == JsonValueKind.String
            ? element.GetString()
            : throw Error($"{Path}.{name}", "must be a string");
    }

    public int Int(string name, int? fallback = null)
    {
        if (!TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return fallback ?? throw Error($"{Path}.{name}", "is required and must be an integer");
        }

        return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out var value)
            ? value
            : throw Error($"{Path}.{name}", "must be an integer");
    }

    public bool Bool(string name, bool fallback)
    {
        if (!TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Error($"{Path}.{name}", "must be true or false"),
        };
    }

    public IReadOnlyList<string> StringArray(string name)
    {
        var result = new List<string>();
        foreach (var (element, index) in Array(name).Select((e, i) => (e, i)))
        {
            result.Add(element.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(element.GetString())
                ? element.GetString()!
                : throw Error($"{Path}.{name}[{index}]", "must be a non-empty string"));
        }

        return result;
    }

    public IReadOnlyList<JsonElement> Array(string name)
    {
        if (!TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray().ToList()
            : throw Error($"{Path}.{name}", "must be an array");
    }

    public CatalogJson? OptionalObject(string name) =>
        TryGet(name, out var element) && element.ValueKind != JsonValueKind.Null ? new CatalogJson(element, $"{Path}.{name}") : null;

    /// <summary>Throws when the object has a property that was never read (a typo in the catalog).</summary>
    public void EnsureNoUnknownProperties(params string[] alsoAllowed)
    {
        foreach (var property in _element.EnumerateObject())
        {
            if (!_read.Contains(property.Name) && !alsoAllowed.Contains(property.Name, StringComparer.Ordinal))
            {
                throw Error($"{Path}.{property.Name}", "unknown property");
            }
        }
    }

    public JsonElement Raw => _element;

    private bool TryGet(string name, out JsonElement element)
    {
        _read.Add(name);
        return _element.TryGetProperty(name, out element);
    }

    /// <summary>Lower-case snake-case code: a letter, then up to 63 letters, digits or underscores.</summary>
    public static bool IsFieldCode(string? code)
    {
        if (code is not { Length: >= 1 and <= 64 } || code[0] is < 'a' or > 'z')
        {
            return false;
        }

        foreach (var c in code)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }
}
