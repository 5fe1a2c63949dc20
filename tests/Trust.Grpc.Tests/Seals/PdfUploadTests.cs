using Google.Protobuf;
using Grpc.Core;
using Trust.Grpc.Seals;

namespace Trust.Grpc.Tests.Seals;

/// <summary>The spooling of chunked uploads without a server: limits, counting, cancellation, and nothing left behind.</summary>
public sealed class PdfUploadTests : IDisposable
{
    private readonly string _spool = SpoolFile.PrepareDirectory(Path.Combine(Path.GetTempPath(), "trust-upload-tests-" + Guid.NewGuid().ToString("N")));

    public void Dispose() => Directory.Delete(_spool, recursive: true);

    [Fact]
    public async Task Chunks_are_spooled_to_a_private_file_that_is_deleted_on_dispose()
    {
        var chunks = new[] { new byte[] { 1, 2, 3 }, [4, 5], [6] };
        string path;
        using (var upload = await ReceiveAsync(chunks, declared: 6, limit: 100))
        {
            path = upload.File.Name;
            Assert.Equal(6, upload.Length);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(new byte[] { 1, 2, 3, 4, 5, 6 }), upload.Sha256);
            Assert.Equal(0, upload.File.Position);
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_spool));
            }
        }

        Assert.False(File.Exists(path));
        Assert.Empty(Directory.GetFiles(_spool));
    }

    [Theory]
    [InlineData(0, 10, StatusCode.ResourceExhausted, "chunk:")]   // undeclared, over the limit
    [InlineData(5, 100, StatusCode.InvalidArgument, "chunk:")]    // more than declared
    [InlineData(50, 100, StatusCode.InvalidArgument, "header.size:")] // fewer than declared
    public async Task Wrong_sizes_stop_the_upload_and_leave_no_file(long declared, long limit, StatusCode expected, string field)
    {
        var chunks = Enumerable.Range(0, 4).Select(_ => new byte[4]).ToArray();
        var error = await Assert.ThrowsAsync<RpcException>(() => ReceiveAsync(chunks, declared, limit));
        Assert.Equal(expected, error.StatusCode);
        Assert.StartsWith(field, error.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_spool));
    }

    [Fact]
    public async Task Declared_size_over_the_limit_is_refused_before_reading_and_an_empty_upload_is_invalid()
    {
        Assert.Equal(StatusCode.ResourceExhausted, Assert.Throws<RpcException>(() => PdfUpload.CheckDeclaredSize("header.size", 101, 100)).StatusCode);
        Assert.Equal(StatusCode.InvalidArgument, Assert.Throws<RpcException>(() => PdfUpload.CheckDeclaredSize("header.size", -1, 100)).StatusCode);
        PdfUpload.CheckDeclaredSize("header.size", 100, 100);
        var empty = await Assert.ThrowsAsync<RpcException>(() => ReceiveAsync([], declared: 0, limit: 100));
        Assert.Equal(StatusCode.InvalidArgument, empty.StatusCode);
        Assert.Empty(Directory.GetFiles(_spool));
    }

    [Fact]
    public async Task Cancellation_mid_upload_leaves_no_file()
    {
        using var cancel = new CancellationTokenSource();
        var reader = new ChunkReader([new byte[10], new byte[10], new byte[10]], afterEach: index =>
        {
            if (index == 1)
            {
                Assert.Single(Directory.GetFiles(_spool)); // spooled to disk while it arrives
                cancel.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PdfUpload.ReceiveAsync(reader, b => b, 0, 1000, _spool, cancel.Token));
        Assert.Empty(Directory.GetFiles(_spool));
    }

    [Fact]
    public void Cancellable_stream_refuses_reads_and_writes_once_cancelled()
    {
        using var cancel = new CancellationTokenSource();
        using var inner = new MemoryStream(new byte[100]);
        using var stream = new CancellableStream(inner, cancel.Token);
        var buffer = new byte[10];
        Assert.Equal(10, stream.Read(buffer, 0, 10));
        cancel.Cancel();
        Assert.Throws<OperationCanceledException>(() => stream.Read(buffer, 0, 10));
        Assert.Throws<OperationCanceledException>(() => stream.Read(buffer.AsSpan()));
        Assert.Throws<OperationCanceledException>(() => stream.Write(buffer, 0, 10));
        Assert.Throws<OperationCanceledException>(() => stream.ReadByte());
    }

    private Task<PdfUpload> ReceiveAsync(byte[][] chunks, long declared, long limit) =>
        PdfUpload.ReceiveAsync(new ChunkReader(chunks), b => b, declared, limit, _spool, CancellationToken.None);

    private sealed class ChunkReader(byte[][] chunks, Action<int>? afterEach = null) : IAsyncStreamReader<ByteString>
    {
        private int _next;

        public ByteString Current { get; private set; } = ByteString.Empty;

        public Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (_next > 0)
            {
                afterEach?.Invoke(_next - 1);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (_next == chunks.Length)
            {
                return Task.FromResult(false);
            }

            Current = ByteString.CopyFrom(chunks[_next++]);
            return Task.FromResult(true);
        }
    }
}
