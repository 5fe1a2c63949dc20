using System.Buffers;
using Trust.Core.Crypto;

namespace Trust.Core.Seals;

/// <summary>Streaming digests of signed data: whole streams or byte ranges, in fixed chunks.</summary>
internal static class SealData
{
    private const int ChunkSize = 128 * 1024;

    /// <summary>Hashes <paramref name="length"/> bytes of <paramref name="data"/> starting at <paramref name="offset"/>; the whole rest of the stream when <paramref name="length"/> is null.</summary>
    internal static byte[] Hash(DigestAlgorithm algorithm, Stream data, long offset = 0, long? length = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        if (length is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), "The length must not be negative.");
        }

        if (offset != 0)
        {
            if (!data.CanSeek)
            {
                throw new ArgumentException("A byte range with an offset needs a seekable stream.", nameof(data));
            }

            data.Seek(offset, SeekOrigin.Begin);
        }

        using var digest = Digest.Create(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        try
        {
            var remaining = length ?? long.MaxValue;
            while (remaining > 0)
            {
                var read = data.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                if (read == 0)
                {
                    if (length is not null)
                    {
                        throw new TrustFormatException("data", $"the byte range ends {remaining} bytes after the end of the data");
                    }

                    break;
                }

                digest.Append(buffer.AsSpan(0, read));
                remaining -= read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return digest.Finish();
    }
}
