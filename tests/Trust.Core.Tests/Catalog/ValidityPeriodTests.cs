using Trust.Core.Licences;

namespace Trust.Core.Tests.Catalog;

public sealed class ValidityPeriodTests
{
    [Theory]
    [InlineData("P5Y", 60, "P5Y")]
    [InlineData("P6M", 6, "P6M")]
    [InlineData("P1Y6M", 18, "P1Y6M")]
    [InlineData("P18M", 18, "P1Y6M")]
    [InlineData("P100Y", 1200, "P100Y")]
    public void Durations_in_years_and_months_parse_and_format(string text, int months, string canonical)
    {
        Assert.True(ValidityPeriod.TryParse(text, out var period));
        Assert.Equal(months, period.Months);
        Assert.Equal(canonical, period.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("P0Y")]
    [InlineData("P5D")]
    [InlineData("P6M1Y")]
    [InlineData("5Y")]
    [InlineData("PT5H")]
    [InlineData("P101Y")]
    [InlineData("P99999999999999Y")]
    [InlineData("P5Y5Y")]
    public void Other_texts_are_refused(string? text)
    {
        Assert.False(ValidityPeriod.TryParse(text, out _));
    }

    [Fact]
    public void Adding_a_period_moves_by_whole_months()
    {
        var start = new DateTimeOffset(2024, 1, 31, 9, 0, 0, TimeSpan.FromHours(8));

        Assert.Equal(new DateTimeOffset(2024, 2, 29, 9, 0, 0, TimeSpan.FromHours(8)), new ValidityPeriod(1).AddTo(start));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ValidityPeriod(0));
    }
}
