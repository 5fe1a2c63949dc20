using System.Globalization;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Trust.Grpc.V1;

namespace Trust.LoadGen.Mixed;

/// <summary>
/// <c>mixed-seal</c>: PDF sealing and verification rotating every usable seal the server lists (160 of 86 departments in
/// the full development PKI, SM2 and RSA), with PDFs of mixed sizes (<c>--sizes</c>, default 10 KB to 20 MB, drawn with
/// <c>--size-weights</c>). Each request seals one PDF (SealPdf, streamed), reads the sealed PDF back, and verifies it
/// (VerifyPdf): the verdict must be valid with the seal just used; a share (<c>--reseal</c>) of sealed PDFs is sealed again
/// with the next seal before verification (an archive document sealed by a second department: both seals must stay valid).
/// </summary>
internal static class MixedSealScenario
{
    public static async Task<LoadReport> RunAsync(CommandLine line, ServerConnection connection, LoadPlan plan, TextWriter log, CancellationToken cancellationToken)
    {
        var chunk = line.Int("chunk", 64 * 1024, 1_024, 4 * 1024 * 1024);
        var sizes = Numbers(line.Text("sizes", "10240,102400,1048576,5242880,20971520")!, "sizes");
        var weights = Numbers(line.Text("size-weights", "60,25,10,4,1")!, "size-weights");
        var reseal = MixedPhase.Share(line, "reseal", 0.1);
        var seed = line.Int("seed", 20, int.MinValue, int.MaxValue);
        var maxRequests = line.Int("max-requests", 0, 0, int.MaxValue);
        using var counters = ServerCounters.Open(line);
        line.RejectUnknown();
        if (sizes.Length != weights.Length || weights.Sum() <= 0)
        {
            throw new UsageException("--sizes and --size-weights need the same number of entries and a positive total weight");
        }

        var client = new SealService.SealServiceClient(connection.Channel);
        var list = await client.ListSealsAsync(new ListSealsRequest(), connection.Call(cancellationToken)).ConfigureAwait(false);
        var now = DateTimeOffset.UtcNow;
        var seals = list.Seals.Where(s => !s.Revoked && (s.ValidTo is null || s.ValidTo.ToDateTimeOffset() > now)).OrderBy(s => s.SealId, StringComparer.Ordinal).ToArray();
        if (seals.Length == 0)
        {
            throw new UsageException("the server lists no usable seal (start it with seals: Trust:PkiSeals > 0)");
        }

        var pdfs = sizes.Select(s => SizedPdf.Create((int)s)).ToArray();
        await log.WriteLineAsync($"setup: {seals.Length} seals of {seals.Select(s => s.Department).Distinct().Count()} departments; PDFs of {string.Join(", ", pdfs.Select(p => p.Length.ToString("N0", CultureInfo.InvariantCulture)))} bytes").ConfigureAwait(false);
        var random = new Random(seed);
        var nextSeal = -1L;
        var measuring = false;
        var seen = new SeenSet(seals.Length);
        var bySize = new long[sizes.Length];
        long bytes = 0, resealed = 0;
        RequestSender send = async ct =>
        {
            int size;
            bool again;
            lock (random)
            {
                size = Draw(weights, random);
                again = random.NextDouble() < reseal;
            }

            var first = (int)(Interlocked.Increment(ref nextSeal) % seals.Length);
            var sealed1 = await SealAsync(client, connection, seals[first].SealId, pdfs[size], chunk, ct).ConfigureAwait(false);
            var used = new List<string> { seals[first].SealId };
            var document = sealed1;
            if (again)
            {
                var second = (int)(Interlocked.Increment(ref nextSeal) % seals.Length);
                document = await SealAsync(client, connection, seals[second].SealId, sealed1, chunk, ct).ConfigureAwait(false);
                used.Add(seals[second].SealId);
            }

            var report = await VerifyAsync(client, connection, document, chunk, ct).ConfigureAwait(false);
            if (Volatile.Read(ref measuring))
            {
                seen.Mark(first);
                Interlocked.Increment(ref bySize[size]);
                Interlocked.Add(ref bytes, pdfs[size].Length);
                if (again)
                {
                    Interlocked.Increment(ref resealed);
                }
            }

            return Judge(used, report);
        };

        var (phase, started, changes) = await MixedPhase.RunAsync(send, plan, counters, log, $"{seals.Length} seals rotating, {reseal:P0} sealed twice", () => Volatile.Write(ref measuring, true), cancellationToken, maxRequests).ConfigureAwait(false);
        var covered = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["seals_sm2"] = seals.Count(s => s.Algorithm.StartsWith("SM2", StringComparison.Ordinal)),
            ["seals_rsa"] = seals.Count(s => s.Algorithm.StartsWith("RSA", StringComparison.Ordinal)),
            ["pdf_bytes"] = Interlocked.Read(ref bytes),
            ["sealed_twice"] = Interlocked.Read(ref resealed),
        };
        for (var i = 0; i < sizes.Length; i++)
        {
            covered["pdfs_of_" + sizes[i].ToString(CultureInfo.InvariantCulture) + "_bytes"] = bySize[i];
        }

