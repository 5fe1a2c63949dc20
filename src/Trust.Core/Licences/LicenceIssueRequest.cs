namespace Trust.Core.Licences;

/// <summary>What to issue: a licence type, the holder, and the type's field values.</summary>
/// <param name="TypeCode">Licence type code from the catalog (the type's current version is used).</param>
/// <param name="HolderId">Resident ID number (person types) or unified social credit code (organisation types).</param>
/// <param name="HolderName">The holder's name.</param>
/// <param name="Fields">Field code to value (dates <c>yyyy-MM-dd</c>). <c>holder_id</c> and <c>holder_name</c> may be given; they must then equal the holder.</param>
public sealed record LicenceIssueRequest(
    string TypeCode,
    string HolderId,
    string HolderName,
    IReadOnlyDictionary<string, string> Fields)
{
    /// <summary>Start of validity; the issue time when null.</summary>
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>End of validity; the type's default validity from <see cref="ValidFrom"/> when null (no end when the type has none).</summary>
    public DateTimeOffset? ValidUntil { get; init; }
}

/// <summary>
/// The holder or field values do not fit the licence type. <see cref="TrustFormatException.Field"/>
/// names the first bad field; <see cref="Errors"/> lists all of them. Messages never repeat values.
/// </summary>
public sealed class LicenceFieldsException : TrustFormatException
{
    /// <summary>Creates the exception from the type's field errors (at least one).</summary>
    public LicenceFieldsException(IReadOnlyList<LicenceFieldError> errors)
        : base(First(errors).Field, First(errors).Message + (errors.Count > 1 ? $" (and {errors.Count - 1} more problem(s))" : ""))
    {
        Errors = errors;
    }

    /// <summary>Every problem found, one per field.</summary>
    public IReadOnlyList<LicenceFieldError> Errors { get; }

    private static LicenceFieldError First(IReadOnlyList<LicenceFieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        return errors.Count > 0 ? errors[0] : throw new ArgumentException("At least one error is needed.", nameof(errors));
    }
}
