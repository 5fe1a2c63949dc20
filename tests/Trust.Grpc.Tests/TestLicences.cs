using Trust.Core.Licences;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests;

/// <summary>
/// Issue requests the end-to-end tests send, with the catalog's example values: a business licence for a market-regulation
/// department, else the first licence type of the department's kind (a department may issue only its own kinds' types).
/// </summary>
internal static class TestLicences
{
    /// <summary>An issue request of <paramref name="department"/> (type <c>BL</c> for <c>SAMR</c>).</summary>
    public static IssueLicenceRequest Example(string department)
    {
        var type = TypeFor(department);
        var fields = type.ExampleFields();
        var request = new IssueLicenceRequest
        {
            Department = department,
            TypeCode = type.Code,
            HolderId = type.ExampleHolderId,
            HolderName = fields[LicenceType.HolderNameField],
        };
        foreach (var (code, value) in fields)
        {
            request.Fields.Add(code, value);
        }

        return request;
    }

    /// <summary>The licence type the tests issue for <paramref name="department"/>.</summary>
    public static LicenceType TypeFor(string department)
    {
        var kind = department.Split('-')[0];
        return kind is "SAMR" or "" ? LicenceCatalog.Default.Get("BL") : LicenceCatalog.Default.Types.First(t => t.DepartmentKind == kind);
    }
}