        var mix = new MixSummary(null, seals.Length, seals.Select(s => s.Department).Distinct(StringComparer.Ordinal).Count(), seals.Length, seen.Distinct, null, 0, 0,
            new SortedDictionary<string, long>(StringComparer.Ordinal) { ["valid"] = phase.Items }, covered, changes);
        var settings = new ReportSettings(plan.Concurrency, 1, plan.Duration.TotalSeconds, plan.Warmup.TotalSeconds, seals.Length, false, false);
        return LoadReport.From(plan.Scenario, "seal_pdf", connection.Target, started, plan.Labels, settings, phase, mix);
    }

    /// <summary>Valid when the document verifies valid and every seal used is among its valid seals.</summary>
    internal static RequestOutcome Judge(IReadOnlyList<string> sealsUsed, VerifyPdfResponse report)
    {
        var validSeals = report.Seals.Where(s => s.Verdict == "valid").Select(s => s.SealId).ToList();
        var ok = report.Verdict == "valid" && sealsUsed.All(id => validSeals.Contains(id, StringComparer.Ordinal));
        var name = ok ? "valid" : "pdf_" + report.Verdict + (report.Reasons.Count > 0 ? ":" + string.Join('+', report.Reasons) : string.Empty);
        return new RequestOutcome(1, ok ? 0 : 1, new Dictionary<string, int> { [name] = 1 });
    }

    private static async Task<byte[]> SealAsync(SealService.SealServiceClient client, ServerConnection connection, string sealId, byte[] pdf, int chunk, CancellationToken ct)
    {
        using var call = client.SealPdf(connection.Call(ct));
        await call.RequestStream.WriteAsync(new SealPdfRequest { Header = new SealPdfHeader { SealId = sealId, Size = pdf.Length, Reason = "mixed load test" } }, ct).ConfigureAwait(false);
        for (var offset = 0; offset < pdf.Length; offset += chunk)
        {
            await call.RequestStream.WriteAsync(new SealPdfRequest { Chunk = new PdfChunk { Data = ByteString.CopyFrom(pdf, offset, Math.Min(chunk, pdf.Length - offset)) } }, ct).ConfigureAwait(false);
        }

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        using var output = new MemoryStream(pdf.Length + 65_536);
        long expected = -1;
        while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
        {
            var message = call.ResponseStream.Current;
            if (message.Result is { } result)
            {
                expected = result.Size;
            }
            else if (message.Chunk is { } data)
            {
                data.Data.WriteTo(output);
            }
        }

        if (expected <= pdf.Length || output.Length != expected)
        {
            throw new RpcException(new Status(StatusCode.DataLoss, $"sealed PDF incomplete: {output.Length} of {expected} bytes"));
        }

        return output.ToArray();
    }

    private static async Task<VerifyPdfResponse> VerifyAsync(SealService.SealServiceClient client, ServerConnection connection, byte[] pdf, int chunk, CancellationToken ct)
    {
        using var call = client.VerifyPdf(connection.Call(ct));
        await call.RequestStream.WriteAsync(new VerifyPdfRequest { Header = new VerifyPdfHeader { Size = pdf.Length } }, ct).ConfigureAwait(false);
        for (var offset = 0; offset < pdf.Length; offset += chunk)
        {
            await call.RequestStream.WriteAsync(new VerifyPdfRequest { Chunk = new PdfChunk { Data = ByteString.CopyFrom(pdf, offset, Math.Min(chunk, pdf.Length - offset)) } }, ct).ConfigureAwait(false);
        }

        await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        return await call.ResponseAsync.ConfigureAwait(false);
    }

    private static int Draw(long[] weights, Random random)
    {
        var u = random.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Length; i++)
        {
            u -= weights[i];
            if (u < 0)
            {
                return i;
            }
        }

        return weights.Length - 1;
    }

    private static long[] Numbers(string text, string name)
    {
        var parts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var values = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!long.TryParse(parts[i], NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]) || values[i] < 0 || values[i] > 1L << 30)
            {
                throw new UsageException($"--{name}: expected comma-separated whole numbers from 0 to {1L << 30}, got '{parts[i]}'");
            }
        }

        return values.Length > 0 ? values : throw new UsageException($"--{name}: no values");
    }
}

/// <summary>A valid one-page PDF of about a given size: the minimal page plus an unreferenced filler stream object (listed in the cross-reference table).</summary>
internal static class SizedPdf
{
    public static byte[] Create(int size)
    {
        var page = MinimalPdf.Create();
        var baseSize = page.Length + 200;
        var filler = Math.Max(0, size - baseSize);

        // Rebuild with a sixth object: the minimal PDF's objects, then the filler, then a new xref.
        var text = Encoding.Latin1.GetString(page);
        var xrefAt = text.LastIndexOf("xref\n", StringComparison.Ordinal);
        var body = new StringBuilder(text[..xrefAt]);
        var offsets = new List<int>();
        var cursor = 0;
        for (var n = 1; n <= 5; n++)
        {
            cursor = text.IndexOf($"{n} 0 obj\n", cursor, StringComparison.Ordinal);
            offsets.Add(cursor);
        }

        offsets.Add(Encoding.Latin1.GetByteCount(body.ToString()));
        var random = new Random(size);
        var fill = new char[filler];
        const string Hex = "0123456789abcdef";
        for (var i = 0; i < fill.Length; i++)
        {
            fill[i] = (i + 1) % 80 == 0 ? '\n' : Hex[random.Next(16)];
        }

        body.Append(CultureInfo.InvariantCulture, $"6 0 obj\n<< /Length {filler} >>\nstream\n").Append(fill).Append("\nendstream\nendobj\n");
        var xref = Encoding.Latin1.GetByteCount(body.ToString());
        body.Append("xref\n0 7\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            body.Append(CultureInfo.InvariantCulture, $"{offset:0000000000} 00000 n \n");
        }

        body.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(body.ToString());
    }
}
