using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Trust.Core.Identifiers;

namespace Trust.Core.Licences.Internal;

/// <summary>Checks a holder identifier and field values against a <see cref="LicenceType"/>.</summary>
internal static class LicenceValidator
{
    public static IReadOnlyList<LicenceFieldError> Validate(LicenceType type, string? holderId, IReadOnlyDictionary<string, string>? fields)
    {
        var errors = new List<LicenceFieldError>();
        var holderError = HolderId.Validate(holderId, type.HolderKind);
        if (holderError is not null)
        {
            errors.Add(new LicenceFieldError(LicenceType.HolderIdField, holderError));
        }

        fields ??= new Dictionary<string, string>();
        if (fields.Count > LicenceType.MaxFieldCount)
        {
            errors.Add(new LicenceFieldError("fields", $"too many fields (at most {LicenceType.MaxFieldCount})"));
            return errors;
        }

        foreach (var (code, _) in fields)
        {
            if (type.FindField(code) is null)
            {
                errors.Add(new LicenceFieldError(SafeCode(code), $"unknown field for licence type {type.Code} v{type.Version}"));
            }
        }

        foreach (var field in type.Fields)
        {
            fields.TryGetValue(field.Code, out var value);
            if (field.Code == LicenceType.HolderIdField)
            {
                if (value is not null && holderError is null && !string.Equals(value.ToUpperInvariant(), holderId!.ToUpperInvariant(), StringComparison.Ordinal))
                {
                    errors.Add(new LicenceFieldError(field.Code, "does not match the holder identifier"));
                }

                continue;
            }

            if (string.IsNullOrEmpty(value))
            {
                if (field.Required)
                {
                    errors.Add(new LicenceFieldError(field.Code, "is required"));
                }

                continue;
            }

            var problem = CheckValue(field, value);
            if (problem is not null)
            {
                errors.Add(new LicenceFieldError(field.Code, problem));
            }
        }

        return errors;
    }

    /// <summary>Checks one non-empty value; returns null when acceptable, else a message without the value.</summary>
    public static string? CheckValue(LicenceFieldDefinition field, string value)
    {
        if (value.Length > field.MaxLength)
        {
            return $"is longer than {field.MaxLength} characters";
        }

        if (HasForbiddenCharacters(value))
        {
            return "contains control, format or line-separator characters or unpaired surrogates";
        }

        if (value.Trim().Length != value.Length)
        {
            return "has leading or trailing white space";
        }

        string? problem = field.Type switch
        {
            FieldType.Text => null,
            FieldType.Date => IsIsoDate(value) ? null : "must be a date yyyy-MM-dd",
            FieldType.Number => IsNumber(value) ? null : "must be a decimal number",
            FieldType.Enum => field.Values.Contains(value, StringComparer.Ordinal) ? null : "is not one of the allowed values",
            FieldType.Identifier => HolderId.Validate(value, field.IdentifierKind),
            _ => "has an unsupported field type",
        };
        if (problem is not null || field.CompiledPattern is null)
        {
            return problem;
        }

        // NonBacktracking (see LicenceCatalogReader): linear in the value's length, never a timeout.
        return field.CompiledPattern.IsMatch(value) ? null : "does not match the required pattern";
    }

    internal static bool IsIsoDate(string value) =>
        value.Length == 10 && DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    internal static bool IsNumber(string value)
    {
        var i = value.Length > 0 && value[0] == '-' ? 1 : 0;
        var digitsBefore = 0;
        while (i < value.Length && value[i] is >= '0' and <= '9')
        {
            i++;
            digitsBefore++;
        }

        if (digitsBefore == 0)
        {
            return false;
        }

        if (i == value.Length)
        {
            return true;
        }

        if (value[i] != '.')
        {
            return false;
        }

        i++;
        var digitsAfter = 0;
        while (i < value.Length && value[i] is >= '0' and <= '9')
        {
            i++;
            digitsAfter++;
        }

        return digitsAfter > 0 && i == value.Length;
    }

    /// <summary>
    /// Whether the value has control characters, format characters (bidirectional overrides and other
    /// invisible marks that make a printed value differ from its text), line or paragraph separators, or
    /// ill-formed UTF-16. Private-use characters stay allowed: rare Chinese name characters are still
    /// encoded there by some registries.
    /// </summary>
    internal static bool HasForbiddenCharacters(string value)
    {
        var span = value.AsSpan();
        while (!span.IsEmpty)
        {
            // Fast path: printable ASCII and CJK unified ideographs, most of every licence's text.
            if (span[0] is (>= ' ' and < '\u007f') or (>= '\u4e00' and <= '\u9fff'))
            {
                span = span[1..];
                continue;
            }

            if (Rune.DecodeFromUtf16(span, out var rune, out var consumed) != OperationStatus.Done)
            {
                return true;
            }

            if (Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
                or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator)
            {
                return true;
            }

            span = span[consumed..];
        }

        return false;
    }

    /// <summary>A field code safe to echo in an error: anything but a short snake-case code is reported as <c>fields</c>.</summary>
    private static string SafeCode(string code) => CatalogJson.IsFieldCode(code) ? code : "fields";
}
