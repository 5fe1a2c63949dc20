using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Identifiers;

namespace Trust.Core.Tests.Identifiers;

public sealed class LicenceIdTests
{
    private const string Alphanumeric = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    // Computed independently with the closed form: sum of a_i * 36^(i-1) over data and check ≡ 1 (mod 1271).
    [Theory]
    [InlineData("BL", "SAMR3301", 2024, 123L, "BL-SAMR3301-2024-000123-2X")]
    [InlineData("MC", "MCA330106", 2025, 1L, "MC-MCA330106-2025-000001-TC")]
    [InlineData("RIC", "PSB", 2026, 1234567890L, "RIC-PSB-2026-1234567890-Z5")]
    public void Format_matches_hand_computed_vectors(string type, string department, int year, long serial, string expected)
    {
        Assert.Equal(expected, LicenceId.Format(type, department, year, serial));
        var parsed = LicenceId.Parse(expected);
        Assert.Equal((type, department, year, serial), (parsed.TypeCode, parsed.Department, parsed.Year, parsed.Serial));
        Assert.Equal(expected[^2..], parsed.CheckCharacters);
    }

    [Property(MaxTest = 200, Arbitrary = [typeof(Generators)])]
    public bool Created_identifiers_parse_back_to_their_parts(Parts parts)
    {
        var id = LicenceId.Create(parts.Type, parts.Department, parts.Year, parts.Serial);
        var back = LicenceId.Parse(id.Text);
        return back.Equals(id) && back.TypeCode == parts.Type && back.Department == parts.Department
            && back.Year == parts.Year && back.Serial == parts.Serial;
    }

    [Property(MaxTest = 60, Arbitrary = [typeof(Generators)])]
    public bool Every_single_character_substitution_is_detected(Parts parts)
    {
        var text = LicenceId.Create(parts.Type, parts.Department, parts.Year, parts.Serial).Text;
        for (var i = 0; i < text.Length; i++)
        {
            foreach (var c in Alphanumeric + "-")
            {
                if (c == text[i])
                {
                    continue;
                }

                var mutated = text[..i] + c + text[(i + 1)..];
                if (LicenceId.IsValid(mutated))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Property(MaxTest = 300, Arbitrary = [typeof(Generators)])]
    public bool Every_adjacent_transposition_is_detected_including_separators(Parts parts)
    {
        var text = LicenceId.Create(parts.Type, parts.Department, parts.Year, parts.Serial).Text;
        for (var i = 0; i + 1 < text.Length; i++)
        {
            if (text[i] == text[i + 1])
            {
                continue;
            }

            var swapped = text[..i] + text[i + 1] + text[i] + text[(i + 2)..];
            if (LicenceId.IsValid(swapped))
            {
                return false;
            }
        }

        return true;
    }

    [Fact]
    public void Moving_the_type_department_boundary_is_detected_by_the_length_digit()
    {
        var text = LicenceId.Format("BL", "SAMR3301", 2024, 123);
        var moved = "BLS-AMR3301" + text["BL-SAMR3301".Length..];

        Assert.False(LicenceId.IsValid(moved));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("BL-SAMR3301-2024-000123", "five parts")]
    [InlineData("bl-SAMR3301-2024-000123-2X", "type code")]
    [InlineData("BL-SAMR3301-1999-000123-2X", "year")]
    [InlineData("BL-SAMR3301-2024-00123-2X", "serial")]
    [InlineData("BL-SAMR3301-2024-0000123-2X", "serial")]
    [InlineData("BL-SAMR3301-2024-000123-2x", "check characters")]
    [InlineData("BL-SAMR3301-2024-000123-2Y", "mistyped")]
    public void Parse_rejects_malformed_identifiers_naming_the_field(string text, string expected)
    {
        var e = Assert.Throws<TrustFormatException>(() => LicenceId.Parse(text));
        Assert.Equal("licence_id", e.Field);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Property(MaxTest = 500)]
    public bool Arbitrary_strings_never_throw_from_the_non_throwing_api(string? text) =>
        !LicenceId.IsValid(text) || LicenceId.TryParse(text, out _);

    [Fact]
    public void Hostile_inputs_are_rejected_without_exceptions()
    {
        foreach (var text in new[] { null, "", new string('A', 1_000_000), "ＢＬ-SAMR-2024-000123-2X", "BL-SAMR3301-2024-000123-2X\0", "\uD800-\uDC00", "-----", "BL--2024-000123-2X" })
        {
            Assert.False(LicenceId.TryParse(text, out _));
            Assert.Throws<TrustFormatException>(() => LicenceId.Parse(text));
        }
    }

    [Theory]
    [InlineData("B", "SAMR", 2024, 1L, "type")]
    [InlineData("BL", "S", 2024, 1L, "department")]
    [InlineData("BL", "SAMR", 1999, 1L, "year")]
    [InlineData("BL", "SAMR", 2024, -1L, "serial")]
    [InlineData("BL", "SAMR", 2024, 1_000_000_000_000L, "serial")]
    public void Create_rejects_bad_parts_naming_the_part(string type, string department, int year, long serial, string field)
    {
        var e = Assert.Throws<TrustFormatException>(() => LicenceId.Create(type, department, year, serial));
        Assert.Equal(field, e.Field);
    }

    /// <summary>Valid identifier parts for generators.</summary>
    public sealed record Parts(string Type, string Department, int Year, long Serial);

    public static class Generators
    {
        private static Gen<string> Code(int min, int max, bool letterFirst) =>
            from length in Gen.Choose(min, max)
            from first in Gen.Elements((letterFirst ? Alphanumeric[10..] : Alphanumeric).ToCharArray())
            from rest in Gen.ArrayOf(Gen.Elements(Alphanumeric.ToCharArray()), length - 1)
            select first + new string(rest);

        public static Arbitrary<Parts> Parts() =>
            (from type in Code(2, 6, letterFirst: true)
             from department in Code(2, 16, letterFirst: false)
             from year in Gen.Choose(2000, 9999)
             from high in Gen.Choose(0, 999_999)
             from low in Gen.Choose(0, 999_999)
             from small in Gen.Elements(true, false)
             select new { type, department, year, serial = small ? low : ((long)high * 1_000_000) + low } into p
             select new Parts(p.type, p.department, p.year, p.serial)).ToArbitrary();
    }
}
