namespace Trust.Pdf.Internal.Reader;

/// <summary>
/// A read-only, seekable view of the first <see cref="Length"/> bytes of another stream. Used to
/// open one revision of an incrementally updated PDF (the prefix ending at its %%EOF) without
/// copying the file.
/// </summary>
internal sealed class BoundedReadStream : Stream
{
    private readonly Stream _inner;
    private readonly long _length;
    private long _position;
    private readonly byte[] _buffer = new byte[1 << 16];
    private long _bufferStart;
    private int _bufferCount;

    public BoundedReadStream(Stream inner, long length)
    {
        if (!inner.CanSeek || !inner.CanRead)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(inner));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, inner.Length);
        _inner = inner;
        _length = length;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => _position = Math.Clamp(value, 0, _length);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var remaining = _length - _position;
        if (remaining <= 0 || buffer.Length == 0)
        {
            return 0;
        }

        if (buffer.Length > remaining)
        {
            buffer = buffer[..(int)remaining];
        }

        // Serve from the read-ahead buffer (PdfPig reads byte by byte while tokenising).
        if (_position >= _bufferStart && _position < _bufferStart + _bufferCount)
        {
            var available = (int)(_bufferStart + _bufferCount - _position);
            var n = Math.Min(available, buffer.Length);
            _buffer.AsSpan((int)(_position - _bufferStart), n).CopyTo(buffer);
            _position += n;
            return n;
        }

        if (buffer.Length >= _buffer.Length)
        {
            _inner.Position = _position;
            var direct = _inner.Read(buffer);
            _position += direct;
            return direct;
        }

        _inner.Position = _position;
        _bufferStart = _position;
        _bufferCount = _inner.Read(_buffer, 0, (int)Math.Min(_buffer.Length, _length - _position));
        if (_bufferCount <= 0)
        {
            _bufferCount = 0;
            return 0;
        }

        return Read(buffer);
    }

    public override int ReadByte()
    {
        if (_position >= _bufferStart && _position < _bufferStart + _bufferCount && _position < _length)
        {
            return _buffer[(int)(_position++ - _bufferStart)];
        }

        Span<byte> one = stackalloc byte[1];
        return Read(one) == 1 ? one[0] : -1;
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
