using Trust.Core.Licences;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests;

/// <summary>Issue requests the end-to-end tests send: a business licence with the catalog's example values.</summary>
internal static class TestLicences
{
    /// <summary>An issue request for a business licence (type <c>BL</c>) of <paramref name="department"/>.</summary>
    public static IssueLicenceRequest Example(string department)
    {
        var type = LicenceCatalog.Default.Get("BL");
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
}
