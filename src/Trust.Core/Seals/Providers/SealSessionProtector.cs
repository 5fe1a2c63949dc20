using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Trust.Core.Seals.Providers;

/// <summary>
/// Seals the state of a two-phase sealing session (what phase one froze) into opaque bytes the caller keeps, and
/// opens it again in phase two: HMAC-SHA256 over a versioned envelope with an expiry. The state is not secret (it
/// is the caller's own document's signed attributes) but cannot be changed or used after it expires.
/// </summary>
/// <remarks>
/// Envelope: <c>"TSS1" ‖ kind (1) ‖ expiry, Unix seconds (8, big-endian) ‖ state length (4, big-endian) ‖ state ‖ HMAC-SHA256 (32)</c>.
/// </remarks>
public sealed class SealSessionProtector
{
    /// <summary>The largest session accepted (1 MiB).</summary>
    public const int MaxSessionBytes = 1 << 20;

    private const int HeaderLength = 4 + 1 + 8 + 4;
    private const int MacLength = 32;
    private static ReadOnlySpan<byte> Magic => "TSS1"u8;

    private readonly byte[] _key;
    private readonly TimeProvider _time;

    /// <summary>Creates a protector.</summary>
    /// <param name="key">The MAC key, at least 32 bytes; both phases must use the same key.</param>
    /// <param name="lifetime">How long a session stays usable; 5 minutes when null.</param>
    /// <param name="timeProvider">The clock; the system clock when null.</param>
    /// <exception cref="ArgumentException">The key is shorter than 32 bytes or the lifetime is not positive.</exception>
    public SealSessionProtector(ReadOnlySpan<byte> key, TimeSpan? lifetime = null, TimeProvider? timeProvider = null)
    {
        if (key.Length < 32)
        {
            throw new ArgumentException("The session key must be at least 32 bytes.", nameof(key));
        }

        Lifetime = lifetime ?? TimeSpan.FromMinutes(5);
        if (Lifetime <= TimeSpan.Zero)
        {
            throw new ArgumentException("The session lifetime must be positive.", nameof(lifetime));
        }

        _key = key.ToArray();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>A protector with a fresh random key: sessions can only be completed in this process.</summary>
    public static SealSessionProtector CreateRandom(TimeSpan? lifetime = null, TimeProvider? timeProvider = null) =>
        new(RandomNumberGenerator.GetBytes(32), lifetime, timeProvider);

    /// <summary>How long a session stays usable.</summary>
    public TimeSpan Lifetime { get; }

    internal byte[] Protect(byte kind, ReadOnlySpan<byte> state, out DateTimeOffset expiresAt)
    {
        var now = _time.GetUtcNow();
        expiresAt = DateTimeOffset.FromUnixTimeSeconds((now + Lifetime).ToUnixTimeSeconds());
        var total = HeaderLength + state.Length + MacLength;
        if (total > MaxSessionBytes)
        {
            throw new TrustFormatException("session", $"The session state ({state.Length} bytes) is larger than a session may be.");
        }

        var session = new byte[total];
        Magic.CopyTo(session);
        session[4] = kind;
        BinaryPrimitives.WriteInt64BigEndian(session.AsSpan(5), expiresAt.ToUnixTimeSeconds());
        BinaryPrimitives.WriteInt32BigEndian(session.AsSpan(13), state.Length);
        state.CopyTo(session.AsSpan(HeaderLength));
        HMACSHA256.HashData(_key, session.AsSpan(0, total - MacLength), session.AsSpan(total - MacLength));
        return session;
    }

    /// <summary>Checks the envelope, then the MAC, then the expiry, and returns the state.</summary>
    /// <exception cref="SealingRefusedException">Malformed, tampered with (or another key), or expired.</exception>
    internal byte[] Unprotect(byte kind, ReadOnlySpan<byte> session)
    {
        if (session.Length < HeaderLength + MacLength || session.Length > MaxSessionBytes || !session[..4].SequenceEqual(Magic))
        {
            throw new SealingRefusedException(SealingReasons.SessionMalformed, $"The sealing session ({session.Length} bytes) is not a Trust sealing session.");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(session[13..]);
        if (length < 0 || length != session.Length - HeaderLength - MacLength)
        {
            throw new SealingRefusedException(SealingReasons.SessionMalformed, $"The sealing session is truncated or has trailing bytes (state length {length}, {session.Length} bytes in all).");
        }

        Span<byte> mac = stackalloc byte[MacLength];
        HMACSHA256.HashData(_key, session[..^MacLength], mac);
        if (!CryptographicOperations.FixedTimeEquals(mac, session[^MacLength..]))
        {
            throw new SealingRefusedException(SealingReasons.SessionTampered, "The sealing session was changed or made with another session key.");
        }

        if (session[4] != kind)
        {
            throw new SealingRefusedException(SealingReasons.SessionMalformed, "The sealing session belongs to another kind of document (PDF vs SES file).");
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(session[5..]));
        if (_time.GetUtcNow() > expires)
        {
            throw new SealingRefusedException(SealingReasons.SessionExpired, $"The sealing session expired at {expires:u}; prepare the document again.");
        }

        return session.Slice(HeaderLength, length).ToArray();
    }
}
