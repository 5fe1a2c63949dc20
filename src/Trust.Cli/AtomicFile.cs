namespace Trust.Cli;

/// <summary>Writes output files atomically: a temporary file in the same folder, then a rename.</summary>
internal static class AtomicFile
{
    internal static void WriteAllBytes(string path, ReadOnlySpan<byte> contents)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new CliUsageException($"--out {path}: the folder {directory} does not exist");
        }

        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
