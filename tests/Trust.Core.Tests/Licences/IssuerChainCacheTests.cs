using Trust.Core.Licences.Internal;

namespace Trust.Core.Tests.Licences;

public sealed class IssuerChainCacheTests
{
    private static byte[][] Chain(int n) => [BitConverter.GetBytes(n), [1, 2, 3]];

    [Fact]
    public void The_same_chain_and_version_give_the_same_entry()
    {
        var cache = new IssuerChainCache();
        var first = cache.For(Chain(1), 7);
        Assert.Same(first, cache.For(Chain(1), 7));
        Assert.NotSame(first, cache.For(Chain(1), 8));
        Assert.NotSame(first, cache.For(Chain(2), 7));
    }

    [Fact]
    public void Looking_up_known_chains_does_not_fill_the_cache_but_new_chains_past_the_maximum_empty_it()
    {
        var cache = new IssuerChainCache();
        var kept = cache.For(Chain(-1), 1);
        for (var i = 0; i < 100; i++)
        {
            for (var round = 0; round < 100; round++)
            {
                cache.For(Chain(i), 1);
            }
        }

        Assert.Same(kept, cache.For(Chain(-1), 1));

        for (var i = 100; i < IssuerChainCache.MaxEntries + 10; i++)
        {
            cache.For(Chain(i), 1);
        }

        Assert.NotSame(kept, cache.For(Chain(-1), 1));
    }
}
