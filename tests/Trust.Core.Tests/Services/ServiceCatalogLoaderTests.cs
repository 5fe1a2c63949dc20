using System.Text;
using Trust.Core.Licences;
using Trust.Core.Services;

namespace Trust.Core.Tests.Services;

public sealed class ServiceCatalogLoaderTests
{
    private static readonly LicenceCatalog Licences = LicenceCatalog.Default;

    private static string Document(string form = """{"field": "applicant_name", "label_zh": "姓名", "label_en": "Name", "from": "RIC.holder_name"}""",
                                   string required = "[\"RIC\"]", string accepted = "[]", string holder = "person", string code = "PSB-900", string extra = "") =>
        $$"""
        {"items": [{"code": "{{code}}", "name_zh": "测试事项", "name_en": "Test item", "department": "PSB", "holder": "{{holder}}",
                    "required": {{required}}, "accepted": {{accepted}}, "form": [{{form}}]{{extra}} }]}
        """;

    private static TrustFormatException Rejected(string json) => Assert.Throws<TrustFormatException>(() => ServiceCatalog.Parse(json, Licences));

    [Fact]
    public void A_minimal_document_loads_from_a_string_and_from_a_stream()
    {
        var json = Document();

        Assert.Equal("PSB-900", Assert.Single(ServiceCatalog.Parse(json, Licences).Items).Code);
        Assert.Single(ServiceCatalog.Load(new MemoryStream(Encoding.UTF8.GetBytes(json)), Licences).Items);
    }

    [Fact]
    public void An_item_requiring_an_unknown_licence_type_is_rejected_naming_item_and_type()
    {
        var e = Rejected(Document(required: "[\"RIC\", \"NOPE\"]"));

        Assert.Equal("items[PSB-900].required[NOPE]", e.Field);
        Assert.Contains("unknown licence type", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_item_accepting_an_unknown_licence_type_is_rejected()
    {
        Assert.Equal("items[PSB-900].accepted[XX]", Rejected(Document(accepted: "[\"XX\"]")).Field);
    }

    [Fact]
    public void A_form_field_from_an_unknown_licence_type_is_rejected_naming_the_form_field()
    {
        var e = Rejected(Document(form: """{"field": "applicant_name", "label_zh": "姓名", "label_en": "Name", "from": "RIC.holder_name"}, {"field": "x", "label_zh": "x", "label_en": "x", "from": "ZZZ.holder_name"}"""));

        Assert.Equal("items[PSB-900].form[x].from", e.Field);
        Assert.Contains("ZZZ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_form_field_from_an_unknown_licence_field_is_rejected_naming_it()
    {
        var e = Rejected(Document(form: """{"field": "blood", "label_zh": "血型", "label_en": "Blood", "from": "RIC.blood_type"}"""));

        Assert.Equal("items[PSB-900].form[blood].from", e.Field);
        Assert.Contains("blood_type", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_form_field_from_a_type_the_item_does_not_use_is_rejected()
    {
        var e = Rejected(Document(form: """{"field": "a", "label_zh": "a", "label_en": "a", "from": "RIC.holder_name"}, {"field": "b", "label_zh": "b", "label_en": "b", "from": "MC.spouse_name"}"""));

        Assert.Equal("items[PSB-900].form[b].from", e.Field);
    }

    [Fact]
    public void A_licence_type_of_the_other_holder_kind_is_rejected()
    {
        var e = Rejected(Document(required: "[\"RIC\", \"BL\"]"));

        Assert.Equal("items[PSB-900].required[BL]", e.Field);
    }

    [Fact]
    public void A_required_type_that_fills_nothing_is_rejected()
    {
        Assert.Equal("items[PSB-900].required[HHR]", Rejected(Document(required: "[\"RIC\", \"HHR\"]")).Field);
    }

    [Fact]
    public void A_type_both_required_and_accepted_is_rejected()
    {
        Assert.Equal("items[PSB-900].accepted[RIC]", Rejected(Document(accepted: "[\"RIC\"]")).Field);
    }

    [Theory]
    [InlineData("\"transform\": \"rot13\"")]
    [InlineData("\"transform\": \"date:yyyy年\"")]
    public void Bad_transforms_are_rejected(string transform)
    {
        var e = Rejected(Document(form: $$"""{"field": "n", "label_zh": "姓名", "label_en": "Name", "from": "RIC.holder_name", {{transform}}}"""));

        Assert.Equal("items[PSB-900].form[n].transform", e.Field);
    }

    [Fact]
    public void Duplicate_item_codes_and_form_fields_are_rejected()
    {
        var one = Document();
        var item = one[(one.IndexOf('[', StringComparison.Ordinal) + 1)..one.LastIndexOf(']')];
        var f = """{"field": "n", "label_zh": "x", "label_en": "x", "from": "RIC.holder_name"}""";

        Assert.Equal("items[PSB-900]", Rejected(one.Replace("\"items\": [", "\"items\": [" + item + ",", StringComparison.Ordinal)).Field);
        Assert.Equal("items[PSB-900].form[n]", Rejected(Document(form: f + "," + f)).Field);
    }

    [Theory]
    [InlineData("psb-900", "items[0].code")]
    [InlineData("PSB900", "items[0].code")]
    [InlineData("PSB-9000", "items[0].code")]
    public void Malformed_item_codes_are_rejected(string code, string field)
    {
        Assert.Equal(field, Rejected(Document(code: code)).Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("{\"items\": {}}")]
    [InlineData("{\"items\": [{\"code\": \"PSB-001\"}]}")]
    [InlineData("{\"itemz\": []}")]
    public void Malformed_documents_are_rejected(string json)
    {
        Rejected(json);
    }

    [Fact]
    public void An_unknown_property_on_an_item_is_rejected()
    {
        Assert.Equal("items[PSB-900].requried", Rejected(Document(extra: ", \"requried\": []")).Field);
    }
}
