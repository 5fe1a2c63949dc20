using Trust.Core.Licences;

namespace Trust.Core.Services;

/// <summary>
/// A government service item (户口迁移, 企业设立登记, …) that accepts electronic licences instead of paper:
/// who it serves, the licence types it needs or accepts, and how licence fields fill its form.
/// All licence types of an item are held by the same kind of holder as the item serves.
/// </summary>
public sealed class ServiceItem
{
    private readonly Dictionary<string, IReadOnlyList<FormFieldMapping>> _formByType;

    internal ServiceItem(
        string code,
        string nameZh,
        string nameEn,
        string department,
        HolderKind holderKind,
        IReadOnlyList<string> requiredLicenceTypes,
        IReadOnlyList<string> acceptedLicenceTypes,
        IReadOnlyList<FormFieldMapping> form)
    {
        Code = code;
        NameZh = nameZh;
        NameEn = nameEn;
        Department = department;
        HolderKind = holderKind;
        RequiredLicenceTypes = requiredLicenceTypes;
        AcceptedLicenceTypes = acceptedLicenceTypes;
        Form = form;
        LicenceTypes = [.. requiredLicenceTypes, .. acceptedLicenceTypes];
        _formByType = LicenceTypes.ToDictionary(
            t => t,
            t => (IReadOnlyList<FormFieldMapping>)[.. form.Where(f => string.Equals(f.LicenceType, t, StringComparison.Ordinal))],
            StringComparer.Ordinal);
    }

    /// <summary>Item code: the handling department kind, a hyphen and three digits (for example <c>PSB-001</c>).</summary>
    public string Code { get; }

    /// <summary>Chinese name, for example 户口迁移.</summary>
    public string NameZh { get; }

    /// <summary>English name.</summary>
    public string NameEn { get; }

    /// <summary>Code of the department kind that handles the item.</summary>
    public string Department { get; }

    /// <summary>Whether the item serves persons ("one card") or organisations ("one code").</summary>
    public HolderKind HolderKind { get; }

    /// <summary>Licence types the applicant must present.</summary>
    public IReadOnlyList<string> RequiredLicenceTypes { get; }

    /// <summary>Licence types that are used when the applicant has them, but are not required.</summary>
    public IReadOnlyList<string> AcceptedLicenceTypes { get; }

    /// <summary>Required then accepted licence types: every type a grant for this item may reveal.</summary>
    public IReadOnlyList<string> LicenceTypes { get; }

    /// <summary>The form fields, in form order.</summary>
    public IReadOnlyList<FormFieldMapping> Form { get; }

    /// <summary>Whether <paramref name="licenceType"/> is required or accepted by this item.</summary>
    public bool Uses(string licenceType) => licenceType is not null && _formByType.ContainsKey(licenceType);

    /// <summary>The form fields filled from the given licence type.</summary>
    public IReadOnlyList<FormFieldMapping> FormFieldsFrom(string licenceType) =>
        licenceType is not null && _formByType.TryGetValue(licenceType, out var mappings) ? mappings : [];

    /// <summary>
    /// Form values filled from one licence of <paramref name="licenceType"/>: form field code to value, for
    /// the mappings whose source field the licence carries. Empty for a type the item does not use.
    /// </summary>
    public IReadOnlyDictionary<string, string> FillFrom(string licenceType, IReadOnlyDictionary<string, string> licenceFields)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mapping in FormFieldsFrom(licenceType))
        {
            if (mapping.ValueFrom(licenceFields) is { } value)
            {
                values[mapping.Field] = value;
            }
        }

        return values;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Code} {NameEn}";
}
