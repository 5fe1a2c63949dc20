namespace Trust.Core.Licences;

/// <summary>The value type of a licence field. Every value travels as a string; the type says how it is checked.</summary>
public enum FieldType
{
    /// <summary>Free text without control, format (for example bidirectional overrides) or line-separator characters and with well-formed UTF-16, limited by <see cref="LicenceFieldDefinition.MaxLength"/> and an optional pattern.</summary>
    Text = 0,

    /// <summary>A calendar date in ISO 8601 extended form <c>yyyy-MM-dd</c> (for example <c>2024-03-01</c>).</summary>
    Date = 1,

    /// <summary>A decimal number in invariant form: optional <c>-</c>, digits, optional <c>.</c> and digits.</summary>
    Number = 2,

    /// <summary>One of the values listed in <see cref="LicenceFieldDefinition.Values"/>.</summary>
    Enum = 3,

    /// <summary>A resident ID number or a unified social credit code (see <see cref="LicenceFieldDefinition.IdentifierKind"/>).</summary>
    Identifier = 4,
}
