using Google.Protobuf;
using Trust.Grpc.V1;

namespace Trust.LoadGen;

/// <summary>
/// <c>seal</c>: SealPdf calls, one PDF each (<c>--pdf FILE</c>, or a small generated one-page
/// PDF), streamed in <c>--chunk</c>-byte messages; the sealed PDF is read back in full and its
/// size checked against the result message. The seal is <c>--seal-id</c> or the first usable seal
/// of <c>--department</c> (or of any department) from ListSeals.
/// </summary>
internal static class SealPdfScenario
{
    public static async Task<LoadReport> RunAsync(CommandLine line, ServerConnection connection, LoadPlan plan, TextWriter log, CancellationToken cancellationToken)
    {
        var pdfPath = line.Text("pdf");
        var chunk = line.Int("chunk", 64 * 1024, 1_024, 4 * 1024 * 1024);
        var sealId = line.Text("seal-id");
        var department = line.Text("department");
        line.RejectUnknown();

        var seals = new SealService.SealServiceClient(connection.Channel);
        if (sealId is null)
        {
            var list = await seals.ListSealsAsync(new ListSealsRequest { Department = department ?? string.Empty }, connection.Call(cancellationToken)).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            sealId = list.Seals.FirstOrDefault(s => !s.Revoked && (s.ValidTo is null || s.ValidTo.ToDateTimeOffset() > now))?.SealId
                ?? throw new UsageException($"the server lists no usable seal{(department is null ? string.Empty : " for " + department)} (start it with seals: Trust:PkiSeals > 0)");
        }

        var pdf = pdfPath is null ? MinimalPdf.Create() : await File.ReadAllBytesAsync(pdfPath, cancellationToken).ConfigureAwait(false);
        var pieces = Enumerable.Range(0, (pdf.Length + chunk - 1) / chunk)
            .Select(i => ByteString.CopyFrom(pdf, i * chunk, Math.Min(chunk, pdf.Length - (i * chunk))))
            .ToArray();
        await log.WriteLineAsync($"sealing a {pdf.Length:N0}-byte PDF with seal {sealId} in {pieces.Length} chunk(s)").ConfigureAwait(false);

        RequestSender send = async ct =>
        {
            using var call = seals.SealPdf(connection.Call(ct));
            await call.RequestStream.WriteAsync(new SealPdfRequest { Header = new SealPdfHeader { SealId = sealId, Size = pdf.Length, Reason = "load test" } }, ct).ConfigureAwait(false);
            foreach (var piece in pieces)
            {
                await call.RequestStream.WriteAsync(new SealPdfRequest { Chunk = new PdfChunk { Data = piece } }, ct).ConfigureAwait(false);
            }

            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
            long expected = -1, received = 0;
            while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
            {
                var message = call.ResponseStream.Current;
                if (message.Result is { } result)
                {
                    expected = result.Size;
                }
                else if (message.Chunk is { } data)
                {
                    received += data.Data.Length;
                }
            }

            var ok = expected > pdf.Length && received == expected;
            return new RequestOutcome(1, ok ? 0 : 1, new Dictionary<string, int> { [ok ? "sealed" : "incomplete"] = 1 });
        };

        if (plan.Warmup > TimeSpan.Zero)
        {
            await LoadRunner.RunAsync(send, plan.Concurrency, plan.Warmup, cancellationToken).ConfigureAwait(false);
        }

        await log.WriteLineAsync($"measuring: {plan.Duration.TotalSeconds:0.#} s, concurrency {plan.Concurrency}").ConfigureAwait(false);
        var started = DateTimeOffset.UtcNow;
        var phase = await LoadRunner.RunAsync(send, plan.Concurrency, plan.Duration, cancellationToken).ConfigureAwait(false);
        var settings = new ReportSettings(plan.Concurrency, 1, plan.Duration.TotalSeconds, plan.Warmup.TotalSeconds, 1, false, false);
        return LoadReport.From(plan.Scenario, "seal_pdf", connection.Target, started, plan.Labels, settings, phase);
    }
}
