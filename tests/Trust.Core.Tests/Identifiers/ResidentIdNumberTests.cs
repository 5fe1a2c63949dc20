using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Identifiers;

namespace Trust.Core.Tests.Identifiers;

public sealed class ResidentIdNumberTests
{
    // Check digits computed by hand from GB 11643-1999 (weights 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2), for example
    // 33010619900307123: sum = 3*7+3*9+0*10+1*5+0*8+6*4+1*2+9*1+9*6+0*3+0*7+3*9+0*10+7*5+1*8+2*4+3*2 = 226,
    // 226 mod 11 = 6, (12 - 6) mod 11 = 6 -> check digit '6'. 11010519491231002X is the standard's own example.
    [Theory]
    [InlineData("330106199003071236")]
    [InlineData("330106198511120028")]
    [InlineData("110101199003078275")]
    [InlineData("11010519491231002X")]
    [InlineData("11010519491231002x")]
    public void Valid_numbers_are_accepted(string number)
    {
        Assert.Equal(ResidentIdError.None, ResidentIdNumber.Validate(number));
        var parsed = ResidentIdNumber.Parse(number);
        Assert.Equal(number.ToUpperInvariant(), parsed.Value);
    }

    [Fact]
    public void Parts_are_exposed()
    {
        var id = ResidentIdNumber.Parse("330106199003071236");

        Assert.Equal("330106", id.RegionCode);
        Assert.Equal(new DateOnly(1990, 3, 7), id.BirthDate);
        Assert.Equal("123", id.SequenceCode);
    }

    [Theory]
    [InlineData(null, ResidentIdError.Length)]
    [InlineData("", ResidentIdError.Length)]
    [InlineData("33010619900307123", ResidentIdError.Length)]
    [InlineData("3301061990030712366", ResidentIdError.Length)]
    [InlineData("33010619900307123A", ResidentIdError.Characters)]
    [InlineData("3301061990030712X6", ResidentIdError.Characters)]
    [InlineData("３30106199003071236", ResidentIdError.Characters)]
    [InlineData("990106199003071236", ResidentIdError.Region)]
    [InlineData("330106199002301236", ResidentIdError.BirthDate)]
    [InlineData("330106189912311236", ResidentIdError.BirthDate)]
    [InlineData("330106199013071236", ResidentIdError.BirthDate)]
    [InlineData("330106199003071237", ResidentIdError.CheckDigit)]
    public void Each_kind_of_error_is_reported(string? number, ResidentIdError expected)
    {
        Assert.Equal(expected, ResidentIdNumber.Validate(number));
        var e = Assert.Throws<TrustFormatException>(() => ResidentIdNumber.Parse(number, "holder"));
        Assert.Equal("holder", e.Field);
        if (number is { Length: > 0 })
        {
            Assert.DoesNotContain(number, e.Message, StringComparison.Ordinal);
        }
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public bool Generated_valid_numbers_validate(ValidResidentId id) => ResidentIdNumber.IsValid(id.Value);

    [Property(MaxTest = 200, Arbitrary = [typeof(Generators)])]
    public bool Every_single_digit_substitution_is_caught(ValidResidentId id)
    {
        var value = id.Value;
        for (var i = 0; i < 18; i++)
        {
            foreach (var c in i == 17 ? "0123456789X" : "0123456789")
            {
                if (c != value[i] && ResidentIdNumber.IsValid(value[..i] + c + value[(i + 1)..]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Generators)])]
    public bool Every_adjacent_transposition_is_caught(ValidResidentId id)
    {
        var value = id.Value;
        for (var i = 0; i < 17; i++)
        {
            if (value[i] != value[i + 1] && ResidentIdNumber.IsValid(value[..i] + value[i + 1] + value[i] + value[(i + 2)..]))
            {
                return false;
            }
        }

        return true;
    }

    [Property(MaxTest = 500)]
    public bool Arbitrary_strings_never_throw(string? text)
    {
        _ = ResidentIdNumber.Validate(text);
        _ = ResidentIdNumber.TryParse(text, out _);
        return true;
    }

    [Fact]
    public void Hostile_inputs_are_rejected_with_the_documented_exception_only()
    {
        foreach (var text in new[] { new string('1', 10_000_000), "\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800\uD800", "33010619900307123\0", "٣٣٠١٠٦١٩٩٠٠٣٠٧١٢٣٦" })
        {
            Assert.False(ResidentIdNumber.IsValid(text));
            Assert.Throws<TrustFormatException>(() => ResidentIdNumber.Parse(text));
        }
    }

    public sealed record ValidResidentId(string Value);

    public static class Generators
    {
        private static readonly string[] Regions = ["110101", "310115", "330106", "440305", "510104", "650102", "810000", "820000"];

        public static Arbitrary<ValidResidentId> ValidResidentIds() =>
            (from region in Gen.Elements(Regions)
             from days in Gen.Choose(0, 73_000)
             from sequence in Gen.Choose(0, 999)
             let birth = new DateOnly(1900, 1, 1).AddDays(days)
             let first17 = $"{region}{birth:yyyyMMdd}{sequence:D3}"
             select new ValidResidentId(first17 + ResidentIdNumber.ComputeCheckDigit(first17))).ToArbitrary();
    }
}
