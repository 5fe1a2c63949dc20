using System.Security.Cryptography;

namespace Trust.Core.Crypto.Sm3;

/// <summary>
/// HMAC (RFC 2104 / GB/T 15852.2) over SM3, allocation-free. The key's inner and outer padded
/// states are absorbed once when the instance is keyed, so each MAC costs only the message
/// blocks plus one outer block.
/// </summary>
internal struct HmacSm3
{
    private Sm3State _inner;
    private Sm3State _outer;
    private Sm3State _work;

    /// <summary>Keys the MAC (keys longer than a block are hashed first, per RFC 2104).</summary>
    internal static HmacSm3 Create(ReadOnlySpan<byte> key)
    {
        Span<byte> block = stackalloc byte[Sm3Core.BlockSize];
        block.Clear();
        if (key.Length > Sm3Core.BlockSize)
        {
            Sm3State.Hash(key, block);
        }
        else
        {
            key.CopyTo(block);
        }

        var mac = default(HmacSm3);
        mac._inner = Sm3State.Create();
        mac._outer = Sm3State.Create();
        for (int i = 0; i < block.Length; i++)
        {
            block[i] ^= 0x36;
        }

        mac._inner.Append(block);
        for (int i = 0; i < block.Length; i++)
        {
            block[i] ^= 0x36 ^ 0x5C;
        }

        mac._outer.Append(block);
        CryptographicOperations.ZeroMemory(block);
        mac._work = mac._inner;
        return mac;
    }

    /// <summary>Feeds message bytes.</summary>
    internal void Append(ReadOnlySpan<byte> data) => _work.Append(data);

    /// <summary>Writes the 32-byte tag and readies the instance for the next message under the same key.</summary>
    internal void Finish(Span<byte> destination)
    {
        Span<byte> innerHash = stackalloc byte[Sm3State.HashLength];
        _work.Finish(innerHash);
        var outer = _outer;
        outer.Append(innerHash);
        outer.Finish(destination);
        CryptographicOperations.ZeroMemory(innerHash);
        _work = _inner;
    }

    /// <summary>One-shot HMAC-SM3.</summary>
    internal static void Compute(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var mac = Create(key);
        mac.Append(data);
        mac.Finish(destination);
    }
}
