using FsCheck;
using FsCheck.Xunit;
using Trust.Core.Licences;

namespace Trust.Core.Tests.Catalog;

public sealed class LicenceTypeValidationTests
{
    private static readonly LicenceType BusinessLicence = LicenceCatalog.Default.Get("BL");
    private static readonly LicenceType FoodPermit = LicenceCatalog.Default.Get("FBP");
    private static readonly LicenceType Marriage = LicenceCatalog.Default.Get("MC");

    private static Dictionary<string, string> ExamplesOf(LicenceType type) => new(type.ExampleFields());

    private static string OnlyErrorField(LicenceType type, Dictionary<string, string> fields, string? holder = null)
    {
        var errors = type.Validate(holder ?? type.ExampleHolderId, fields);
        Assert.Single(errors);
        return errors[0].Field;
    }

    [Fact]
    public void A_missing_required_field_is_reported_by_its_code()
    {
        var fields = ExamplesOf(BusinessLicence);
        fields.Remove("legal_representative");

        Assert.Equal("legal_representative", OnlyErrorField(BusinessLicence, fields));
    }

    [Fact]
    public void Optional_fields_may_be_left_out_and_holder_id_is_taken_from_the_holder()
    {
        var fields = ExamplesOf(BusinessLicence);
        fields.Remove("term_until");
        fields.Remove("legal_representative_id");
        fields.Remove(LicenceType.HolderIdField);

        Assert.Empty(BusinessLicence.Validate(BusinessLicence.ExampleHolderId, fields));
    }

    [Fact]
    public void An_unknown_field_is_reported_by_its_code()
    {
        var fields = ExamplesOf(BusinessLicence);
        fields["favourite_colour"] = "blue";

        Assert.Equal("favourite_colour", OnlyErrorField(BusinessLicence, fields));
    }

    [Fact]
    public void An_unknown_field_with_a_hostile_name_is_reported_without_echoing_it()
    {
        var fields = ExamplesOf(BusinessLicence);
        fields["\u0000<script>" + new string('x', 500)] = "v";

        Assert.Equal("fields", OnlyErrorField(BusinessLicence, fields));
    }

    [Theory]
    [InlineData("establishment_date", "2024-02-30")]
    [InlineData("establishment_date", "2024/03/01")]
    [InlineData("establishment_date", "20240301")]
    [InlineData("registered_capital", "1e5")]
    [InlineData("registered_capital", "五百")]
    [InlineData("registered_capital", "1.")]
    [InlineData("registered_capital", "-")]
    [InlineData("legal_representative_id", "330106199003071237")]
    [InlineData("legal_representative_id", "91350100M000100Y43")]
    [InlineData("legal_representative", "李\u0007娜")]
    [InlineData("legal_representative", " 李娜")]
    public void A_malformed_value_is_reported_by_its_field(string field, string value)
    {
        var fields = ExamplesOf(BusinessLicence);
        fields[field] = value;

        Assert.Equal(field, OnlyErrorField(BusinessLicence, fields));
    }

