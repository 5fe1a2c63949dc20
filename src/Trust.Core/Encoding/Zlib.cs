using System.IO.Compression;

namespace Trust.Core.Encoding;

/// <summary>zlib (RFC 1950) compression with a hard cap on the inflated size (decompression bomb protection).</summary>
internal static class Zlib
{
    /// <summary>Compresses with the smallest output.</summary>
    public static byte[] Compress(ReadOnlySpan<byte> data)
    {
        using var output = new MemoryStream();
        using (var z = new ZLibStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(data);
        }

        return output.ToArray();
    }

    /// <summary>Inflates <paramref name="compressed"/>, refusing to produce more than <paramref name="maxInflatedBytes"/>.</summary>
    /// <exception cref="TrustFormatException">Not zlib data, truncated, or inflates past the cap.</exception>
    public static byte[] Decompress(ReadOnlyMemory<byte> compressed, int maxInflatedBytes, string field = "zlib")
    {
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var z = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            var buffer = new byte[8192];
            int read;
            while ((read = z.Read(buffer, 0, buffer.Length)) > 0)
            {
                if (output.Length + read > maxInflatedBytes)
                {
                    throw new TrustFormatException(field, $"inflates to more than {maxInflatedBytes} bytes");
                }

                output.Write(buffer, 0, read);
            }

            if (input.Position != input.Length)
            {
                throw new TrustFormatException(field, "trailing bytes after the zlib stream", input.Position);
            }

            return output.ToArray();
        }
        catch (InvalidDataException ex)
        {
            throw new TrustFormatException(field, "not valid zlib data", null, ex);
        }
    }
}
