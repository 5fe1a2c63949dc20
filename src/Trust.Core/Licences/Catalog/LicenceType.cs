namespace Trust.Core.Licences;

/// <summary>
/// A kind of licence or certificate (营业执照, 结婚证, …) in one version: its code, names, issuing
/// department kind, holder kind, fields and default validity. Licences record the code and the version
/// they were issued under. Every type has the fields <see cref="HolderNameField"/> (text) and
/// <see cref="HolderIdField"/> (the holder's identifier), both required.
/// </summary>
public sealed class LicenceType
{
    /// <summary>Field code of the holder's name, present in every type.</summary>
    public const string HolderNameField = "holder_name";

    /// <summary>Field code of the holder's identifier (resident ID number or unified social credit code), present in every type.</summary>
    public const string HolderIdField = "holder_id";

    /// <summary>Most field values one licence may carry.</summary>
    public const int MaxFieldCount = 64;

    private readonly Dictionary<string, LicenceFieldDefinition> _byCode;

    internal LicenceType(
        string code,
        int version,
        string nameZh,
        string nameEn,
        string departmentKind,
        HolderKind holderKind,
        IReadOnlyList<LicenceFieldDefinition> fields,
        ValidityPeriod? defaultValidity,
        LicenceLayout? layout = null)
    {
        Code = code;
        Version = version;
        NameZh = nameZh;
        NameEn = nameEn;
        DepartmentKind = departmentKind;
        HolderKind = holderKind;
        Fields = fields;
        DefaultValidity = defaultValidity;
        Layout = layout ?? LicenceLayout.Default;
        _byCode = fields.ToDictionary(f => f.Code, StringComparer.Ordinal);
    }

    /// <summary>
    /// Type code: 2 to 6 characters, an upper-case letter followed by upper-case letters or digits
    /// (<c>BL</c> business licence, <c>MC</c> marriage certificate, <c>DL</c> driving licence).
    /// </summary>
    public string Code { get; }

    /// <summary>Version of the type's field set, starting at 1.</summary>
    public int Version { get; }

    /// <summary>Chinese name, for example 营业执照.</summary>
    public string NameZh { get; }

    /// <summary>English name, for example Business licence.</summary>
    public string NameEn { get; }

    /// <summary>Code of the issuing department kind (<c>SAMR</c>, <c>PSB</c>, <c>MCA</c>, …).</summary>
    public string DepartmentKind { get; }

    /// <summary>Whether licences of this type are held by persons or organisations.</summary>
    public HolderKind HolderKind { get; }

    /// <summary>The fields, in the order they are printed.</summary>
    public IReadOnlyList<LicenceFieldDefinition> Fields { get; }

    /// <summary>Default validity from the issue date, or null when licences of this type do not expire.</summary>
    public ValidityPeriod? DefaultValidity { get; }

    /// <summary>How the type is laid out on its archival page; <see cref="LicenceLayout.Default"/> when the catalog gives no hints.</summary>
    public LicenceLayout Layout { get; }

    /// <summary>The field with this code, or null.</summary>
    public LicenceFieldDefinition? FindField(string code) =>
        code is not null && _byCode.TryGetValue(code, out var field) ? field : null;

    /// <summary>
    /// Checks a holder identifier and a set of field values (all strings; dates as ISO 8601
    /// <c>yyyy-MM-dd</c>) against this type and returns every problem found, one per field; an empty
    /// list means the values are acceptable. Checks: the holder identifier is a valid resident ID number
    /// (persons) or unified social credit code (organisations); no unknown field codes; every required
    /// field present and non-empty; each value of the right type, length, pattern and enum value.
    /// <see cref="HolderIdField"/> may be omitted from <paramref name="fields"/> (it is then taken to be
    /// <paramref name="holderId"/>); when present it must equal <paramref name="holderId"/>. Never throws
    /// for bad values.
    /// </summary>
    /// <param name="holderId">The holder's identifier.</param>
    /// <param name="fields">Field code to value.</param>
    public IReadOnlyList<LicenceFieldError> Validate(string? holderId, IReadOnlyDictionary<string, string>? fields) =>
        Internal.LicenceValidator.Validate(this, holderId, fields);

    /// <summary>
    /// Same checks as <see cref="Validate"/>, throwing on the first problem.
    /// </summary>
    /// <exception cref="TrustFormatException">A value is invalid; <see cref="TrustFormatException.Field"/> names the field code.</exception>
    public void EnsureValid(string? holderId, IReadOnlyDictionary<string, string>? fields)
    {
        var errors = Validate(holderId, fields);
        if (errors.Count > 0)
        {
            var suffix = errors.Count > 1 ? $" (and {errors.Count - 1} more problem(s))" : "";
            throw new TrustFormatException(errors[0].Field, errors[0].Message + suffix);
        }
    }

    /// <summary>
    /// Example values of every field (see <see cref="LicenceFieldDefinition.Example"/>); together with
    /// the example of <see cref="HolderIdField"/> as holder they pass <see cref="Validate"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> ExampleFields() =>
        Fields.ToDictionary(f => f.Code, f => f.Example, StringComparer.Ordinal);

    /// <summary>The example holder identifier (the example of <see cref="HolderIdField"/>).</summary>
    public string ExampleHolderId => _byCode[HolderIdField].Example;

    /// <inheritdoc />
    public override string ToString() => $"{Code} v{Version} ({NameEn})";
}
