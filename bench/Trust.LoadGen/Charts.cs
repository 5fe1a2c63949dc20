using System.Globalization;
using System.Text;
using ScottPlot;

namespace Trust.LoadGen;

/// <summary>The figures of a set of reports: throughput and latency charts (PNG) and a markdown table.</summary>
internal static class Charts
{
    /// <summary>Writes <c>throughput.png</c>, <c>latency.png</c> and <c>results.md</c> (names after <paramref name="prefix"/>); returns their paths.</summary>
    public static IReadOnlyList<string> Write(IReadOnlyList<LoadReport> reports, string outDir, string title, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (reports.Count == 0)
        {
            throw new UsageException("no reports to chart");
        }

        var throughput = Path.Combine(outDir, prefix + "throughput.png");
        var latency = Path.Combine(outDir, prefix + "latency.png");
        var table = Path.Combine(outDir, prefix + "results.md");
        WriteThroughput(reports, throughput, title);
        WriteLatency(reports, latency, title);
        File.WriteAllText(table, Table(reports));
        return [throughput, latency, table];
    }

    private static void WriteThroughput(IReadOnlyList<LoadReport> reports, string path, string title)
    {
        var plot = new Plot();
        var bars = reports.Select((r, i) => new Bar
        {
            Position = i,
            Value = r.ItemsPerSecond,
            FillColor = Colors.Category10[i % 10],
            Label = r.ItemsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
        }).ToList();
        var added = plot.Add.Bars(bars);
        added.ValueLabelStyle.FontSize = 11;
        Ticks(plot, reports);
        plot.Title(title + ": throughput");
        plot.YLabel(reports.All(r => r.Operation == "verify_batch") ? "licences per second" : "items per second (licences, grant checks, PDFs)");
        plot.Axes.Margins(bottom: 0, top: 0.15);
        plot.SavePng(path, Math.Max(800, 110 * reports.Count), 560);
    }

    private static void WriteLatency(IReadOnlyList<LoadReport> reports, string path, string title)
    {
        var plot = new Plot();
        (string Name, Func<LatencySummary, double> Value, Color Color)[] series =
        [
            ("p50", l => l.P50, Colors.SteelBlue),
            ("p95", l => l.P95, Colors.Orange),
            ("p99", l => l.P99, Colors.Crimson),
        ];
        const double width = 0.25;
        for (var s = 0; s < series.Length; s++)
        {
            var (name, value, color) = series[s];
            var bars = reports.Select((r, i) => new Bar
            {
                Position = i + ((s - 1) * width),
                Value = value(r.LatencyMs),
                FillColor = color,
                Size = width * 0.95,
            }).ToList();
            plot.Add.Bars(bars);
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = name, FillColor = color });
        }

        Ticks(plot, reports);
        plot.ShowLegend(Alignment.UpperLeft);
        plot.Title(title + ": latency per request");
        plot.YLabel("milliseconds");
        plot.Axes.Margins(bottom: 0, top: 0.1);
        plot.SavePng(path, Math.Max(800, 110 * reports.Count), 560);
    }

    private static void Ticks(Plot plot, IReadOnlyList<LoadReport> reports)
    {
        plot.Axes.Bottom.SetTicks([.. Enumerable.Range(0, reports.Count).Select(i => (double)i)], [.. reports.Select(r => r.Scenario)]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = 30;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        // Room for the rotated labels (about 7 px per character at the default size, sin 30° = 0.5).
        plot.Axes.Bottom.MinimumSize = 24 + (reports.Max(r => r.Scenario.Length) * 7 * 0.5f);
        plot.Grid.XAxisStyle.MajorLineStyle.Width = 0;
    }

    /// <summary>The markdown table of the reports, one row each.</summary>
    internal static string Table(IReadOnlyList<LoadReport> reports)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| scenario | labels | batch | concurrency | items/s | requests/s | p50 ms | p95 ms | p99 ms | max ms | failed requests | unexpected |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in reports)
        {
            var labels = string.Join(", ", r.Labels.Select(l => $"{l.Key}={l.Value}"));
            sb.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {labels} | {r.Settings.BatchSize} | {r.Settings.Concurrency} | {r.ItemsPerSecond:N0} | {r.RequestsPerSecond:N0} | {r.LatencyMs.P50:0.0} | {r.LatencyMs.P95:0.0} | {r.LatencyMs.P99:0.0} | {r.LatencyMs.Max:0.0} | {r.ErrorCount} | {r.Unexpected} |"));
        }

        var mixed = reports.Where(r => r.Mix is not null).ToList();
        if (mixed.Count > 0)
        {
            // What each mixed run covered, the server's signature-cache hit rate over the measured phase, the outcomes.
            sb.AppendLine();
            sb.AppendLine("| scenario | types | departments | pool | distinct in run | server cache hit rate | outcomes |");
            sb.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
            foreach (var r in mixed)
            {
                var x = r.Mix!;
                var rate = x.CacheHitRate is { } h ? h.ToString("P1", CultureInfo.InvariantCulture) : "-";
                var outcomes = string.Join(", ", r.Outcomes.Select(o => $"{o.Key} {o.Value.ToString("N0", CultureInfo.InvariantCulture)}"));
                sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {r.Scenario} | {x.Types} | {x.Departments} | {x.Items:N0} | {x.Distinct:N0} | {rate} | {outcomes} |"));
            }
        }

        var m = reports[0].Machine;
        sb.AppendLine();
        sb.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Measured {reports[0].StartedAt:yyyy-MM-dd HH:mm} UTC on {m.ProcessorCount} cores, {m.Os}, {m.Runtime}; load generator and server on the same cores."));
        return sb.ToString();
    }
}
