using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Trust.Core.Grants;

namespace Trust.Core.Tests.Grants;

public sealed class GrantShortCodeTests
{
    [Fact]
    public void Generated_code_is_twelve_characters_of_the_alphabet_and_formats_in_three_groups()
    {
        var code = GrantShortCode.Generate();
        Assert.Equal(GrantShortCode.Length, code.Length);
        Assert.All(code, c => Assert.Contains(c, GrantShortCode.Alphabet));
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", GrantShortCode.Format(code));
        Assert.Equal(code, GrantShortCode.Normalize(GrantShortCode.Format(code)));
    }

    [Fact]
    public void Typing_is_forgiving_about_case_separators_and_confusable_letters()
    {
        var code = GrantShortCode.Generate();
        var loose = string.Join(" ", code.ToLowerInvariant().Chunk(3).Select(c => new string(c)));
        Assert.Equal(code, GrantShortCode.Normalize(loose));
        var withO = code.Replace('0', 'O');
        Assert.Equal(code, GrantShortCode.Normalize(withO));
        var withL = code.Replace('1', 'l');
        Assert.Equal(code, GrantShortCode.Normalize(withL));
    }

    [Property(MaxTest = 300)]
    public Property Every_single_substitution_is_caught(PositiveInt position, PositiveInt shift)
    {
        var code = GrantShortCode.Generate().ToCharArray();
        var i = position.Get % code.Length;
        var value = GrantShortCode.Alphabet.IndexOf(code[i], StringComparison.Ordinal);
        code[i] = GrantShortCode.Alphabet[(value + 1 + (shift.Get % 31)) % 32];
        return (!GrantShortCode.TryNormalize(new string(code), out _)).ToProperty();
    }

    [Property(MaxTest = 300)]
    public Property Every_swap_of_two_different_adjacent_characters_is_caught(PositiveInt position)
    {
        var code = GrantShortCode.Generate().ToCharArray();
        var i = position.Get % (code.Length - 1);
        if (code[i] == code[i + 1])
        {
            return true.ToProperty();
        }

        (code[i], code[i + 1]) = (code[i + 1], code[i]);
        return (!GrantShortCode.TryNormalize(new string(code), out _)).ToProperty();
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("ABCD-EFGH", "12 letters and digits")]
    [InlineData("ABCD-EFGH-JKMN-P", "12 letters and digits")]
    [InlineData("ABCD-EFGH-JKU1", "character 13")]
    [InlineData("ABCD_EFGH_JKM1", "character 5")]
    [InlineData("ＡBCD-EFGH-JKM1", "character 1")]
    [InlineData("ABCD-EFGH-JKM1\n", "character 15")]
    public void Malformed_text_is_a_format_error_naming_short_code(string? text, string message)
    {
        var ex = Assert.Throws<TrustFormatException>(() => GrantShortCode.Normalize(text));
        Assert.Equal("short_code", ex.Field);
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlong_input_is_refused_before_reading_it()
    {
        var ex = Assert.Throws<TrustFormatException>(() => GrantShortCode.Normalize(new string('-', 10_000)));
        Assert.Contains("longer than", ex.Message, StringComparison.Ordinal);
    }
}
