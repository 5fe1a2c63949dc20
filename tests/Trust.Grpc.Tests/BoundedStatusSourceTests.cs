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

    [Fact]
    public async Task The_cache_is_emptied_when_more_licences_than_the_maximum_are_remembered()
    {
        var inner = new CountingSource();
        var source = new BoundedStatusSource(inner, TimeSpan.FromMinutes(1));
        await source.GetStatusAsync(Query);

        // Re-reading the same licences keeps the count: refreshes are not new entries.
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 1000; i++)
            {
                await source.GetStatusAsync(Query with { LicenceId = $"BL-{i}" });
            }
        }

        var calls = inner.Calls;
        await source.GetStatusAsync(Query);
        Assert.Equal(calls, inner.Calls);

        for (var i = 1000; i < BoundedStatusSource.MaxEntries + 10; i++)
        {
            await source.GetStatusAsync(Query with { LicenceId = $"BL-{i}" });
        }

        calls = inner.Calls;
        await source.GetStatusAsync(Query);
        Assert.Equal(calls + 1, inner.Calls);
    }

    [Fact]
    public async Task Invalidated_entries_no_longer_count_toward_the_maximum()
    {
        var inner = new CountingSource();
        var source = new BoundedStatusSource(inner, TimeSpan.FromMinutes(1));
        await source.GetStatusAsync(Query);
        for (var i = 0; i < BoundedStatusSource.MaxEntries - 10; i++)
        {
            var query = Query with { LicenceId = $"BL-{i}" };
            await source.GetStatusAsync(query);
            source.Invalidate(query.LicenceId);
        }

        // Had every remembered entry been counted, the cache would have been emptied by now.
        for (var i = 0; i < 100; i++)
        {
            await source.GetStatusAsync(Query with { LicenceId = $"BL-extra-{i}" });
        }

        var calls = inner.Calls;
        await source.GetStatusAsync(Query);
        Assert.Equal(calls, inner.Calls);
    }
}
