namespace Trust.Core.Licences.Internal;

/// <summary>
/// Checks a licence's holder and fields against its type and turns the type's field errors into
/// reason codes: <c>schema.missing_field:&lt;code&gt;</c>, <c>schema.unknown_field:&lt;code&gt;</c>,
/// <c>schema.invalid_field:&lt;code&gt;</c>.
/// </summary>
internal static class LicenceSchema
{
    /// <summary>
    /// The fields a type validates: the payload fields plus <c>holder_name</c>. The payload keeps
    /// holder id and name as their own entries, so the fields map must not repeat them.
    /// </summary>
    public static Dictionary<string, string> TypeFields(string holderName, IReadOnlyDictionary<string, string> fields)
    {
        var all = new Dictionary<string, string>(fields, StringComparer.Ordinal)
        {
            [LicenceType.HolderNameField] = holderName,
        };
        return all;
    }

    public static IEnumerable<string> Check(LicenceType type, string holderId, string holderName, IReadOnlyDictionary<string, string> fields)
    {
        if (fields.ContainsKey(LicenceType.HolderIdField) || fields.ContainsKey(LicenceType.HolderNameField))
        {
            yield return "schema.invalid_field:fields";
        }

        foreach (var error in type.Validate(holderId, TypeFields(holderName, fields)))
        {
            var definition = type.FindField(error.Field);
            if (definition is null && error.Field != LicenceType.HolderIdField)
            {
                yield return "schema.unknown_field:" + error.Field;
            }
            else if (definition is { Required: true } && !fields.ContainsKey(error.Field) && error.Field != LicenceType.HolderNameField && error.Field != LicenceType.HolderIdField)
            {
                yield return "schema.missing_field:" + error.Field;
            }
            else
            {
                yield return "schema.invalid_field:" + error.Field;
            }
        }
    }
}
