using System.IO.Compression;
using Trust.Core;

namespace Trust.Documents.Archives;

/// <summary>
/// The ZIP container of an archival package: written deterministically (entries sorted by ordinal name, one fixed
/// modification time, no extra fields), read with the limits of <see cref="ArchivalPackageLimits"/>.
/// </summary>
internal static class ArchivalZip
{
    /// <summary>The modification time of every entry (ZIP stores DOS times; the package's real time is in its metadata).</summary>
    public static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Entries below this size are not held to the compression ratio limit (small XML compresses well).</summary>
    private const long RatioFloor = 64 * 1024;

    public static byte[] Write(IEnumerable<KeyValuePair<string, byte[]>> entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, data) in entries.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = EntryTime;
                using var stream = entry.Open();
                stream.Write(data);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Why <paramref name="name"/> is not a safe entry name, or null when it is.</summary>
    public static string? UnsafeName(string name, int maxLength)
    {
        if (name.Length == 0)
        {
            return "empty name";
        }

        if (name.Length > maxLength)
        {
            return $"longer than {maxLength} characters";
        }

        if (name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal) || (name.Length > 1 && name[1] == ':'))
        {
            return "absolute path";
        }

        if (name.Any(char.IsControl))
        {
            return "control character";
        }

        return name.Split('/').Any(p => p is "" or "." or "..") ? "empty, '.' or '..' path segment" : null;
    }

    /// <summary>The entries by name (directories skipped).</summary>
    /// <exception cref="TrustFormatException">Not a ZIP, an unsafe or duplicate name, or over a limit (field: the entry or <c>package</c>).</exception>
    public static SortedDictionary<string, byte[]> Read(byte[] package, ArchivalPackageLimits limits)
    {
        var result = new SortedDictionary<string, byte[]>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > limits.MaxEntries)
            {
                throw new TrustFormatException("package", $"The package has {zip.Entries.Count} entries (at most {limits.MaxEntries}).");
            }

            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName;
                if (name.EndsWith('/') && entry.Length == 0)
                {
                    continue;
                }

                if (UnsafeName(name, limits.MaxNameLength) is { } why)
                {
                    throw new TrustFormatException("package", $"Unsafe entry name '{Printable(name)}': {why}.");
                }

                if (!seen.Add(name))
                {
                    throw new TrustFormatException(name, $"Duplicate entry '{name}'.");
                }

                if (entry.Length < 0 || entry.Length > limits.MaxEntryBytes)
                {
                    throw new TrustFormatException(name, $"Entry '{name}' expands to {entry.Length} bytes (at most {limits.MaxEntryBytes}).");
                }

                if (entry.Length > RatioFloor && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
                {
                    throw new TrustFormatException(name, $"Entry '{name}' expands {entry.Length / Math.Max(1, entry.CompressedLength)} times (at most {limits.MaxCompressionRatio}): a ZIP bomb?");
                }

                total += entry.Length;
                if (total > limits.MaxTotalBytes)
                {
                    throw new TrustFormatException("package", $"The package expands to more than {limits.MaxTotalBytes} bytes.");
                }

                using var stream = entry.Open();
                var data = new byte[entry.Length];
                stream.ReadExactly(data);
                if (stream.ReadByte() != -1)
                {
                    throw new TrustFormatException(name, $"Entry '{name}' is longer than its header says.");
                }

                result.Add(name, data);
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or NotSupportedException or IOException or ArgumentException)
        {
            throw new TrustFormatException("package", "Not a readable archival package (ZIP): " + ex.Message, innerException: ex);
        }

        return result;
    }

    private static string Printable(string name) =>
        new([.. name.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
}
