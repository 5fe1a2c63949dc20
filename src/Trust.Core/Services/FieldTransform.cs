using System.Globalization;
using System.Text;

namespace Trust.Core.Services;

/// <summary>What a form field does to a licence value before it is filled in.</summary>
public enum FieldTransformKind
{
    /// <summary>The value as it is on the licence.</summary>
    None = 0,

    /// <summary>Upper case (invariant culture).</summary>
    Upper = 1,

    /// <summary>Masked for display: only the start and end stay visible (see <see cref="FieldTransform.Apply"/>).</summary>
    Mask = 2,

    /// <summary>An ISO 8601 date re-written with a custom pattern such as <c>yyyy年MM月dd日</c>.</summary>
    Date = 3,
}

/// <summary>
/// A transform from a licence field value to a form value. Written in the service catalog as
/// <c>none</c>, <c>upper</c>, <c>mask</c> or <c>date:PATTERN</c>, where PATTERN may use only the .NET custom
/// date specifiers <c>y</c>, <c>M</c> and <c>d</c>, with any other non-letter characters (or CJK characters
/// such as 年月日) copied literally.
/// </summary>
public sealed class FieldTransform
{
    private FieldTransform(FieldTransformKind kind, string? format)
    {
        Kind = kind;
        Format = format;
    }

    /// <summary>The identity transform.</summary>
    public static FieldTransform None { get; } = new(FieldTransformKind.None, null);

    /// <summary>The kind of transform.</summary>
    public FieldTransformKind Kind { get; }

    /// <summary>The date pattern of a <see cref="FieldTransformKind.Date"/> transform; null otherwise.</summary>
    public string? Format { get; }

    /// <summary>Parses a transform specification (<c>none</c>, <c>upper</c>, <c>mask</c>, <c>date:PATTERN</c>); null when malformed.</summary>
    public static FieldTransform? TryParse(string? spec)
    {
        switch (spec)
        {
            case null or "" or "none":
                return None;
            case "upper":
                return new FieldTransform(FieldTransformKind.Upper, null);
            case "mask":
                return new FieldTransform(FieldTransformKind.Mask, null);
        }

        if (!spec.StartsWith("date:", StringComparison.Ordinal))
        {
            return null;
        }

        var format = spec[5..];
        if (format.Length is 0 or > 32 || !format.Contains('y', StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var c in format)
        {
            if (char.IsAsciiLetter(c) && c is not ('y' or 'M' or 'd') || c is '\\' or '%' or '"' or '\'' || char.IsControl(c))
            {
                return null;
            }
        }

        return new FieldTransform(FieldTransformKind.Date, format);
    }

    /// <summary>
    /// Applies the transform. <see cref="FieldTransformKind.Date"/> expects <c>yyyy-MM-dd</c> and returns the
    /// value unchanged when it is not such a date. <see cref="FieldTransformKind.Mask"/> replaces the middle
    /// with <c>*</c>: up to 2 characters keep the first, up to 6 the first and last, up to 11 the first two
    /// and last two, longer values the first four and last four (for example <c>3301**********1236</c>).
    /// </summary>
    public string Apply(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        switch (Kind)
        {
            case FieldTransformKind.Upper:
                return value.ToUpperInvariant();
            case FieldTransformKind.Mask:
                return Mask(value);
            case FieldTransformKind.Date:
                return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                    ? date.ToString(Format, CultureInfo.InvariantCulture)
                    : value;
            default:
                return value;
        }
    }

    private static string Mask(string value)
    {
        var elements = new List<string>();
        var enumerator = StringInfo.GetTextElementEnumerator(value);
        while (enumerator.MoveNext())
        {
            elements.Add(enumerator.GetTextElement());
        }

        var n = elements.Count;
        var (head, tail) = n switch
        {
            <= 2 => (1, 0),
            <= 6 => (1, 1),
            <= 11 => (2, 2),
            _ => (4, 4),
        };
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < n; i++)
        {
            builder.Append(i < head || i >= n - tail ? elements[i] : "*");
        }

        return builder.ToString();
    }

    /// <summary>The specification text (<c>none</c>, <c>upper</c>, <c>mask</c>, <c>date:PATTERN</c>).</summary>
    public override string ToString() => Kind switch
    {
        FieldTransformKind.Upper => "upper",
        FieldTransformKind.Mask => "mask",
        FieldTransformKind.Date => "date:" + Format,
        _ => "none",
    };
}
