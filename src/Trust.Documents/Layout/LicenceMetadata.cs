using System.Globalization;
using Trust.Core.Licences;

namespace Trust.Documents.Layout;

/// <summary>The licence metadata both formats carry (PDF: XMP; OFD: DocInfo CustomDatas), as name/value pairs.</summary>
internal static class LicenceMetadata
{
    public static IReadOnlyList<(string Name, string Value)> From(LicencePayload payload, LicenceType type)
    {
        var list = new List<(string, string)>
        {
            ("LicenceId", payload.Id),
            ("LicenceType", payload.TypeCode),
            ("LicenceTypeName", type.NameZh),
            ("HolderId", payload.HolderId),
            ("HolderName", payload.HolderName),
            ("IssuingDepartment", payload.IssuerDepartment),
            ("IssuedAt", Iso(payload.IssuedAt)),
            ("ValidFrom", Iso(payload.ValidFrom)),
        };
        if (payload.ValidUntil is { } until)
        {
            list.Add(("ValidUntil", Iso(until)));
        }

        return list;
    }

    public static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
