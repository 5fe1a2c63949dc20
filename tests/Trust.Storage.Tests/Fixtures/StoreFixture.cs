using Trust.Storage;

namespace Trust.Storage.Tests.Fixtures;

/// <summary>
/// One provider's test database for a test class. Every test gets its own empty store from
/// <see cref="CreateStoreAsync"/> (SQLite: a new file; PostgreSQL: a new schema in the class's
/// database), so tests never see each other's rows.
/// </summary>
public abstract class StoreFixture : IAsyncLifetime
{
    /// <summary>A configuration string for a new, empty store location.</summary>
    public abstract Task<string> NewStoreSpecAsync();

    /// <summary>Opens a new, empty store.</summary>
    public async Task<TrustStore> CreateStoreAsync() => await TrustStores.OpenAsync(await NewStoreSpecAsync());

    public abstract Task InitializeAsync();

    public abstract Task DisposeAsync();
}
