using Trust.Core.Licences;

namespace Trust.LoadGen.Mixed;

/// <summary>The holder and fields of one licence to issue.</summary>
/// <param name="HolderId">Resident ID number or unified social credit code, of the type's holder kind.</param>
/// <param name="HolderName">The holder's name.</param>
/// <param name="Fields">Every field to send (holder_id and holder_name included, equal to the two above).</param>
internal sealed record GeneratedLicence(string HolderId, string HolderName, IReadOnlyDictionary<string, string> Fields);

/// <summary>
/// Fields for a licence type from its schema, different from licence to licence: the holder (a generated identifier of the
/// type's holder kind and a name from a list), every enumeration drawn from its allowed values, identifier fields generated
/// for their kind, and about a third of the optional fields left out (so licences of one type differ in size too). Values the
/// schema constrains further (dates, numbers, patterned text) keep the catalogue's example, which the catalogue's own tests
/// check against the schema. The result is checked with <see cref="LicenceType.Validate"/> before it is returned.
/// </summary>
internal static class LicenceFieldGenerator
{
    private static readonly string[] PersonNames = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞", "徐明", "孙丽", "胡军", "朱琳", "高峰", "林涛"];
    private static readonly string[] OrganisationNames = ["杭州市西湖区示例科技有限公司", "杭州示例贸易有限公司", "浙江示例建设集团有限公司", "杭州市示例餐饮管理有限公司", "杭州示例物流有限公司", "浙江示例医药有限公司"];

    /// <summary>Fields for licence number <paramref name="serial"/> of <paramref name="type"/>; <paramref name="holderId"/> overrides the generated holder.</summary>
    /// <exception cref="InvalidOperationException">The generated fields do not pass the type's validation (a generator bug: names the field).</exception>
    public static GeneratedLicence Generate(LicenceType type, long serial, Random random, string? holderId = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(random);
        holderId ??= HolderIds.For(type.HolderKind, serial);
        var names = type.HolderKind == HolderKind.Organisation ? OrganisationNames : PersonNames;
        var holderName = names[(int)(Math.Abs(serial) % names.Length)];
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in type.Fields)
        {
            if (field.Code == LicenceType.HolderIdField)
            {
                fields[field.Code] = holderId;
                continue;
            }

            if (field.Code == LicenceType.HolderNameField)
            {
                fields[field.Code] = Fit(holderName, field);
                continue;
            }

            if (!field.Required && random.Next(3) == 0)
            {
                continue;
            }

            fields[field.Code] = field.Type switch
            {
                FieldType.Enum when field.Values.Count > 0 => field.Values[random.Next(field.Values.Count)],
                FieldType.Identifier => HolderIds.For(field.IdentifierKind ?? HolderKind.Person, serial + 7_919 + random.Next(1_000)),
                _ => field.Example,
            };
        }

        var errors = type.Validate(holderId, fields);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"generated fields for {type.Code} fail its schema: {errors[0].Field}: {errors[0].Message}");
        }

        return new GeneratedLicence(holderId, fields.GetValueOrDefault(LicenceType.HolderNameField, holderName), fields);
    }

    /// <summary>The name, or the field's example when the name does not fit the field's rules.</summary>
    private static string Fit(string name, LicenceFieldDefinition field) =>
        name.Length <= field.MaxLength && field.Pattern is null ? name : field.Example;
}
