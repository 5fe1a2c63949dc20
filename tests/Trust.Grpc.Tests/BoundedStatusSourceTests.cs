using Trust.Core.Status;
using Trust.Grpc.Verification;

namespace Trust.Grpc.Tests;

public sealed class BoundedStatusSourceTests
{
    private sealed class CountingSource : ILicenceStatusSource
    {
        public LicenceStatus Status { get; set; } = LicenceStatus.Valid;

        public int Calls { get; private set; }

        public ValueTask<StatusLookup> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken = default)
        {
            Calls++;
            return ValueTask.FromResult(StatusLookup.Known(Status));
        }
    }

    private static readonly StatusQuery Query = new("BL-X", "SAMR", "SAMR/licences", 0);

    [Fact]
    public async Task Status_is_reused_within_the_bound_and_read_again_after_it()
    {
        var inner = new CountingSource();
        var source = new BoundedStatusSource(inner, TimeSpan.FromMilliseconds(200));
        Assert.Equal(LicenceStatus.Valid, (await source.GetStatusAsync(Query)).Status);
        inner.Status = LicenceStatus.Revoked;
        Assert.Equal(LicenceStatus.Valid, (await source.GetStatusAsync(Query)).Status);
        Assert.Equal(1, inner.Calls);

        await Task.Delay(250);
        Assert.Equal(LicenceStatus.Revoked, (await source.GetStatusAsync(Query)).Status);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Invalidate_makes_the_next_lookup_read_the_source()
    {
        var inner = new CountingSource();
        var source = new BoundedStatusSource(inner, TimeSpan.FromMinutes(1));
        await source.GetStatusAsync(Query);
        inner.Status = LicenceStatus.Suspended;
        source.Invalidate(Query.LicenceId);
        Assert.Equal(LicenceStatus.Suspended, (await source.GetStatusAsync(Query)).Status);
    }

    [Fact]
    public async Task Zero_bound_never_caches()
    {
        var inner = new CountingSource();
        var source = new BoundedStatusSource(inner, TimeSpan.Zero);
        await source.GetStatusAsync(Query);
        await source.GetStatusAsync(Query);
        Assert.Equal(2, inner.Calls);
    }
}
