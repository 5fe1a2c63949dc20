namespace Trust.Pdf.Internal.Reader;

/// <summary>
/// A read-only view of the input that checks the time limit of the verification (<see cref="ParseLimits.CheckTime"/>)
/// before every read and seek, so that no part of the work (parsing, hashing the byte ranges, change analysis) runs on
/// past <see cref="PdfVerificationOptions.MaxDuration"/>. Does not own the inner stream.
/// </summary>
internal sealed class TimedStream(Stream inner, ParseLimits limits) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set
        {
            limits.CheckTime();
            inner.Position = value;
        }
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        limits.CheckTime();
        return inner.Read(buffer, offset, count);
    }

    public override int Read(Span<byte> buffer)
    {
        limits.CheckTime();
        return inner.Read(buffer);
    }

    public override int ReadByte()
    {
        limits.CheckTime();
        return inner.ReadByte();
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        limits.CheckTime();
        return inner.Seek(offset, origin);
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
