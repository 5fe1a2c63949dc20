using System.Globalization;
using Grpc.Core;
using System.Security.Cryptography;
using Trust.Grpc.Security;
using Trust.Grpc.V1;
using Xunit.Abstractions;

namespace Trust.Grpc.Tests.Seals;

/// <summary>
/// A PDF over 100 MB streams through SealPdf and VerifyPdf on a server whose managed heap is capped at 48 MiB
/// (<see cref="LargePdfServerProcess"/>), and the server's peak resident memory grows by far less than the file.
/// </summary>
public sealed class LargePdfTests : IClassFixture<LargePdfServerProcess>
{
    private const long PaddingBytes = 110L * 1024 * 1024;

    private readonly LargePdfServerProcess _server;
    private readonly ITestOutputHelper _output;

    public LargePdfTests(LargePdfServerProcess server, ITestOutputHelper output)
    {
        _server = server;
        _output = output;
    }

    [Fact]
    public async Task Pdf_over_100_MB_seals_and_verifies_over_grpc_with_bounded_server_memory()
    {
        var seals = new SealService.SealServiceClient(_server.ChannelFor(TrustRoles.Verifier));
        var seal = (await seals.ListSealsAsync(new ListSealsRequest())).Seals.First(s => s.Algorithm == "RSA-SHA256");
        var sealer = new SealService.SealServiceClient(_server.ChannelFor(TrustRoles.Sealer, seal.Department));
        var input = Path.Combine(_server.Directory, "large.pdf");
        var output = Path.Combine(_server.Directory, "large-sealed.pdf");
        TestPdfFiles.WriteFile(input, PaddingBytes);
        var size = new FileInfo(input).Length;
        var peakBefore = PeakResidentBytes();

        SealPdfResult result;
        await using (var source = File.OpenRead(input))
        await using (var target = File.Create(output))
        {
            result = await SealCalls.SealAsync(sealer, new SealPdfHeader { SealId = seal.SealId, Size = size }, source, target, chunkBytes: 64 * 1024);
        }

        Assert.True(result.Size > size);
        await using (var sealedFile = File.OpenRead(output))
        {
            Assert.Equal(result.Sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(sealedFile)));
        }

        VerifyPdfResponse report;
        await using (var sealedFile = File.OpenRead(output))
        {
            report = await SealCalls.VerifyAsync(seals, sealedFile, chunkBytes: 64 * 1024);
        }

        Assert.Equal("valid", report.Verdict);
        Assert.True(Assert.Single(report.Seals).CoversWholeDocument);

        // Whole-file buffering of the upload or the result would hold at least one copy (110 MB) in memory.
        var peakAfter = PeakResidentBytes();
        var growth = peakAfter - peakBefore;
        _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"file {size / 1048576.0:F1} MiB; server peak RSS {peakBefore / 1048576.0:F1} -> {peakAfter / 1048576.0:F1} MiB (+{growth / 1048576.0:F1} MiB)"));
        Assert.True(growth < size / 2, $"server peak memory grew by {growth} bytes for a {size}-byte PDF");
        Assert.Empty(Directory.GetFiles(_server.SpoolDirectory));
        File.Delete(input);
        File.Delete(output);
    }

    [Fact]
    public async Task Seal_pdf_cancelled_after_the_upload_stops_sealing_and_leaves_no_temporary_file()
    {
        var seals = new SealService.SealServiceClient(_server.ChannelFor(TrustRoles.Verifier));
        var seal = (await seals.ListSealsAsync(new ListSealsRequest())).Seals.First(s => s.Algorithm == "RSA-SHA256");
        var sealer = new SealService.SealServiceClient(_server.ChannelFor(TrustRoles.Sealer, seal.Department));
        var input = Path.Combine(_server.Directory, "large-cancelled.pdf");
        TestPdfFiles.WriteFile(input, PaddingBytes);
        using var cancel = new CancellationTokenSource();
        using (var call = sealer.SealPdf(cancellationToken: cancel.Token))
        await using (var source = File.OpenRead(input))
        {
            await call.RequestStream.WriteAsync(new SealPdfRequest { Header = new SealPdfHeader { SealId = seal.SealId, Size = source.Length } });
            var buffer = new byte[64 * 1024];
            int read;
            while ((read = await source.ReadAsync(buffer)) > 0)
            {
                await call.RequestStream.WriteAsync(new SealPdfRequest { Chunk = new PdfChunk { Data = Google.Protobuf.ByteString.CopyFrom(buffer, 0, read) } });
            }

            await call.RequestStream.CompleteAsync();

            // The server now seals a 110 MiB file (or is about to): the client gives up.
            await cancel.CancelAsync();
            var cancelled = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(StatusCode.Cancelled, cancelled.StatusCode);
        }

        // Both spool files (the upload and the half-written sealed PDF) go, whatever phase the cancellation hit.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (Directory.GetFiles(_server.SpoolDirectory).Length > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "spool files left behind: " + string.Join(", ", Directory.GetFiles(_server.SpoolDirectory)));
            await Task.Delay(50);
        }

        Assert.True(_server.IsRunning);

        File.Delete(input);
    }

    /// <summary>VmHWM of /proc/PID/status: the server process's peak resident set size.</summary>
    private long PeakResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_server.ProcessId}/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        return kilobytes * 1024;
    }
}
