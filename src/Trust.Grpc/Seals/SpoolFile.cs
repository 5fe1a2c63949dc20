namespace Trust.Grpc.Seals;

/// <summary>
/// Private temporary files for PDFs in transit. Created in the spool folder (mode 0700) with mode 0600,
/// opened read-write with no sharing and deleted when closed (<see cref="FileOptions.DeleteOnClose"/>), so a
/// finished, failed or cancelled call leaves nothing behind; <see cref="Delete"/> also removes the name at once.
/// </summary>
internal static class SpoolFile
{
    private const string Prefix = "trust-pdf-";

    /// <summary>
    /// Creates the spool folder when missing (owner-only permissions on Unix), removes spool files left more than a
    /// day ago by a process that died mid-call, and returns the folder's full path.
    /// </summary>
    public static string PrepareDirectory(string directory)
    {
        var full = Path.GetFullPath(directory);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);
        }
        else
        {
            Directory.CreateDirectory(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var stale = DateTime.UtcNow.AddDays(-1);
        foreach (var file in Directory.EnumerateFiles(full, Prefix + "*.tmp"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < stale)
                {
                    File.Delete(file);
                }
            }
            catch (IOException)
            {
                // In use or already gone.
            }
        }

        return full;
    }

    /// <summary>Creates a new, empty, private temporary file in <paramref name="directory"/>.</summary>
    public static FileStream Create(string directory)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
            BufferSize = 1 << 16,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(Path.Combine(directory, Prefix + Guid.NewGuid().ToString("N") + ".tmp"), options);
    }

    /// <summary>Closes the file and makes sure its name is gone.</summary>
    public static void Delete(FileStream? file)
    {
        if (file is null)
        {
            return;
        }

        var path = file.Name;
        file.Dispose();
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Already gone (DeleteOnClose) or being removed: nothing to do.
        }
    }
}
