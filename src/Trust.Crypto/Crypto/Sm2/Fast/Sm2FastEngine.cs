using System.Security.Cryptography;

namespace Trust.Core.Crypto.Sm2.Fast;

/// <summary>
/// The performance-tuned SM2 engine for sm2p256v1 (GB/T 32918.2 signatures with SM3):
/// 64-bit-limb Montgomery field and scalar arithmetic, a constant-time fixed-base comb for
/// signing and key derivation, and interleaved wNAF with a cached per-key table for
/// verification. Registered as the default engine in <see cref="Sm2Engines"/>.
/// </summary>
internal sealed class Sm2FastEngine : ISm2Engine
{
    internal static readonly Sm2FastEngine Instance = new();

    public string Name => "Fast";

    /// <inheritdoc />
    /// <exception cref="TrustKeyException">The scalar is not 32 bytes or not in [1, n−2].</exception>
    public ISm2PrivateKeyHandle ImportPrivate(ReadOnlySpan<byte> scalar)
    {
        if (scalar.Length != 32)
        {
            throw new TrustKeyException($"An SM2 private key is 32 bytes, got {scalar.Length}.");
        }

        var d = U256.FromBigEndian(scalar);

        // 1 ≤ d ≤ n−2 (GB/T 32918.1 clause 6.1): d + 1 must be invertible mod n.
        var nMinus1 = new U256(Fn.N0 - 1, Fn.N1, Fn.N2, Fn.N3);
        if (d.IsZero || U256.LessThan(d, nMinus1) == 0)
        {
            throw new TrustKeyException("SM2 private key is out of range (must be 1 <= d <= n-2).");
        }

        return new Sm2FastPrivateKey(d);
    }

    /// <inheritdoc />
    public ISm2PublicKeyHandle? ImportPublic(ReadOnlySpan<byte> uncompressedPoint) =>
        AffinePoint.TryDecodeUncompressed(uncompressedPoint, out var q)
            ? new Sm2FastPublicKey(q, uncompressedPoint.ToArray())
            : null;
}

/// <summary>A private key with its per-key constants: d and (1 + d)^-1 in Montgomery form mod n.</summary>
internal sealed class Sm2FastPrivateKey : ISm2PrivateKeyHandle
{
    private readonly ZCache _z;
    private U256 _d;
    private U256 _dMont;
    private U256 _onePlusDInverseMont;
    private bool _disposed;

    internal Sm2FastPrivateKey(in U256 d)
    {
        _d = d;
        _dMont = Fn.ToMontgomery(d);
        _onePlusDInverseMont = Fn.ToMontgomery(Fn.Invert(Fn.Add(d, U256.One)));
        PublicPoint = FixedBaseMultiplier.Multiply(d).ToAffine().EncodeUncompressed();
        _z = new ZCache(PublicPoint);
    }

    public byte[] PublicPoint { get; }

    /// <summary>GB/T 32918.2 clause 6.1, steps A1–A7; returns DER <c>SEQUENCE { r, s }</c>.</summary>
    public byte[] Sign(ReadOnlySpan<byte> userId, ReadOnlySpan<byte> message)
    {
        Span<byte> raw = stackalloc byte[64];
        SignRaw(userId, message, raw);
        return Sm2SignatureDer.Encode(raw[..32], raw[32..]);
    }

    /// <summary>Signs into r ‖ s (64 bytes).</summary>
    internal void SignRaw(ReadOnlySpan<byte> userId, ReadOnlySpan<byte> message, Span<byte> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);

        // A1–A2: e = SM3(Z ‖ M).
        var e = Sm2Hashing.ComputeE(_z.Get(userId), message);
        var eReduced = Fn.Reduce(e);

