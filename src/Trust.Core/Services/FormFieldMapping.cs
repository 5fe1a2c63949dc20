namespace Trust.Core.Services;

/// <summary>
/// One field of a service item's application form and where its value comes from: a field of a
/// licence type (<c>TYPE_CODE.FIELD_CODE</c>, in the latest version of that type) and a transform.
/// </summary>
public sealed class FormFieldMapping
{
    internal FormFieldMapping(string field, string labelZh, string labelEn, string licenceType, string licenceField, FieldTransform transform)
    {
        Field = field;
        LabelZh = labelZh;
        LabelEn = labelEn;
        LicenceType = licenceType;
        LicenceField = licenceField;
        Transform = transform;
    }

    /// <summary>The form field code (lower-case snake case), unique within the item.</summary>
    public string Field { get; }

    /// <summary>Chinese label on the form.</summary>
    public string LabelZh { get; }

    /// <summary>English label on the form.</summary>
    public string LabelEn { get; }

    /// <summary>The source licence type code.</summary>
    public string LicenceType { get; }

    /// <summary>The source field code in that licence type.</summary>
    public string LicenceField { get; }

    /// <summary>The source as written in the catalog: <c>TYPE_CODE.FIELD_CODE</c>.</summary>
    public string From => LicenceType + "." + LicenceField;

    /// <summary>The transform applied to the licence value.</summary>
    public FieldTransform Transform { get; }

    /// <summary>
    /// The form value taken from a licence's field values (of <see cref="LicenceType"/>), or null when the
    /// licence does not carry the field.
    /// </summary>
    public string? ValueFrom(IReadOnlyDictionary<string, string> licenceFields)
    {
        ArgumentNullException.ThrowIfNull(licenceFields);
        return licenceFields.TryGetValue(LicenceField, out var value) && !string.IsNullOrEmpty(value) ? Transform.Apply(value) : null;
    }
}
