namespace Trust.LoadGen.Tests;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Percentiles_are_within_two_percent_of_the_exact_sorted_values()
    {
        var random = new Random(7);
        var values = Enumerable.Range(0, 50_000).Select(_ => (long)Math.Exp(random.NextDouble() * 14)).ToArray(); // 1 µs .. 1.2 s
        var histogram = new LatencyHistogram();
        foreach (var v in values)
        {
            histogram.Record(v);
        }

        Array.Sort(values);
        foreach (var p in new[] { 50.0, 90, 95, 99, 99.9 })
        {
            var exact = values[(int)Math.Ceiling(p / 100 * values.Length) - 1];
            var approx = histogram.ValueAt(p);
            Assert.InRange(approx, exact, Math.Max(exact + 1, (long)(exact * 1.02)));
        }

        Assert.Equal(values[^1], histogram.Max);
        Assert.Equal(values[^1], histogram.ValueAt(100));
        Assert.Equal(values.Length, histogram.Count);
    }

    [Fact]
    public void Merged_histograms_equal_one_histogram_of_all_values()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        var all = new LatencyHistogram();
        for (var v = 0L; v < 10_000; v += 7)
        {
            (v % 2 == 0 ? a : b).Record(v * 13);
            all.Record(v * 13);
        }

        a.Add(b);
        Assert.Equal(all.Count, a.Count);
        Assert.Equal(all.ValueAt(99), a.ValueAt(99));
        Assert.Equal(all.Min, a.Min);
        Assert.Equal(all.Max, a.Max);
    }

    [Fact]
    public void Extreme_values_have_a_bucket_and_an_empty_histogram_reports_zero()
    {
        var h = new LatencyHistogram();
        Assert.Equal(0, h.ValueAt(99));
        h.Record(long.MaxValue);
        h.Record(-5);
        Assert.Equal(long.MaxValue, h.ValueAt(100));
        Assert.Equal(0, h.ValueAt(1));
    }
}
