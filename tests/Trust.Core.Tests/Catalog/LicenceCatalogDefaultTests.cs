using Trust.Core.Licences;

namespace Trust.Core.Tests.Catalog;

public sealed class LicenceCatalogDefaultTests
{
    [Fact]
    public void Default_catalog_loads_and_every_type_accepts_its_own_examples()
    {
        var catalog = LicenceCatalog.Default;

        Assert.NotEmpty(catalog.Types);
        foreach (var type in catalog.AllVersions)
        {
            var errors = type.Validate(type.ExampleHolderId, type.ExampleFields());
            Assert.True(errors.Count == 0, $"{type}: {string.Join("; ", errors)}");
        }
    }
}
