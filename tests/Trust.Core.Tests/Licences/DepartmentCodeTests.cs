using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Identifiers;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;

namespace Trust.Core.Tests.Licences;

/// <summary>The one department-code rule (<see cref="DepartmentCode"/>) and the PKI directory both hosts use.</summary>
public sealed class DepartmentCodeTests
{
    [Theory]
    [InlineData("SAMR", "SAMR", "SAMR/licences")]
    [InlineData("PSB-01", "PSB01", "PSB-01/licences")]
    [InlineData("CAB-03", "CAB03", "CAB-03/licences")]
    [InlineData("HC", "HC", "HC/licences")]
    public void A_canonical_code_has_one_licence_form_and_one_status_list(string code, string licenceForm, string list)
    {
        Assert.True(DepartmentCode.IsValid(code));
        Assert.Equal(licenceForm, DepartmentCode.ToLicenceForm(code));
        Assert.Equal(list, DepartmentCode.StatusListId(code));
        Assert.Equal(licenceForm, LicenceId.Create("BL", DepartmentCode.ToLicenceForm(code), 2026, 1).Department);
    }

    [Theory]
    [InlineData("")]
    [InlineData("S")]
    [InlineData("samr")]
    [InlineData("PSB-1")]
    [InlineData("PSB-001")]
    [InlineData("PSB--01")]
    [InlineData("-01")]
    [InlineData("A-01")]
    [InlineData("1SAMR")]
    [InlineData("PSB-0A")]
    [InlineData("PSB-٠١")]
    [InlineData("ＳＡＭＲ")]
    [InlineData("SAMR\u0000")]
    [InlineData("SAMR/licences")]
    [InlineData("ABCDEFGHIJKLMNOPQ")]
    [InlineData("ABCDEFGHIJKLMN-01")]
    public void Anything_else_is_refused_naming_the_department_field(string code)
    {
        Assert.False(DepartmentCode.IsValid(code));
        Assert.Equal("department", Assert.Throws<TrustFormatException>(() => DepartmentCode.ToLicenceForm(code)).Field);
        Assert.Equal("department", Assert.Throws<TrustFormatException>(() => DepartmentCode.StatusListId(code)).Field);
        Assert.Null(DepartmentCode.KindOf(code));
    }

