using Trust.Core.Pki.Development;

namespace Trust.Grpc.Tests;

/// <summary>Production mode refuses unsafe configurations before listening (separate short-lived processes).</summary>
public sealed class ProductionModeTests
{
    private static Task<(int ExitCode, string Output)> RunAsync(params string[] args) =>
        ServerRefusal.RunToExitAsync(null, ["--Trust:Mode=Production", .. args]);

    [Fact]
    public async Task Production_without_an_explicit_store_refuses_to_start()
    {
        var (code, output) = await RunAsync();
        Assert.Equal(2, code);
        Assert.Contains("explicit store", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_plaintext_endpoints_refuses_to_start()
    {
        var dir = Path.Combine(Path.GetTempPath(), "trust-prod-" + Guid.NewGuid().ToString("N"));
        var (code, output) = await RunAsync($"--Trust:Store=sqlite:{dir}/trust.db", $"--Trust:Pki={dir}/pki");
        Assert.Equal(2, code);
        Assert.Contains("needs TLS", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(dir, "pki")), "no PKI may be created in production mode");
    }

    [Fact]
    public async Task Production_without_a_token_issuer_and_keys_refuses_to_start()
    {
        var dir = Path.Combine(Path.GetTempPath(), "trust-prod-" + Guid.NewGuid().ToString("N"));
        var (code, output) = await RunAsync(
            $"--Trust:Store=sqlite:{dir}/trust.db",
            $"--Trust:Pki={dir}/pki",
            "--Kestrel:Endpoints:Grpc:Url=https://127.0.0.1:0",
            "--Kestrel:Endpoints:Web:Url=https://127.0.0.1:0");
        Assert.Equal(2, code);
        Assert.Contains("Trust:Auth:Issuer", output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir), "nothing may be created");
    }

    [Fact]
    public async Task Production_refuses_a_development_pki()
    {
        var dir = Path.Combine(Path.GetTempPath(), "trust-prod-" + Guid.NewGuid().ToString("N"));
        try
        {
            DevelopmentPki.Create(Path.Combine(dir, "pki"), new DevelopmentPkiOptions { Departments = 1, Seals = 0 });
            var (code, output) = await RunAsync(
                $"--Trust:Store=sqlite:{dir}/trust.db",
                $"--Trust:Pki={dir}/pki",
                "--Kestrel:Endpoints:Grpc:Url=https://127.0.0.1:0",
                "--Kestrel:Endpoints:Web:Url=https://127.0.0.1:0",
                "--Trust:Auth:Issuer=https://idp.example",
                "--Trust:Auth:Authority=https://idp.example");
            Assert.Equal(2, code);
            Assert.Contains("refuses development keys", output, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
