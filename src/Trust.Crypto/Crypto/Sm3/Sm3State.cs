using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Trust.Core.Crypto.Sm3;

/// <summary>
/// Incremental SM3 (GB/T 32905-2016) as a value type: the chaining value, a one-block buffer
/// and the length, with no heap allocation. Used by <see cref="Sm3Digest"/>, HMAC-SM3 and
/// the SM2 engine's Z and e computations.
/// </summary>
internal struct Sm3State
{
    internal const int HashLength = 32;

    private ChainingValue _v;
    private BlockBuffer _buffer;
    private int _buffered;
    private ulong _totalBytes;

    /// <summary>A state ready to hash (IV loaded).</summary>
    internal static Sm3State Create()
    {
        var state = default(Sm3State);
        state.Reset();
        return state;
    }

    /// <summary>Reloads the IV and forgets everything appended.</summary>
    internal void Reset()
    {
        Sm3Core.InitialValue.CopyTo(_v);
        _buffered = 0;
        _totalBytes = 0;
    }

    /// <summary>Hashes <paramref name="data"/> in one call.</summary>
    internal static void Hash(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var state = Create();
        state.Append(data);
        state.Finish(destination);
    }

    /// <summary>Feeds more data; whole blocks are compressed straight from <paramref name="data"/>.</summary>
    internal void Append(ReadOnlySpan<byte> data)
    {
        _totalBytes += (ulong)data.Length;
        if (_buffered > 0)
        {
            int take = Math.Min(Sm3Core.BlockSize - _buffered, data.Length);
            data[..take].CopyTo(((Span<byte>)_buffer)[_buffered..]);
            _buffered += take;
            data = data[take..];
            if (_buffered < Sm3Core.BlockSize)
            {
                return;
            }

            Sm3Core.Compress(_v, _buffer);
            _buffered = 0;
        }

        int whole = data.Length & ~(Sm3Core.BlockSize - 1);
        if (whole > 0)
        {
            Sm3Core.Compress(_v, data[..whole]);
            data = data[whole..];
        }

        if (data.Length > 0)
        {
            data.CopyTo(_buffer);
            _buffered = data.Length;
        }
    }

    /// <summary>Pads (clause 5.2), writes the 32-byte hash and resets the state.</summary>
    internal void Finish(Span<byte> destination)
    {
        if (destination.Length < HashLength)
        {
            throw new ArgumentException("The destination is shorter than an SM3 hash.", nameof(destination));
        }

        ulong bitLength = _totalBytes * 8;
        Span<byte> buffer = _buffer;
        buffer[_buffered++] = 0x80;
        if (_buffered > Sm3Core.BlockSize - 8)
        {
            buffer[_buffered..].Clear();
            Sm3Core.Compress(_v, buffer);
            _buffered = 0;
        }

        buffer[_buffered..(Sm3Core.BlockSize - 8)].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(buffer[(Sm3Core.BlockSize - 8)..], bitLength);
        Sm3Core.Compress(_v, buffer);
        for (int i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(4 * i)..], _v[i]);
        }

        CryptographicOperations.ZeroMemory(buffer);
        Reset();
    }

    [InlineArray(8)]
    private struct ChainingValue
    {
        private uint _element0;
    }

    [InlineArray(Sm3Core.BlockSize)]
    private struct BlockBuffer
    {
        private byte _element0;
    }
}