    [Property(MaxTest = 500)]
    public bool Any_string_is_either_refused_or_maps_to_a_valid_licence_id_segment(string? text)
    {
        if (!DepartmentCode.IsValid(text))
        {
            return text is null || Throws(() => DepartmentCode.ToLicenceForm(text));
        }

        var form = DepartmentCode.ToLicenceForm(text);
        return !form.Contains('-', StringComparison.Ordinal) && LicenceId.Create("BL", form, 2026, 7).Department == form
            && DepartmentCode.StatusListId(text) == text + "/licences";
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Generators)])]
    public bool Generated_codes_round_trip_through_the_directory(CodeSet codes)
    {
        var directory = new IssuingDepartmentDirectory(codes.Codes.Select(Department));
        return codes.Codes.All(c => DepartmentCode.IsValid(c)
            && directory.CanonicalOf(DepartmentCode.ToLicenceForm(c)) == c
            && directory.Find(c)?.Code == c);
    }

    [Fact]
    public void Every_department_of_the_development_pki_is_a_valid_code_with_a_distinct_licence_form_and_a_kind_shared_by_its_districts()
    {
        var codes = MunicipalDepartments.All.Select(d => d.Code).ToList();
        Assert.Equal(86, codes.Count);
        Assert.All(codes, c => Assert.True(DepartmentCode.IsValid(c), c));
        Assert.Equal(codes.Count, codes.Select(DepartmentCode.ToLicenceForm).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(43, codes.Count(DepartmentCode.IsDistrict));
        foreach (var district in codes.Where(DepartmentCode.IsDistrict))
        {
            Assert.Equal(DepartmentCode.KindOf(district[..district.IndexOf('-', StringComparison.Ordinal)]), DepartmentCode.KindOf(district));
        }

        Assert.Equal("MCA", DepartmentCode.KindOf("CAB-03"));
        Assert.Null(DepartmentCode.KindOf("STAT"));
        _ = new IssuingDepartmentDirectory(codes.Select(Department)); // no licence-form collisions
    }

    [Fact]
    public void Choose_prefers_a_city_department_of_the_kind_then_a_district_then_the_approval_bureau()
    {
        var marriage = LicenceCatalog.Default.Get("MC"); // kind MCA
        Assert.Equal("CAB", Directory("PSB", "CAB-03", "CAB").Choose(marriage, null, out var w1).Code);
        Assert.Null(w1);
        Assert.Equal("CAB-03", Directory("PSB", "CAB-03").Choose(marriage, null, out var w2).Code);
        Assert.Null(w2);
        Assert.Equal("AAB", Directory("PSB", "AAB").Choose(marriage, null, out var w3).Code);
        Assert.Contains("AAB", w3, StringComparison.Ordinal);
        Assert.Equal("department", Assert.Throws<TrustFormatException>(() => Directory("PSB").Choose(marriage, null, out _)).Field);

        Assert.Equal("PSB", Directory("PSB", "CAB").Choose(marriage, "PSB", out var w4).Code);
        Assert.Contains("MCA", w4, StringComparison.Ordinal);
        Assert.Equal("department", Assert.Throws<TrustFormatException>(() => Directory("CAB").Choose(marriage, "CAB03", out _)).Field);
        Assert.Equal("department", Assert.Throws<TrustFormatException>(() => Directory("CAB").Choose(marriage, "NOPE", out _)).Field);
    }

    [Fact]
    public void The_directory_maps_licence_forms_back_and_refuses_duplicates()
    {
        var directory = Directory("CAB-03", "SAMR");
        Assert.Equal("CAB-03", directory.CanonicalOf("CAB03"));
        Assert.Equal("SAMR", directory.CanonicalOf("SAMR"));
        Assert.Null(directory.CanonicalOf("CAB-03"));
        Assert.Null(directory.CanonicalOf(null));
        Assert.Null(directory.Find("CAB03"));

        Assert.Equal("department", Assert.Throws<TrustFormatException>(() => Directory("SAMR", "SAMR")).Field);
        Assert.Equal("department", Assert.Throws<TrustFormatException>(() => Directory("CAB-03", "CAB03")).Field);

        // A manifest code that is not a department code stays findable but has no licence form.
        var odd = Directory("x-y");
        Assert.NotNull(odd.Find("x-y"));
        Assert.Null(odd.CanonicalOf("xy"));
    }

    private static IssuingDepartmentDirectory Directory(params string[] codes) => new(codes.Select(Department));

    private static PkiDepartment Department(string code) => new(code, "部门", "Department", "SM2", "c.pem", "k.pem", "sm2-issuing", "l.pem", "lk.pem", "SM2");

    private static bool Throws(Action action)
    {
        try
        {
            action();
            return false;
        }
        catch (TrustFormatException ex)
        {
            return ex.Field == "department";
        }
    }

    public sealed record CodeSet(IReadOnlyList<string> Codes);

    public static class Generators
    {
        private const string Letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        private const string Alphanumeric = "0123456789" + Letters;

        private static Gen<string> City =>
            from length in Gen.Choose(2, 8)
            from first in Gen.Elements(Letters.ToCharArray())
            from rest in Gen.ArrayOf(Gen.Elements(Alphanumeric.ToCharArray()), length - 1)
            select first + new string(rest);

        private static Gen<string> Code =>
            from city in City
            from district in Gen.Choose(-1, 99)
            select district < 0 ? city : $"{city}-{district:D2}";

        public static Arbitrary<CodeSet> CodeSets() =>
            Gen.ListOf(Code).Select(codes =>
            {
                // Keep one code per licence form (CAB-03 and CAB03 cannot both exist).
                var seen = new HashSet<string>(StringComparer.Ordinal);
                return new CodeSet([.. codes.Where(c => seen.Add(DepartmentCode.ToLicenceForm(c)))]);
            }).ToArbitrary();
    }
}