        Span<byte> secrets = stackalloc byte[32 + 32 + 32 + 64];
        var dBytes = secrets[..32];
        var hBytes = secrets.Slice(32, 32);
        var extra = secrets.Slice(64, 32);
        var state = secrets[96..];
        try
        {
            _d.WriteBigEndian(dBytes);
            eReduced.WriteBigEndian(hBytes);
            Sm2Nonce.FreshEntropy(extra);
            var nonce = new Sm2Nonce(state, dBytes, hBytes, extra);
            while (true)
            {
                // A3–A4: k in [1, n−1], (x1, y1) = k·G (constant time).
                var k = nonce.Next();
                var kG = FixedBaseMultiplier.Multiply(k);
                var x1 = AffineX(kG);

                // A5: r = (e + x1) mod n; retry if r = 0 or r + k = n.
                var r = Fn.Add(eReduced, Fn.Reduce(x1));
                ulong retry = r.IsZeroMask() | Fn.Add(r, k).IsZeroMask();

                // A6: s = (1 + d)^-1 · (k − r·d) mod n; retry if s = 0.
                var rd = Fn.MulMont(r, _dMont);
                var s = Fn.MulMont(_onePlusDInverseMont, Fn.Sub(k, rd));
                retry |= s.IsZeroMask();
                k = default;

                // Only the (probability ~2^-255) retry decision is branched on.
                if (retry == 0)
                {
                    r.WriteBigEndian(destination[..32]);
                    s.WriteBigEndian(destination.Slice(32, 32));
                    return;
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secrets);
        }
    }

    /// <summary>The affine x of a finite point as a plain integer, constant time.</summary>
    private static U256 AffineX(in JacobianPoint p)
    {
        var zInv = Fp.Invert(p.Z);
        return Fp.FromMontgomery(Fp.Mul(p.X, Fp.Sqr(zInv)));
    }

    public byte[] ExportScalar()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _d.ToBigEndian();
    }

    public void Dispose()
    {
        _d = default;
        _dMont = default;
        _onePlusDInverseMont = default;
        _disposed = true;
    }
}

/// <summary>A validated public key; the verification table is built on first use and then cached.</summary>
internal sealed class Sm2FastPublicKey : ISm2PublicKeyHandle
{
    private readonly AffinePoint _q;
    private readonly ZCache _z;
    private PublicKeyTable? _table;

    internal Sm2FastPublicKey(in AffinePoint q, byte[] encoded)
    {
        _q = q;
        _z = new ZCache(encoded);
    }

    private int _verifications;

    internal PublicKeyTable Table => _table ??= PublicKeyTable.Build(_q);

    /// <summary>GB/T 32918.2 clause 7.1, steps B1–B7.</summary>
    public bool Verify(ReadOnlySpan<byte> userId, ReadOnlySpan<byte> message, ReadOnlySpan<byte> r, ReadOnlySpan<byte> s)
    {
        if (r.Length != 32 || s.Length != 32 || userId.Length > Sm2Hashing.MaxUserIdLength)
        {
            return false;
        }

        // B1–B2: 1 ≤ r, s ≤ n−1.
        var rValue = U256.FromBigEndian(r);
        var sValue = U256.FromBigEndian(s);
        if (!Fn.IsInRange(rValue) || !Fn.IsInRange(sValue))
        {
            return false;
        }

        // B3–B4: e = SM3(Z ‖ M'). B5: t = (r + s) mod n ≠ 0.
        var e = Fn.Reduce(Sm2Hashing.ComputeE(_z.Get(userId), message));
        var t = Fn.Add(rValue, sValue);
        if (t.IsZero)
        {
            return false;
        }

        // B6: (x1, y1) = s·G + t·Q. A key's first verification skips the table (it may be the
        // only one); from the second on, the cached table is built and used.
        var point = Interlocked.Increment(ref _verifications) == 1
            ? VerificationMultiplier.MultiplyWithoutTable(sValue, t, _q)
            : VerificationMultiplier.Multiply(sValue, t, Table);
        if (point.IsInfinity)
        {
            return false;
        }

        // B7: R = (e + x1) mod n == r. Instead of inverting Z, test x1 ∈ {c, c + n} for
        // c = (r − e) mod n directly in Jacobian form: X == x1·Z² (x1 < p, so c + n counts only below p).
        var c = Fn.Sub(rValue, e);
        var z2 = Fp.Sqr(point.Z);
        if (Fp.Mul(Fp.ToMontgomery(c), z2).Equals(point.X))
        {
            return true;
        }

        if (U256.Add(out var cPlusN, c, Fn.Order) == 0 && U256.LessThan(cPlusN, Fp.Modulus) == 1)
        {
            return Fp.Mul(Fp.ToMontgomery(cPlusN), z2).Equals(point.X);
        }

        return false;
    }
}
