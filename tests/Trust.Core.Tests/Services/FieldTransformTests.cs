using FsCheck;
using FsCheck.Xunit;
using Trust.Core.Services;

namespace Trust.Core.Tests.Services;

public sealed class FieldTransformTests
{
    [Theory]
    [InlineData("none", "abc", "abc")]
    [InlineData("upper", "abc-x", "ABC-X")]
    [InlineData("date:yyyy年MM月dd日", "2024-03-01", "2024年03月01日")]
    [InlineData("date:yyyy年M月d日", "2024-03-01", "2024年3月1日")]
    [InlineData("date:yyyy.MM.dd", "2024-03-01", "2024.03.01")]
    [InlineData("date:yyyy/MM/dd", "not a date", "not a date")]
    [InlineData("mask", "张伟", "张*")]
    [InlineData("mask", "欧阳娜娜", "欧**娜")]
    [InlineData("mask", "330106199003071236", "3301**********1236")]
    [InlineData("mask", "A12345678", "A1*****78")]
    public void Transforms_produce_the_documented_text(string spec, string input, string expected)
    {
        var transform = FieldTransform.TryParse(spec);

        Assert.NotNull(transform);
        Assert.Equal(expected, transform.Apply(input));
        Assert.Equal(spec, transform.ToString());
    }

    [Theory]
    [InlineData("lower")]
    [InlineData("date:")]
    [InlineData("date:MM-dd")]
    [InlineData("date:yyyy-MM-dd HH:mm")]
    [InlineData("date:yyyy'x'")]
    [InlineData("date:yyyy\\MM")]
    [InlineData("date:yyyy%")]
    [InlineData("DATE:yyyy")]
    public void Unknown_or_unsafe_specifications_are_refused(string spec)
    {
        Assert.Null(FieldTransform.TryParse(spec));
    }

    [Property(MaxTest = 300)]
    public bool Mask_keeps_length_in_text_elements_and_hides_the_middle(NonNull<string> input)
    {
        var masked = FieldTransform.TryParse("mask")!.Apply(input.Get);
        var original = new System.Globalization.StringInfo(input.Get).LengthInTextElements;
        var result = new System.Globalization.StringInfo(masked).LengthInTextElements;
        return original == result && (original < 3 || masked.Contains('*', StringComparison.Ordinal));
    }
}
