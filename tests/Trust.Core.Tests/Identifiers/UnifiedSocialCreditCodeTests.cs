using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Identifiers;

namespace Trust.Core.Tests.Identifiers;

public sealed class UnifiedSocialCreditCodeTests
{
    // Published codes of real organisations (business licences shown on their public registration pages).
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000802100433B")]
    [InlineData("91440300708461136T")]
    public void Published_codes_are_valid(string code)
    {
        Assert.Equal(UsccError.None, UnifiedSocialCreditCode.Validate(code));
    }

    // Hand computation for 91350100M000100Y4 (values 9 1 3 5 0 1 0 0 21 0 0 0 1 0 0 30 4, weights 3^i mod 31
    // 1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28): sum = 9+3+27+135+0+26+0+0+420+0+0+0+8+0+0+900+112 = 1640,
    // 1640 mod 31 = 28, 31 - 28 = 3 -> check character '3'.
    [Fact]
    public void Check_character_matches_the_hand_computation()
    {
        Assert.Equal('3', UnifiedSocialCreditCode.ComputeCheckCharacter("91350100M000100Y4"));
        Assert.Equal('D', UnifiedSocialCreditCode.ComputeCheckCharacter("91330106MA2B3C4D5"));
    }

    [Fact]
    public void Parts_are_exposed()
    {
        var code = UnifiedSocialCreditCode.Parse("91350100M000100Y43");

        Assert.Equal('9', code.RegistrationDepartment);
        Assert.Equal('1', code.OrganisationType);
        Assert.Equal("350100", code.AdministrativeDivisionCode);
        Assert.Equal("M000100Y4", code.OrganisationCode);
    }

    [Theory]
    [InlineData(null, UsccError.Length)]
    [InlineData("91350100M000100Y4", UsccError.Length)]
    [InlineData("91350100M000100I43", UsccError.Characters)]
    [InlineData("91350100m000100Y43", UsccError.Characters)]
    [InlineData("91350100M000100O43", UsccError.Characters)]
    [InlineData("B1350100M000100Y43", UsccError.RegistrationDepartment)]
    [InlineData("94350100M000100Y43", UsccError.OrganisationType)]
    [InlineData("913501A0M000100Y43", UsccError.AdministrativeDivision)]
    [InlineData("91990100M000100Y43", UsccError.AdministrativeDivision)]
    [InlineData("91350100M000100Y44", UsccError.CheckCharacter)]
    public void Each_kind_of_error_is_reported(string? code, UsccError expected)
    {
        Assert.Equal(expected, UnifiedSocialCreditCode.Validate(code));
        var e = Assert.Throws<TrustFormatException>(() => UnifiedSocialCreditCode.Parse(code));
        Assert.Equal("holder_id", e.Field);
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public bool Generated_valid_codes_validate(ValidUscc code) => UnifiedSocialCreditCode.IsValid(code.Value);

    [Property(MaxTest = 150, Arbitrary = [typeof(Generators)])]
    public bool Every_single_substitution_is_caught(ValidUscc code)
    {
        var value = code.Value;
        for (var i = 0; i < 18; i++)
        {
            foreach (var c in UnifiedSocialCreditCode.Alphabet)
            {
                if (c != value[i] && UnifiedSocialCreditCode.IsValid(value[..i] + c + value[(i + 1)..]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 500)]
    public bool Arbitrary_strings_never_throw(string? text)
    {
        _ = UnifiedSocialCreditCode.Validate(text);
        _ = UnifiedSocialCreditCode.TryParse(text, out _);
        return true;
    }

    [Fact]
    public void Hostile_inputs_are_rejected_with_the_documented_exception_only()
    {
        foreach (var text in new[] { "", new string('9', 5_000_000), "ＹＹＹＹＹＹＹＹＹＹＹＹＹＹＹＹＹＹ", "91350100M000100Y4\u0000", "\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF\uFFFF" })
        {
            Assert.False(UnifiedSocialCreditCode.IsValid(text));
            Assert.Throws<TrustFormatException>(() => UnifiedSocialCreditCode.Parse(text));
        }
    }

    public sealed record ValidUscc(string Value);

    public static class Generators
    {
        private static readonly (char Department, string Types)[] Departments =
            [('1', "1239"), ('3', "123459"), ('5', "1239"), ('9', "123"), ('N', "1239"), ('Y', "1")];

        private static readonly string[] Divisions = ["100000", "110108", "330106", "350100", "440300", "650102"];

        public static Arbitrary<ValidUscc> ValidCodes() =>
            (from department in Gen.Elements(Departments)
             from type in Gen.Elements(department.Types.ToCharArray())
             from division in Gen.Elements(Divisions)
             from organisation in Gen.ArrayOf(Gen.Elements(UnifiedSocialCreditCode.Alphabet.ToCharArray()), 9)
             let first17 = $"{department.Department}{type}{division}{new string(organisation)}"
             select new ValidUscc(first17 + UnifiedSocialCreditCode.ComputeCheckCharacter(first17))).ToArbitrary();
    }
}
