namespace Trust.Storage.Tests.Fixtures;

/// <summary>SQLite: a temporary folder per test class, a new file per store.</summary>
public sealed class SqliteFixture : StoreFixture
{
    private readonly string directory = Path.Combine(Path.GetTempPath(), "trust-storage-tests-" + Guid.NewGuid().ToString("N"));

    public override Task<string> NewStoreSpecAsync() =>
        Task.FromResult("sqlite:" + Path.Combine(directory, Guid.NewGuid().ToString("N") + ".db"));

    public override Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        return Task.CompletedTask;
    }

    public override Task DisposeAsync()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A pooled handle may linger on some platforms; the temp folder is cleaned by the OS.
        }

        return Task.CompletedTask;
    }
}
