namespace Trust.LoadGen;

/// <summary>
/// A log-linear latency histogram in the manner of HdrHistogram: values (microseconds) are
/// kept in buckets whose width is at most 1/64 of the values they hold, so every percentile is within
/// 1.6 % of the true value whatever the range, in constant memory. Not thread-safe: each worker
/// records into its own histogram and the results are merged.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 7;
    private const int SubBuckets = 1 << SubBucketBits;

    // Every non-negative long has a bucket (magnitudes 0..57).
    private readonly long[] _counts = new long[SubBuckets * 58];

    /// <summary>Number of recorded values.</summary>
    public long Count { get; private set; }

    /// <summary>Largest recorded value (exact).</summary>
    public long Max { get; private set; }

    /// <summary>Smallest recorded value (exact); 0 when empty.</summary>
    public long Min { get; private set; }

    /// <summary>Sum of the recorded values (for the mean).</summary>
    public double Sum { get; private set; }

    /// <summary>Records one value in microseconds (negative values count as 0).</summary>
    public void Record(long microseconds)
    {
        var value = Math.Max(0, microseconds);
        _counts[Index(value)]++;
        Min = Count == 0 ? value : Math.Min(Min, value);
        Count++;
        Max = Math.Max(Max, value);
        Sum += value;
    }

    /// <summary>Adds the values of <paramref name="other"/> to this histogram.</summary>
    public void Add(LatencyHistogram other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.Count == 0)
        {
            return;
        }

        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }

        Min = Count == 0 ? other.Min : Math.Min(Min, other.Min);
        Count += other.Count;
        Max = Math.Max(Max, other.Max);
        Sum += other.Sum;
    }

    /// <summary>
    /// The value at <paramref name="percentile"/> (0..100): the upper edge of the bucket holding
    /// that rank, capped at the exact maximum. 0 when empty.
    /// </summary>
    public long ValueAt(double percentile)
    {
        if (Count == 0)
        {
            return 0;
        }

        var rank = (long)Math.Ceiling(Math.Clamp(percentile, 0, 100) / 100.0 * Count);
        rank = Math.Max(1, rank);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(Max, Math.Max(Min, UpperEdge(i)));
            }
        }

        return Max;
    }

    internal static int Index(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        var magnitude = 63 - System.Numerics.BitOperations.LeadingZeroCount((ulong)value) - SubBucketBits + 1; // >= 1
        var sub = (int)(value >> magnitude); // in [64, 128)
        return (magnitude * SubBuckets) + sub;
    }

    internal static long UpperEdge(int index)
    {
        var magnitude = index / SubBuckets;
        var sub = index % SubBuckets;
        if (magnitude == 0)
        {
            return sub;
        }

        return (((long)sub + 1) << magnitude) - 1;
    }
}
