using System.Text.Json;
using Google.Protobuf.Reflection;

namespace Trust.Grpc.JsonApi;

/// <summary>
/// Checks that a JSON request body has the shape of a protobuf message (proto3 JSON mapping): every property a
/// field of the message, every value of the field's kind. Says which field is wrong, for example
/// <c>clerk.clerkId: expected a string</c>; values themselves (base64, numbers in range, oneofs) are left to the
/// strict protobuf parser that runs next.
/// </summary>
internal static class JsonBodyShape
{
    /// <summary>The first problem found, or null when the shape fits.</summary>
    public static string? Problem(JsonElement element, MessageDescriptor message, string path = "")
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Where(path) + "expected an object";
        }

        foreach (var property in element.EnumerateObject())
        {
            var field = message.FindFieldByName(property.Name) ?? message.Fields.InDeclarationOrder().FirstOrDefault(f => f.JsonName == property.Name);
            var at = path.Length == 0 ? property.Name : path + "." + property.Name;
            if (field is null)
            {
                return at + ": unknown field";
            }

            if (property.Value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            var problem = field.IsMap ? MapProblem(property.Value, field, at)
                : field.IsRepeated ? ListProblem(property.Value, field, at)
                : ValueProblem(property.Value, field, at);
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? MapProblem(JsonElement value, FieldDescriptor field, string at)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            return at + ": expected an object (a map)";
        }

        var valueField = field.MessageType.FindFieldByNumber(2);
        foreach (var entry in value.EnumerateObject())
        {
            if (ValueProblem(entry.Value, valueField, $"{at}.{entry.Name}") is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? ListProblem(JsonElement value, FieldDescriptor field, string at)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            return at + ": expected an array";
        }

        var i = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (ValueProblem(item, field, $"{at}[{i++}]") is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? ValueProblem(JsonElement value, FieldDescriptor field, string at)
    {
        var kind = value.ValueKind;
        switch (field.FieldType)
        {
            case FieldType.String:
                return kind == JsonValueKind.String ? null : at + ": expected a string";
            case FieldType.Bytes:
                return kind == JsonValueKind.String && IsBase64(value.GetString()!) ? null : at + ": expected base64 text";
            case FieldType.Bool:
                return kind is JsonValueKind.True or JsonValueKind.False ? null : at + ": expected true or false";
            case FieldType.Enum:
                return kind is JsonValueKind.String or JsonValueKind.Number ? null : at + ": expected an enum name";
            case FieldType.Message when field.MessageType.FullName.StartsWith("google.protobuf.", StringComparison.Ordinal):
                return kind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Object ? null : at + ": expected a " + field.MessageType.Name.ToLowerInvariant();
            case FieldType.Message:
            case FieldType.Group:
                return Problem(value, field.MessageType, at);
            default: // numbers: JSON numbers or numeric strings
                return kind is JsonValueKind.Number or JsonValueKind.String ? null : at + ": expected a number";
        }
    }

    /// <summary>Standard or URL-safe base64, padded or not (proto3 JSON accepts both).</summary>
    private static bool IsBase64(string text)
    {
        var normal = text.Replace('-', '+').Replace('_', '/');
        normal += new string('=', (4 - (normal.Length % 4)) % 4);
        var buffer = normal.Length <= 4096 ? stackalloc byte[normal.Length] : new byte[normal.Length];
        return Convert.TryFromBase64String(normal, buffer, out _);
    }

    private static string Where(string path) => path.Length == 0 ? "" : path + ": ";
}
