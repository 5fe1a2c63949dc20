namespace Trust.Grpc.Tests.Configuration;

/// <summary>
/// A server with invalid settings stops before doing anything: exit code 2, one line per problem naming the key
/// and the allowed range, no stack trace, and no development PKI or SQLite store created.
/// </summary>
public sealed class InvalidConfigurationTests
{
    private static async Task<(int ExitCode, string Output, string Directory)> RunAsync(params string[] args)
    {
        var dir = Path.Combine(Path.GetTempPath(), "trust-badconfig-" + Guid.NewGuid().ToString("N"));
        var (exitCode, output) = await ServerRefusal.RunToExitAsync(
            Path.GetTempPath(),
            [$"--Trust:Pki={dir}/certs-dev", "--Trust:PkiDepartments=1", "--Trust:PkiSeals=0", .. args]);
        return (exitCode, output, dir);
    }

    [Theory]
    [InlineData("--Trust:Limits:MaxPdfBytes=-5", "Trust:Limits:MaxPdfBytes: -5 is not allowed; between 1 and 4294967296")]
    [InlineData("--Trust:Limits:MaxPdfBytes=abc", "Trust:Limits:MaxPdfBytes: 'abc' is not a whole number; between 1 and 4294967296")]
    [InlineData("--Trust:Cache:SignatureTtlMinutes=0", "Trust:Cache:SignatureTtlMinutes: 0 is not allowed; between 1 and 525600")]
    [InlineData("--Trust:Cache:L1MaxEntries=0", "Trust:Cache:L1MaxEntries: 0 is not allowed; between 1 and 100000000")]
    [InlineData("--Trust:Limits:RateLimitPerSecond=0", "Trust:Limits:RateLimitPerSecond: 0 is not allowed; between 0.001 and 10000000")]
    [InlineData("--Trust:MaxBatchSize=", "Trust:MaxBatchSize: '' is not a whole number; between 1 and 100000")]
    [InlineData("--Trust:Mode=Prodution", "Trust:Mode: 'Prodution' is not allowed; one of Development, Production")]
    public async Task Invalid_setting_stops_the_server_with_exit_code_2_naming_the_key(string argument, string line)
    {
        var (code, output, dir) = await RunAsync(argument);

        Assert.Equal(2, code);
        Assert.Contains(line, output.Split('\n').Select(l => l.TrimEnd('\r')));
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), "nothing may be created on disk (no certs-dev, no trust.db)");
    }

    [Fact]
    public async Task Several_invalid_settings_are_all_reported_one_line_each()
    {
        var (code, output, dir) = await RunAsync("--Trust:Limits:MaxPdfBytes=-5", "--Trust:Auth:ClockSkewSeconds=x", "--Trust:Clerk:MaxImageSide=0");

        Assert.Equal(2, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal(["Trust server cannot start: invalid configuration",
            "Trust:Limits:MaxPdfBytes: -5 is not allowed; between 1 and 4294967296",
            "Trust:Auth:ClockSkewSeconds: 'x' is not a whole number; between 0 and 3600",
            "Trust:Clerk:MaxImageSide: 0 is not allowed; between 1 and 65535"], lines);
        Assert.False(Directory.Exists(dir));
    }
}
