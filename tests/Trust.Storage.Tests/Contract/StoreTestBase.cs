using Trust.Core.Storage;
using Trust.Storage.Tests.Fixtures;

namespace Trust.Storage.Tests.Contract;

/// <summary>Shared helpers of the provider-independent store tests.</summary>
public abstract class StoreTestBase<TFixture> : IClassFixture<TFixture>
    where TFixture : StoreFixture
{
    protected StoreTestBase(TFixture fixture) => Fixture = fixture;

    protected TFixture Fixture { get; }

    protected static readonly DateTimeOffset T0 = new(2024, 3, 1, 9, 30, 15, TimeSpan.FromHours(8));

    protected static string NewId(string prefix = "L") => prefix + Guid.NewGuid().ToString("N")[..20].ToUpperInvariant();

    protected static LicenceRecord NewLicence(string? id = null, string holder = "110101199003070011", string type = "BL", long index = 0, string list = "list-1") => new(
        id ?? NewId(),
        type,
        1,
        holder,
        "张三",
        "D310000",
        list,
        index,
        T0,
        T0,
        T0.AddYears(5),
        [0xD2, 0x84, 0x43, 0xA1, 0x01, 0x26, 0x00, 0xFF]);
}
