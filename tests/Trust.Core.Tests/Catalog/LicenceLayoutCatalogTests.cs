using Trust.Core.Licences;

namespace Trust.Core.Tests.Catalog;

/// <summary>Layout hints of licence types: read from the catalog, checked against the type's fields, a default otherwise.</summary>
public sealed class LicenceLayoutCatalogTests
{
    private static string Document(string layout) =>
        $$"""
        {"departments": [{"code": "SAMR", "name_zh": "市场监管", "name_en": "Market regulation"}],
         "types": [{"code": "TL", "version": 1, "name_zh": "测试许可证", "name_en": "Test licence", "department": "SAMR", "holder": "organisation", "validity": "P5Y",
                    "layout": {{layout}},
                    "fields": [
                      {"code": "holder_name", "label_zh": "名称", "label_en": "Name", "type": "text", "required": true, "example": "示例公司"},
                      {"code": "holder_id", "label_zh": "统一社会信用代码", "label_en": "USCC", "type": "identifier", "required": true},
                      {"code": "scope", "label_zh": "范围", "label_en": "Scope", "type": "text", "example": "软件"},
                      {"code": "issue_date", "label_zh": "发证日期", "label_en": "Date of issue", "type": "date"}]}]}
        """;

    private static TrustFormatException Rejected(string layout) => Assert.Throws<TrustFormatException>(() => LicenceCatalog.Parse(Document(layout)));

    [Fact]
    public void A_layout_with_every_hint_loads()
    {
        var catalog = LicenceCatalog.Parse(Document(
            """{"title": "许可证", "orientation": "landscape", "groups": [{"title": "主体", "fields": ["holder_id", "holder_name"]}, {"fields": ["scope"]}], "emphasis": ["holder_id"], "wide": ["scope"]}"""));

        var layout = catalog.Get("TL").Layout;

        Assert.False(layout.IsDefault);
        Assert.Equal("许可证", layout.Title);
        Assert.Equal(LicencePageOrientation.Landscape, layout.Orientation);
        Assert.Equal(["主体", null], layout.Groups.Select(g => g.Title));
        Assert.Equal(["holder_id", "holder_name"], layout.Groups[0].Fields);
        Assert.Equal(["holder_id"], layout.Emphasised);
        Assert.Equal(["scope"], layout.Wide);
    }

    [Fact]
    public void A_type_without_layout_gets_the_default()
    {
        var type = LicenceCatalog.Parse(Document("null")).Get("TL");

        Assert.Same(LicenceLayout.Default, type.Layout);
        Assert.True(type.Layout.IsDefault);
        Assert.Equal(LicencePageOrientation.Portrait, type.Layout.Orientation);
        Assert.Null(type.Layout.Title);
        Assert.Empty(type.Layout.Groups);
    }

    [Theory]
    [InlineData("""{"groups": [{"fields": ["scope", "premises"]}]}""", "types[TL v1].layout.groups[0].fields[1]", "premises")]
    [InlineData("""{"emphasis": ["registered_capital"]}""", "types[TL v1].layout.emphasis[0]", "not a field")]
    [InlineData("""{"wide": ["scope", "scope"]}""", "types[TL v1].layout.wide[1]", "twice")]
    [InlineData("""{"groups": [{"fields": ["scope"]}, {"fields": ["holder_name", "scope"]}]}""", "types[TL v1].layout.groups[1].fields[1]", "earlier group")]
    [InlineData("""{"groups": [{"title": "空", "fields": []}]}""", "types[TL v1].layout.groups[0].fields", "at least one")]
    [InlineData("""{"orientation": "sideways"}""", "types[TL v1].layout.orientation", "landscape")]
    [InlineData("""{"title": " 许可证"}""", "types[TL v1].layout.title", "white space")]
    [InlineData("""{"title": "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三"}""", "types[TL v1].layout.title", "32")]
    [InlineData("""{"columns": 2}""", "types[TL v1].layout.columns", "unknown property")]
    [InlineData("""{"groups": [{"fields": ["scope"], "colour": "red"}]}""", "types[TL v1].layout.groups[0].colour", "unknown property")]
    [InlineData("""{"emphasis": "scope"}""", "types[TL v1].layout.emphasis", "array")]
    [InlineData("\"landscape\"", "types[TL v1].layout", "object")]
    public void A_hint_that_names_no_field_of_the_type_or_is_malformed_is_rejected_naming_it(string layout, string field, string message)
    {
        var e = Rejected(layout);

        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_hint_of_the_default_catalog_names_fields_of_its_type_version()
    {
        var hinted = LicenceCatalog.Default.AllVersions.Where(t => !t.Layout.IsDefault).ToList();

        Assert.True(hinted.Count >= 20, $"{hinted.Count} type versions have layout hints");
        foreach (var type in hinted)
        {
            var named = type.Layout.Groups.SelectMany(g => g.Fields).Concat(type.Layout.Emphasised).Concat(type.Layout.Wide);
            Assert.All(named, code => Assert.True(type.FindField(code) is not null, $"{type}: {code}"));
            var grouped = type.Layout.Groups.SelectMany(g => g.Fields).ToList();
            Assert.Equal(grouped.Count, grouped.Distinct(StringComparer.Ordinal).Count());
        }
    }

    [Theory]
    [InlineData("BL", LicencePageOrientation.Landscape, "营业执照")]
    [InlineData("IBL", LicencePageOrientation.Landscape, "营业执照")]
    [InlineData("FBP", LicencePageOrientation.Portrait, null)]
    [InlineData("MC", LicencePageOrientation.Portrait, null)]
    [InlineData("DEG", LicencePageOrientation.Landscape, null)]
    public void Common_licences_carry_layout_hints(string code, LicencePageOrientation orientation, string? title)
    {
        var layout = LicenceCatalog.Default.Get(code).Layout;

        Assert.False(layout.IsDefault);
        Assert.Equal(orientation, layout.Orientation);
        Assert.Equal(title, layout.Title);
    }

    [Fact]
    public void Both_versions_of_the_business_licence_are_landscape_and_a_type_without_hints_keeps_the_default()
    {
        Assert.Equal(LicencePageOrientation.Landscape, LicenceCatalog.Default.Get("BL", 1).Layout.Orientation);
        Assert.Equal(LicencePageOrientation.Landscape, LicenceCatalog.Default.Get("BL", 2).Layout.Orientation);
        Assert.True(LicenceCatalog.Default.Get("SFW").Layout.IsDefault);
    }
}
