using Trust.Core.Licences;
using Trust.Core.Services;

namespace Trust.Core.Tests.Services;

public sealed class ServiceCatalogDefaultTests
{
    private static readonly ServiceCatalog Catalog = ServiceCatalog.Default;

    [Fact]
    public void Default_catalog_has_at_least_200_items_for_persons_and_organisations()
    {
        Assert.True(Catalog.Items.Count >= 200, $"only {Catalog.Items.Count} items");
        Assert.True(Catalog.Items.Count(i => i.HolderKind == HolderKind.Person) >= 80);
        Assert.True(Catalog.Items.Count(i => i.HolderKind == HolderKind.Organisation) >= 80);
        Assert.Same(LicenceCatalog.Default, Catalog.Licences);
    }

    [Fact]
    public void Every_item_names_existing_licence_types_of_its_holder_kind()
    {
        foreach (var item in Catalog.Items)
        {
            Assert.Matches("^[A-Z][A-Z0-9]{1,7}-[0-9]{3}$", item.Code);
            Assert.NotEmpty(item.RequiredLicenceTypes);
            foreach (var code in item.LicenceTypes)
            {
                Assert.Equal(item.HolderKind, LicenceCatalog.Default.Get(code).HolderKind);
            }
        }
    }

    [Fact]
    public void Every_form_field_is_filled_from_example_licences_of_the_item()
    {
        foreach (var item in Catalog.Items)
        {
            var filled = new Dictionary<string, string>();
            foreach (var code in item.LicenceTypes)
            {
                foreach (var (field, value) in item.FillFrom(code, LicenceCatalog.Default.Get(code).ExampleFields()))
                {
                    filled.Add(field, value);
                }
            }

            Assert.Equal(item.Form.Select(f => f.Field).Order(), filled.Keys.Order());
            Assert.All(item.Form, f => Assert.True(item.Uses(f.LicenceType)));
        }
    }

    [Fact]
    public void Forms_never_take_values_from_a_type_the_item_does_not_use()
    {
        var item = Catalog.Get("PSB-001");

        Assert.Empty(item.FillFrom("BL", LicenceCatalog.Default.Get("BL").ExampleFields()));
        Assert.Empty(item.FormFieldsFrom("BL"));
        Assert.NotEmpty(item.FormFieldsFrom("RIC"));
    }

    [Fact]
    public void Transforms_apply_when_filling()
    {
        var item = Catalog.Get("PSB-001");
        var ric = LicenceCatalog.Default.Get("RIC").ExampleFields();

        var values = item.FillFrom("RIC", ric);

        Assert.Equal("1990年03月07日", values["ric_birth_date"]);
        Assert.Equal(ric["holder_id"], values["applicant_id"]);
    }

    [Theory]
    [InlineData("PSB-001", "PSB-001")]
    [InlineData("psb-001", "PSB-001")]
    [InlineData("结婚登记", "MCA-001")]
    [InlineData("Marriage registration", "MCA-001")]
    [InlineData("marriage REGISTRATION", "MCA-001")]
    public void Search_finds_items_by_code_chinese_or_english_name(string query, string expectedFirst)
    {
        Assert.Equal(expectedFirst, Catalog.Search(query)[0].Code);
    }

    [Fact]
    public void Search_lists_exact_code_first_then_prefixes_then_names_without_repeats()
    {
        var byPrefix = Catalog.Search("SAMR-0", limit: 1000);
        var byName = Catalog.Search("许可", limit: 1000);

        Assert.True(byPrefix.Count >= 20);
        Assert.All(byPrefix, i => Assert.StartsWith("SAMR-0", i.Code, StringComparison.Ordinal));
        Assert.All(byName, i => Assert.Contains("许可", i.NameZh, StringComparison.Ordinal));
        Assert.Equal(byName.Count, byName.Distinct().Count());
        Assert.Equal(10, Catalog.Search("", limit: 10).Count);
        Assert.Empty(Catalog.Search(new string('x', 65)));
        Assert.Empty(Catalog.Search("\u0000\uFFFF"));
    }

    [Fact]
    public void Lookup_by_code()
    {
        Assert.Equal("户口迁移", Catalog.Get("PSB-001").NameZh);
        Assert.Null(Catalog.Find("PSB-999"));
        Assert.False(Catalog.TryGet(null, out _));
        Assert.Equal("service", Assert.Throws<TrustFormatException>(() => Catalog.Get("nope")).Field);
    }

    [Theory]
    [InlineData("MCA-001", "内地居民结婚登记")]
    [InlineData("SAMR-001", "企业设立登记")]
    [InlineData("SAMR-008", "食品经营许可延续")]
    [InlineData("MNR-001", "不动产转移登记（存量房买卖）")]
    [InlineData("MOHRSS-004", "职工基本养老保险退休待遇申领")]
    [InlineData("HPF-001", "住房公积金提取（购房）")]
    [InlineData("MOE-001", "义务教育小学入学报名")]
    [InlineData("MOT-005", "出租汽车驾驶员从业资格注册")]
    public void Well_known_items_are_in_the_catalog(string code, string nameZh)
    {
        Assert.Equal(nameZh, Catalog.Get(code).NameZh);
    }

    [Fact]
    public void Items_using_a_licence_type_are_listed()
    {
        var usingMarriage = Catalog.ItemsUsing("MC");

        Assert.Contains(usingMarriage, i => i.Code == "MCA-002");
        Assert.All(usingMarriage, i => Assert.True(i.Uses("MC")));
        Assert.True(Catalog.ItemsUsing("BL").Count >= 50);
        Assert.Empty(Catalog.ItemsUsing("NOPE"));
        Assert.Empty(Catalog.ItemsUsing(null));
    }

    [Fact]
    public void Every_licence_type_is_used_by_at_least_one_service_item()
    {
        var unused = LicenceCatalog.Default.Types.Where(t => Catalog.ItemsUsing(t.Code).Count == 0).Select(t => t.Code).ToList();

        Assert.True(unused.Count == 0, "unused: " + string.Join(", ", unused));
    }
}
