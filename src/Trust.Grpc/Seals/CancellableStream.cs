namespace Trust.Grpc.Seals;

/// <summary>
/// Passes every operation to an inner stream and throws <see cref="OperationCanceledException"/> on the next
/// read or write once the token is cancelled. Lets synchronous library code (sealing, verification) that takes
/// no token stop soon after a client cancels or its deadline passes. Does not own the inner stream.
/// </summary>
internal sealed class CancellableStream : Stream
{
    private readonly Stream _inner;
    private readonly CancellationToken _token;

    public CancellableStream(Stream inner, CancellationToken token)
    {
        _inner = inner;
        _token = token;
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => _inner.CanSeek;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => _inner.Length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        _token.ThrowIfCancellationRequested();
        return _inner.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        _token.ThrowIfCancellationRequested();
        return _inner.Read(buffer);
    }

    public override int ReadByte()
    {
        _token.ThrowIfCancellationRequested();
        return _inner.ReadByte();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        _token.ThrowIfCancellationRequested();
        _inner.Write(buffer, offset, count);
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _token.ThrowIfCancellationRequested();
        _inner.Write(buffer);
    }

    public override void WriteByte(byte value)
    {
        _token.ThrowIfCancellationRequested();
        _inner.WriteByte(value);
    }

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void SetLength(long value) => _inner.SetLength(value);

    public override void Flush() => _inner.Flush();
}
