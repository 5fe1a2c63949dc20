namespace Trust.LoadGen.Mixed;

/// <summary>
/// Draws ranks 0 … n−1 with P(rank k) proportional to 1 / (k + 1)^s (a Zipf distribution with exponent s): with s = 1
/// the most frequent licence is seen about twice as often as the second and n times as often as the last; s = 0 is uniform.
/// Inverse-CDF sampling over a precomputed table (binary search, O(log n) per draw, no allocation).
/// </summary>
internal sealed class ZipfSampler
{
    private readonly double[] _cdf;

    /// <summary>A sampler over <paramref name="count"/> ranks with exponent <paramref name="exponent"/> (0 to 10).</summary>
    /// <exception cref="ArgumentOutOfRangeException">No ranks, or the exponent is negative, above 10 or not a number.</exception>
    public ZipfSampler(int count, double exponent)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (!(exponent >= 0 && exponent <= 10))
        {
            throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "the Zipf exponent must be from 0 to 10");
        }

        Exponent = exponent;
        _cdf = new double[count];
        var sum = 0.0;
        for (var k = 0; k < count; k++)
        {
            sum += Math.Pow(k + 1, -exponent);
            _cdf[k] = sum;
        }

        for (var k = 0; k < count; k++)
        {
            _cdf[k] /= sum;
        }

        _cdf[count - 1] = 1.0;
    }

    /// <summary>Number of ranks.</summary>
    public int Count => _cdf.Length;

    /// <summary>The exponent s.</summary>
    public double Exponent { get; }

    /// <summary>The probability of <paramref name="rank"/>.</summary>
    public double Probability(int rank) => rank == 0 ? _cdf[0] : _cdf[rank] - _cdf[rank - 1];

    /// <summary>One rank, from <paramref name="random"/> (not thread-safe: one <see cref="Random"/> per caller or a lock).</summary>
    public int Sample(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return RankOf(random.NextDouble());
    }

    /// <summary>The rank whose CDF interval holds <paramref name="u"/> in [0, 1): the first k with cdf[k] &gt; u.</summary>
    internal int RankOf(double u)
    {
        var i = Array.BinarySearch(_cdf, u);
        i = i >= 0 ? i + 1 : ~i;
        return Math.Min(i, _cdf.Length - 1);
    }
}
