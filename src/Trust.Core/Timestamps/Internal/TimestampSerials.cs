using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Trust.Core.Timestamps.Internal;

/// <summary>
/// Serial numbers of time-stamp tokens (RFC 3161 section 2.4.2: unique for each token of a TSA). 128 bits: the
/// 48-bit Unix time in milliseconds, then 80 random bits. No state is kept, so the serials do not repeat across
/// restarts (the time moves on) nor across nodes that share the TSA key (two nodes collide only if they draw the same
/// 80 random bits in the same millisecond: probability about 2^-80 per pair of tokens). The top bit is zero until the
/// year 6429, so the INTEGER is positive.
/// </summary>
internal static class TimestampSerials
{
    public static byte[] Next(DateTimeOffset now)
    {
        var serial = new byte[16];
        Span<byte> time = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(time, Math.Max(0, now.ToUnixTimeMilliseconds()));
        time[2..].CopyTo(serial);
        RandomNumberGenerator.Fill(serial.AsSpan(6));
        return serial;
    }
}
