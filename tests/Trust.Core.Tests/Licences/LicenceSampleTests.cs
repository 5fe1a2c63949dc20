using Trust.Core.Identifiers;
using Trust.Core.Licences;
using Trust.Samples.Licence;

namespace Trust.Core.Tests.Licences;

public sealed class LicenceSampleTests
{
    [Fact]
    public async Task Sample_issues_a_business_licence_that_verifies_valid()
    {
        using var output = new StringWriter();
        var exit = await LicenceSample.RunAsync(output);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(0, exit);
        var first = lines[0].Split(' ');
        Assert.True(LicenceId.TryParse(first[0], out var id));
        Assert.Equal("BL", id.TypeCode);
        Assert.Equal("valid", first[1]);
        var fromQr = SignedLicence.FromQrText(lines[1]);
        Assert.Equal(first[0], fromQr.Id);
    }

    [Fact]
    public void Sample_issue_and_verify_code_stays_under_30_lines()
    {
        var source = File.ReadAllText(Path.Combine(RepositoryRoot(), "samples", "Trust.Samples.Licence", "LicenceSample.cs"));
        var body = source[source.IndexOf("RunAsync(TextWriter output)", StringComparison.Ordinal)..];
        var lines = body.Split('\n').Count(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("//", StringComparison.Ordinal));
        Assert.InRange(lines, 5, 30);
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Trust.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Trust.sln not found above the test directory.");
    }
}
