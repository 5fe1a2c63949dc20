namespace Trust.LoadGen.Tests;

public sealed class CommandLineTests
{
    private static readonly HashSet<string> Flags = new(StringComparer.Ordinal) { "single-pass" };

    [Theory]
    [InlineData("")]
    [InlineData("--batch 10")]
    [InlineData("verify stray")]
    [InlineData("verify --batch")]
    [InlineData("verify --batch 1 --batch 2")]
    [InlineData("verify --")]
    public void Malformed_command_lines_are_usage_errors(string args) =>
        Assert.Throws<UsageException>(() => CommandLine.Parse(args.Split(' ', StringSplitOptions.RemoveEmptyEntries), Flags));

    [Theory]
    [InlineData("0")]
    [InlineData("-3")]
    [InlineData("ten")]
    [InlineData("99999999999")]
    public void Out_of_range_numbers_are_usage_errors(string value)
    {
        var line = CommandLine.Parse(["verify", "--batch", value], Flags);
        Assert.Throws<UsageException>(() => line.Int("batch", 100, 1, 100_000));
    }

    [Fact]
    public void Unknown_options_are_refused_so_a_typo_never_runs_another_test()
    {
        var line = CommandLine.Parse(["verify", "--batch=5", "--single-pass", "--concurrenc", "4"], Flags);
        Assert.Equal(5, line.Int("batch", 100));
        Assert.True(line.Flag("single-pass"));
        var ex = Assert.Throws<UsageException>(line.RejectUnknown);
        Assert.Contains("--concurrenc", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_command_exits_with_a_usage_error()
    {
        await Assert.ThrowsAsync<UsageException>(() => Commands.RunAsync(["frobnicate"], TextWriter.Null, CancellationToken.None));
    }
}
