namespace Trust.Cli.Tests;

public sealed class CliFrameworkTests
{
    [Fact]
    public void Internal_errors_exit_three_without_a_stack_trace()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, interactive: false);
        int code;
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException ex)
        {
            code = context.ReportUnexpected(ex);
        }

        Assert.Equal(3, code);
        if (Environment.GetEnvironmentVariable("TRUST_DEBUG") != "1")
        {
            Assert.Contains("boom", error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", error.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Pki_init_defaults_to_the_pki_folder_and_shows_progress_on_a_terminal()
    {
        using var temp = new TempDirectory();
        var dir = temp.File("from-pki-option");
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Program.Run(["pki", "init", "--pki", dir, "--departments", "1", "--seals", "0"], output, error, interactive: true);
        Assert.True(code == 0, error.ToString());
        Assert.True(File.Exists(Path.Combine(dir, "pki.json")));
        Assert.Contains("departments 1/1", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("DEVELOPMENT PKI", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_command_has_a_description_for_help()
    {
        var root = Program.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null, interactive: false));
        foreach (var command in root.Subcommands.SelectMany(c => c.Subcommands.Prepend(c)))
        {
            Assert.False(string.IsNullOrWhiteSpace(command.Description), command.Name);
            foreach (var option in command.Options)
            {
                Assert.False(string.IsNullOrWhiteSpace(option.Description), $"{command.Name} {option.Name}");
            }
        }
    }
}
