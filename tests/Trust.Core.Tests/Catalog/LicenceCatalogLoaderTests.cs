using System.Text;
using Trust.Core.Licences;

namespace Trust.Core.Tests.Catalog;

public sealed class LicenceCatalogLoaderTests
{
    private const string HolderFields =
        """
        {"code": "holder_name", "label_zh": "名称", "label_en": "Name", "type": "text", "required": true, "example": "示例公司"},
        {"code": "holder_id", "label_zh": "统一社会信用代码", "label_en": "USCC", "type": "identifier", "required": true}
        """;

    private static string Document(string fields = "", string type = "\"code\": \"TL\", \"version\": 1", string extra = "", string departments = "[{\"code\": \"SAMR\", \"name_zh\": \"市场监管\", \"name_en\": \"Market regulation\"}]") =>
        $$"""
        {"departments": {{departments}},
         "types": [{ {{type}}, "name_zh": "测试许可证", "name_en": "Test licence", "department": "SAMR", "holder": "organisation", "validity": "P5Y",
                     "fields": [{{HolderFields}}{{(fields.Length > 0 ? "," + fields : "")}}]{{extra}} }]}
        """;

    private static TrustFormatException Rejected(string json) => Assert.Throws<TrustFormatException>(() => LicenceCatalog.Parse(json));