    [Fact]
    public void Enum_pattern_and_length_rules_are_enforced()
    {
        var fields = ExamplesOf(FoodPermit);
        fields["entity_form"] = "食品杂货";
        fields["certificate_no"] = "JY1330106001234";
        fields["business_items"] = new string('食', 2001);

        var errors = FoodPermit.Validate(FoodPermit.ExampleHolderId, fields);

        Assert.Equal(["business_items", "certificate_no", "entity_form"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.DoesNotContain("JY1330106001234", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_holder_must_be_of_the_types_holder_kind()
    {
        var fields = ExamplesOf(Marriage);
        fields.Remove(LicenceType.HolderIdField);

        Assert.Equal("holder_id", OnlyErrorField(Marriage, fields, "91350100M000100Y43"));
        Assert.Equal("holder_id", OnlyErrorField(BusinessLicence, ExamplesOf(BusinessLicence).Where(kv => kv.Key != "holder_id").ToDictionary(), "330106199003071236"));
    }

    [Fact]
    public void A_holder_id_field_that_differs_from_the_holder_is_refused()
    {
        var fields = ExamplesOf(Marriage);

        Assert.Equal("holder_id", OnlyErrorField(Marriage, fields, "330106198511120028"));
    }

    [Fact]
    public void Too_many_fields_are_refused_as_a_whole()
    {
        var fields = Enumerable.Range(0, 100).ToDictionary(i => $"f{i}", _ => "x");

        var errors = BusinessLicence.Validate(BusinessLicence.ExampleHolderId, fields);

        Assert.Contains(errors, e => e.Field == "fields");
    }

    [Fact]
    public void EnsureValid_throws_naming_the_first_field()
    {
        var fields = ExamplesOf(BusinessLicence);
        fields["establishment_date"] = "yesterday";

        var e = Assert.Throws<TrustFormatException>(() => BusinessLicence.EnsureValid(BusinessLicence.ExampleHolderId, fields));

        Assert.Equal("establishment_date", e.Field);
        BusinessLicence.EnsureValid(BusinessLicence.ExampleHolderId, ExamplesOf(BusinessLicence));
    }

    [Fact]
    public void Null_inputs_are_reported_not_thrown()
    {
        var errors = BusinessLicence.Validate(null, null);

        Assert.Contains(errors, e => e.Field == "holder_id");
        Assert.Contains(errors, e => e.Field == "holder_name");
    }

    [Property(MaxTest = 300)]
    public bool Arbitrary_field_sets_never_throw(Dictionary<NonNull<string>, NonNull<string>> input, string? holder)
    {
        var fields = input.ToDictionary(kv => kv.Key.Get, kv => kv.Value.Get);
        foreach (var type in new[] { BusinessLicence, FoodPermit, Marriage })
        {
            _ = type.Validate(holder, fields);
        }

        return true;
    }

    [Property(MaxTest = 200)]
    public bool Arbitrary_values_of_known_fields_never_throw_and_errors_name_known_fields(NonNull<string> value, PositiveInt pick)
    {
        var type = FoodPermit;
        var field = type.Fields[pick.Get % type.Fields.Count];
        var fields = ExamplesOf(type);
        fields[field.Code] = value.Get;
        var errors = type.Validate(type.ExampleHolderId, fields);
        return errors.All(e => type.FindField(e.Field) is not null);
    }

    [Fact]
    public void Huge_and_unusual_unicode_values_are_field_errors()
    {
        var fields = ExamplesOf(BusinessLicence);
        fields["address"] = new string('路', 10_000_000);
        fields["legal_representative"] = "\uD800李";
        fields["business_scope"] = "经营\u2028范围";

        var errors = BusinessLicence.Validate(BusinessLicence.ExampleHolderId, fields);

        Assert.Equal(["address", "business_scope", "legal_representative"], errors.Select(e => e.Field).Order(StringComparer.Ordinal));
    }

    [Property(MaxTest = 200)]
    public bool EnsureValid_only_ever_throws_the_format_exception(Dictionary<NonNull<string>, NonNull<string>> input, string? holder)
    {
        try
        {
            Marriage.EnsureValid(holder, input.ToDictionary(kv => kv.Key.Get, kv => kv.Value.Get));
            return false; // random input never satisfies the marriage certificate's required fields
        }
        catch (TrustFormatException e)
        {
            return e.Field.Length > 0;
        }
    }

    [Theory]
    [InlineData("李\u202E娜", false)] // right-to-left override: the printed name would differ from its text
    [InlineData("李\u200B娜", false)] // zero-width space
    [InlineData("李\u0085娜", false)]
    [InlineData("李\u2029娜", false)]
    [InlineData("\uD842\uDFB7田", true)] // U+20BB7, a real surname character outside the BMP
    [InlineData("李\uE000", true)] // private use: legacy encodings of rare name characters
    [InlineData("O'Brien-Smith", true)]
    public void Invisible_and_ill_formed_characters_are_refused_but_rare_characters_are_not(string name, bool accepted)
    {
        var fields = ExamplesOf(BusinessLicence);
        fields["legal_representative"] = name;

        var errors = BusinessLicence.Validate(BusinessLicence.ExampleHolderId, fields);

        Assert.Equal(accepted, errors.Count == 0);
    }
}
