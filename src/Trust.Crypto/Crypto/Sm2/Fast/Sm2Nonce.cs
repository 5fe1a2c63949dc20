using System.Security.Cryptography;
using Trust.Core.Crypto.Sm3;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>
/// Nonce generation per RFC 6979 section 3.2 with HMAC-SM3 (hlen = qlen = 256), plus the
/// "additional data" k' of section 3.6 filled with 32 fresh random bytes ("hedged" signing).
/// </summary>
/// <remarks>
/// The deterministic part means a broken or repeated random source can never repeat k for two
/// different messages (the classic private-key leak); the fresh randomness means the same
/// message signs differently each time and a fault injected into one signing run cannot be
/// replayed against a known k. Candidate rejection (k = 0 or k ≥ n, probability about 2^-32)
/// branches only on whether a retry is needed.
/// </remarks>
internal ref struct Sm2Nonce
{
    private const int Size = 32;
    private readonly Span<byte> _k;
    private readonly Span<byte> _v;
    private HmacSm3 _mac; // keyed with the current K
    private bool _advance;

    /// <summary>Steps a–g of RFC 6979 section 3.2, with buffers supplied by the caller (64 bytes, wiped by the caller).</summary>
    internal Sm2Nonce(Span<byte> buffers, ReadOnlySpan<byte> privateScalar, ReadOnlySpan<byte> reducedHash, ReadOnlySpan<byte> extra)
    {
        _k = buffers[..Size];
        _v = buffers.Slice(Size, Size);
        _v.Fill(0x01);
        _k.Clear();
        Reseed(0x00, privateScalar, reducedHash, extra);
        Reseed(0x01, privateScalar, reducedHash, extra);
    }

    /// <summary>Step h: the next candidate in [1, n−1].</summary>
    internal U256 Next()
    {
        while (true)
        {
            if (_advance)
            {
                // h.3: K = HMAC_K(V ‖ 0x00), V = HMAC_K(V), before drawing again.
                Span<byte> zero = [0x00];
                _mac.Append(_v);
                _mac.Append(zero);
                _mac.Finish(_k);
                RekeyAndStepV();
            }

            _mac.Append(_v);
            _mac.Finish(_v);
            _advance = true;
            var candidate = U256.FromBigEndian(_v);
            if (Fn.IsInRange(candidate))
            {
                return candidate;
            }
        }
    }

    private void Reseed(byte separator, ReadOnlySpan<byte> privateScalar, ReadOnlySpan<byte> reducedHash, ReadOnlySpan<byte> extra)
    {
        // K = HMAC_K(V ‖ sep ‖ int2octets(x) ‖ bits2octets(h1) ‖ k'), V = HMAC_K(V).
        Span<byte> sep = [separator];
        var mac = HmacSm3.Create(_k);
        mac.Append(_v);
        mac.Append(sep);
        mac.Append(privateScalar);
        mac.Append(reducedHash);
        mac.Append(extra);
        mac.Finish(_k);
        RekeyAndStepV();
    }

    private void RekeyAndStepV()
    {
        _mac = HmacSm3.Create(_k);
        _mac.Append(_v);
        _mac.Finish(_v);
    }

    /// <summary>Fills <paramref name="extra"/> with fresh randomness (RFC 6979 section 3.6 k').</summary>
    internal static void FreshEntropy(Span<byte> extra) => RandomNumberGenerator.Fill(extra);
}
