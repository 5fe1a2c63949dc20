using System.Security.Cryptography;
using Org.BouncyCastle.Crypto.Digests;

namespace Trust.Core.Crypto;

/// <summary>
/// An incremental message digest (SM3 or SHA-256). Use it to hash large inputs in chunks
/// without holding them in memory.
/// </summary>
public abstract class Digest : IDisposable
{
    /// <summary>The algorithm this digest computes.</summary>
    public abstract DigestAlgorithm Algorithm { get; }

    /// <summary>Digest length in bytes (32 for both algorithms).</summary>
    public int Length => 32;

    /// <summary>Feeds more data.</summary>
    public abstract void Append(ReadOnlySpan<byte> data);

    /// <summary>Writes the digest of everything appended so far into <paramref name="destination"/> and resets.</summary>
    public abstract void Finish(Span<byte> destination);

    /// <summary>Returns the digest of everything appended so far and resets.</summary>
    public byte[] Finish()
    {
        var result = new byte[Length];
        Finish(result);
        return result;
    }

    /// <summary>Creates an incremental digest.</summary>
    public static Digest Create(DigestAlgorithm algorithm) => algorithm switch
    {
        DigestAlgorithm.Sm3 => Sm3Engines.CreateDigest(),
        DigestAlgorithm.Sha256 => new Sha256Digest(),
        _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown digest algorithm."),
    };

    /// <summary>Hashes <paramref name="data"/> in one call.</summary>
    public static byte[] Hash(DigestAlgorithm algorithm, ReadOnlySpan<byte> data)
    {
        if (algorithm == DigestAlgorithm.Sha256)
        {
            return SHA256.HashData(data);
        }

        using var digest = Create(algorithm);
        digest.Append(data);
        return digest.Finish();
    }

    /// <summary>Hashes a stream from its current position to its end, in fixed-size chunks.</summary>
    public static byte[] Hash(DigestAlgorithm algorithm, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var digest = Create(algorithm);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                digest.Append(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return digest.Finish();
    }

    /// <summary>Releases resources held by the digest.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases resources held by the digest.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }

    private sealed class Sha256Digest : Digest
    {
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public override DigestAlgorithm Algorithm => DigestAlgorithm.Sha256;

        public override void Append(ReadOnlySpan<byte> data) => _hash.AppendData(data);

        public override void Finish(Span<byte> destination) => _hash.GetHashAndReset(destination);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _hash.Dispose();
            }
        }
    }
}

/// <summary>Chooses the SM3 implementation. The fast engine replaces the reference one here.</summary>
internal static class Sm3Engines
{
    // Issue 9: the managed SM3 (Crypto/Sm3) is the default; BouncyCastleSm3Digest stays as the reference.
    internal static Func<Digest> Factory { get; set; } = () => new Sm3.Sm3Digest();

    internal static Digest CreateDigest() => Factory();

    internal sealed class BouncyCastleSm3Digest : Digest
    {
        private readonly SM3Digest _digest = new();

        public override DigestAlgorithm Algorithm => DigestAlgorithm.Sm3;

        public override void Append(ReadOnlySpan<byte> data) => _digest.BlockUpdate(data);

        public override void Finish(Span<byte> destination) => _digest.DoFinal(destination);
    }
}
