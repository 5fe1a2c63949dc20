using Trust.Core.Licences;
using Trust.Core.Services;

namespace Trust.Core.Tests.Services;

public sealed class ServiceCatalogDefaultTests
{
    [Fact]
    public void Default_catalog_loads_and_every_form_field_fills_from_the_example_licences()
    {
        var catalog = ServiceCatalog.Default;

        Assert.NotEmpty(catalog.Items);
        foreach (var item in catalog.Items)
        {
            foreach (var mapping in item.Form)
            {
                var type = LicenceCatalog.Default.Get(mapping.LicenceType);
                Assert.False(string.IsNullOrEmpty(mapping.ValueFrom(type.ExampleFields())), $"{item.Code} {mapping.Field}");
            }
        }
    }
}
