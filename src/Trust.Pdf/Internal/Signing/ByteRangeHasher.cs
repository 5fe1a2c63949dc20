using System.Buffers;
using Trust.Core.Crypto;

namespace Trust.Pdf.Internal.Signing;

/// <summary>Hashes the byte ranges of a PDF signature by streaming (ISO 32000-1 section 12.8.1).</summary>
internal static class ByteRangeHasher
{
    public static byte[] Hash(Stream stream, IReadOnlyList<long> byteRange, DigestAlgorithm algorithm)
    {
        using var digest = Digest.Create(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            for (var i = 0; i + 1 < byteRange.Count; i += 2)
            {
                stream.Position = byteRange[i];
                var remaining = byteRange[i + 1];
                while (remaining > 0)
                {
                    var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, remaining));
                    if (read <= 0)
                    {
                        throw new EndOfStreamException("The byte range runs past the end of the file.");
                    }

                    digest.Append(buffer.AsSpan(0, read));
                    remaining -= read;
                }
            }

            return digest.Finish();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
