using Trust.Core;

namespace Trust.Storage.Tests;

public sealed class TrustStoresTests
{
    [Theory]
    [InlineData("sqlite:/tmp/x.db", "sqlite", "/tmp/x.db")]
    [InlineData("SQLite: data/trust.db ", "sqlite", "data/trust.db")]
    [InlineData("postgres:Host=db;Database=trust", "postgres", "Host=db;Database=trust")]
    [InlineData("postgresql:Host=db", "postgres", "Host=db")]
    public void Configuration_string_names_provider_and_target(string spec, string kind, string target) =>
        Assert.Equal((kind, target), TrustStores.Parse(spec));

    [Theory]
    [InlineData("")]
    [InlineData("trust.db")]
    [InlineData("mysql:Server=x")]
    [InlineData("sqlite:")]
    [InlineData("postgres:   ")]
    public void Unknown_or_incomplete_configuration_string_is_a_format_error(string spec)
    {
        var e = Assert.Throws<TrustFormatException>(() => TrustStores.Parse(spec));
        Assert.Equal("store", e.Field);
    }

    [Fact]
    public async Task Sqlite_file_is_readable_by_its_owner_only()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var path = Path.Combine(Path.GetTempPath(), "trust-mode-" + Guid.NewGuid().ToString("N"), "trust.db");
        await using (var store = await TrustStores.OpenAsync("sqlite:" + path))
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }

        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }
}