    [Fact]
    public void A_minimal_document_loads_from_a_string_and_from_a_stream()
    {
        var json = Document("""{"code": "scope", "label_zh": "范围", "label_en": "Scope", "type": "text", "example": "软件"}""");

        var fromString = LicenceCatalog.Parse(json);
        var fromStream = LicenceCatalog.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json)));

        Assert.Equal("TL", Assert.Single(fromString.Types).Code);
        Assert.Equal(3, fromStream.Get("TL").Fields.Count);
        Assert.Equal(HolderKind.Organisation, fromStream.Get("TL").FindField("holder_id")!.IdentifierKind);
    }

    [Fact]
    public void An_unknown_field_type_is_rejected_naming_type_and_field()
    {
        var e = Rejected(Document("""{"code": "opened", "label_zh": "开业", "label_en": "Opened", "type": "datetime"}"""));

        Assert.Equal("types[TL v1].fields[opened].type", e.Field);
        Assert.Contains("datetime", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_type_code_and_version_is_rejected()
    {
        var one = Document();
        var json = one.Replace("\"types\": [{", "\"types\": [" + ExtractType(one) + ", {", StringComparison.Ordinal);

        var e = Rejected(json);

        Assert.Equal("types[TL v1]", e.Field);
        Assert.Contains("duplicate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Versions_of_one_code_load_and_must_not_leave_gaps()
    {
        var one = Document();
        var v2 = ExtractType(one).Replace("\"version\": 1", "\"version\": 2", StringComparison.Ordinal);
        var v3 = ExtractType(one).Replace("\"version\": 1", "\"version\": 3", StringComparison.Ordinal);

        var catalog = LicenceCatalog.Parse(one.Replace("\"types\": [{", "\"types\": [" + v2 + ", {", StringComparison.Ordinal));
        var gap = Rejected(one.Replace("\"types\": [{", "\"types\": [" + v3 + ", {", StringComparison.Ordinal));

        Assert.Equal(2, catalog.Get("TL").Version);
        Assert.Equal(2, catalog.AllVersions.Count);
        Assert.Equal("types[TL]", gap.Field);
    }

    [Fact]
    public void A_duplicate_field_code_is_rejected()
    {
        var e = Rejected(Document("""{"code": "holder_name", "label_zh": "x", "label_en": "x", "type": "text", "example": "x"}"""));

        Assert.Equal("types[TL v1].fields[holder_name]", e.Field);
    }

    [Fact]
    public void A_pattern_that_does_not_compile_is_rejected_naming_the_field()
    {
        var e = Rejected(Document("""{"code": "no", "label_zh": "编号", "label_en": "No", "type": "text", "pattern": "([A-Z", "example": "A"}"""));

        Assert.Equal("types[TL v1].fields[no].pattern", e.Field);
    }

    [Fact]
    public void An_example_that_fails_its_own_pattern_is_rejected()
    {
        var e = Rejected(Document("""{"code": "no", "label_zh": "编号", "label_en": "No", "type": "text", "pattern": "[0-9]{4}", "example": "12a4"}"""));

        Assert.Equal("types[TL v1].fields[no].example", e.Field);
    }

    [Fact]
    public void An_enum_without_values_is_rejected()
    {
        var e = Rejected(Document("""{"code": "kind", "label_zh": "类别", "label_en": "Kind", "type": "enum"}"""));

        Assert.Equal("types[TL v1].fields[kind].values", e.Field);
    }

    [Fact]
    public void Values_on_a_non_enum_field_are_rejected()
    {
        var e = Rejected(Document("""{"code": "kind", "label_zh": "类别", "label_en": "Kind", "type": "text", "values": ["a"], "example": "a"}"""));

        Assert.Equal("types[TL v1].fields[kind].values", e.Field);
    }

    [Fact]
    public void A_type_without_the_holder_fields_is_rejected()
    {
        var json = Document().Replace(HolderFields, """{"code": "holder_name", "label_zh": "名称", "label_en": "Name", "type": "text", "required": true, "example": "x"}""", StringComparison.Ordinal);

        var e = Rejected(json);

        Assert.Equal("types[TL v1].fields[holder_id]", e.Field);
    }

    [Fact]
    public void A_holder_id_of_the_other_kind_is_rejected()
    {
        var json = Document().Replace("\"type\": \"identifier\", \"required\": true}", "\"type\": \"identifier\", \"required\": true, \"identifier\": \"person\"}", StringComparison.Ordinal);

        var e = Rejected(json);

        Assert.Equal("types[TL v1].fields[holder_id].identifier", e.Field);
    }

    [Theory]
    [InlineData("\"code\": \"tl\", \"version\": 1", "types[0].code")]
    [InlineData("\"code\": \"TOOLONG7\", \"version\": 1", "types[0].code")]
    [InlineData("\"code\": \"TL\", \"version\": 0", "types[TL v0].version")]
    [InlineData("\"code\": \"TL\", \"version\": \"1\"", "types[0].version")]
    public void Malformed_codes_and_versions_are_rejected(string type, string field)
    {
        Assert.Equal(field, Rejected(Document(type: type)).Field);
    }

    [Fact]
    public void An_unknown_department_kind_is_rejected()
    {
        var e = Rejected(Document(departments: "[{\"code\": \"MCA\", \"name_zh\": \"民政\", \"name_en\": \"Civil affairs\"}]"));

        Assert.Equal("types[TL v1].department", e.Field);
    }

    [Fact]
    public void A_misspelt_property_is_rejected_rather_than_ignored()
    {
        var e = Rejected(Document(extra: ", \"validty\": \"P1Y\""));

        Assert.Equal("types[TL v1].validty", e.Field);
    }

    [Fact]
    public void A_duplicate_json_property_is_rejected()
    {
        var e = Rejected(Document(extra: ", \"holder\": \"person\""));

        Assert.Equal("types[0]", e.Field);
        Assert.Contains("duplicate property 'holder'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_validity_is_rejected()
    {
        Assert.Equal("types[TL v1].validity", Rejected(Document().Replace("\"P5Y\"", "\"5 years\"", StringComparison.Ordinal)).Field);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"types\": 5}")]
    [InlineData("{\"types\": [1]}")]
    [InlineData("{\"types\": [{}]}")]
    [InlineData("{\"types\": [], } ")]
    [InlineData("{\"a\": 1} // comment")]
    public void Malformed_documents_are_rejected_with_the_format_exception(string json)
    {
        Rejected(json);
    }

    [Fact]
    public void Deep_nesting_and_oversized_documents_are_rejected()
    {
        Rejected(new string('[', 10_000) + new string(']', 10_000));
        var huge = new MemoryStream(new byte[9 * 1024 * 1024]);
        Assert.Contains("larger than", Assert.Throws<TrustFormatException>(() => LicenceCatalog.Load(huge)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pattern_the_linear_time_engine_cannot_run_is_rejected_at_load()
    {
        // Backreferences and lookarounds need backtracking: refused rather than run with a timeout.
        var e = Rejected(Document("""{"code": "no", "label_zh": "编号", "label_en": "No", "type": "text", "pattern": "(a)\\1", "example": "aa"}"""));
        Assert.Equal("types[TL v1].fields[no].pattern", e.Field);
    }

    [Fact]
    public void A_catastrophic_pattern_runs_in_linear_time_into_a_field_error_instead_of_hanging()
    {
        var catalog = LicenceCatalog.Parse(Document("""{"code": "no", "label_zh": "编号", "label_en": "No", "type": "text", "pattern": "(a+)+b", "example": "aab", "max_length": 4096}"""));
        var type = catalog.Get("TL");
        var fields = new Dictionary<string, string>(type.ExampleFields()) { ["no"] = new string('a', 4000) + "!" };

        var errors = type.Validate(type.ExampleHolderId, fields);

        Assert.Equal("no", Assert.Single(errors).Field);
    }

    private static string ExtractType(string document)
    {
        var start = document.IndexOf("\"types\": [", StringComparison.Ordinal) + "\"types\": [".Length;
        var end = document.LastIndexOf(']');
        return document[start..end];
    }
}
