using System.Text.RegularExpressions;

namespace Trust.Core.Licences;

/// <summary>
/// One field of a licence type: its code, labels, value type, whether it is required, and the
/// checks a value must pass. Created by the catalog loader; immutable.
/// </summary>
public sealed class LicenceFieldDefinition
{
    /// <summary>Upper bound of <see cref="MaxLength"/> for any field.</summary>
    public const int AbsoluteMaxLength = 4096;

    internal LicenceFieldDefinition(
        string code,
        string labelZh,
        string labelEn,
        FieldType type,
        bool required,
        string? pattern,
        Regex? compiledPattern,
        IReadOnlyList<string> values,
        int maxLength,
        HolderKind? identifierKind,
        string example)
    {
        Code = code;
        LabelZh = labelZh;
        LabelEn = labelEn;
        Type = type;
        Required = required;
        Pattern = pattern;
        CompiledPattern = compiledPattern;
        Values = values;
        MaxLength = maxLength;
        IdentifierKind = identifierKind;
        Example = example;
    }

    /// <summary>Field code, lower-case snake case (<c>holder_name</c>, <c>issue_date</c>, <c>business_scope</c>).</summary>
    public string Code { get; }

    /// <summary>Chinese label as printed on the licence (名称, 统一社会信用代码, …).</summary>
    public string LabelZh { get; }

    /// <summary>English label.</summary>
    public string LabelEn { get; }

    /// <summary>The value type.</summary>
    public FieldType Type { get; }

    /// <summary>Whether a licence of this type must carry the field.</summary>
    public bool Required { get; }

    /// <summary>
    /// Optional .NET regular expression the whole value must match (it is anchored at both ends by the
    /// loader and runs with a 100 ms timeout; a timeout rejects the value).
    /// </summary>
    public string? Pattern { get; }

    internal Regex? CompiledPattern { get; }

    /// <summary>The allowed values of an <see cref="FieldType.Enum"/> field; empty for other types.</summary>
    public IReadOnlyList<string> Values { get; }

    /// <summary>Maximum length of a value in UTF-16 code units.</summary>
    public int MaxLength { get; }

    /// <summary>
    /// For <see cref="FieldType.Identifier"/> fields: which identifier the value must be
    /// (<see cref="HolderKind.Person"/>: resident ID number; <see cref="HolderKind.Organisation"/>:
    /// unified social credit code), or null when either is accepted. Null for other types.
    /// </summary>
    public HolderKind? IdentifierKind { get; }

    /// <summary>
    /// An example value that passes this field's checks (fictitious, never real personal data), for
    /// samples, tests and documentation. The loader checks every example against the field.
    /// </summary>
    public string Example { get; }
}
