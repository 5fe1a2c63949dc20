namespace Trust.Pdf.Internal.Archiving;

/// <summary>The files of a renewal: which files of a folder are archived objects, and atomic writes.</summary>
internal static class RenewalFiles
{
    /// <summary>
    /// Every file below <paramref name="root"/>, ordered by path (ordinal), except evidence-record sidecars
    /// (<c>*.ers</c>) and the temporary files of an interrupted write (<c>.NAME.tmp-*</c>).
    /// </summary>
    public static IEnumerable<string> Enumerate(string root) =>
        Directory.EnumerateFiles(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint, IgnoreInaccessible = false })
            .Where(path => !path.EndsWith(ArchiveRenewalOptions.EvidenceRecordExtension, StringComparison.Ordinal) && !IsTemporary(Path.GetFileName(path)))
            .Order(StringComparer.Ordinal);

    public static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    /// <summary>Writes <paramref name="contents"/> to <paramref name="path"/>: a temporary file in the same folder, flushed, then renamed over it.</summary>
    public static void WriteAtomically(string path, ReadOnlySpan<byte> contents)
    {
        var temp = TemporaryFor(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(contents);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>Rewrites <paramref name="path"/> through <paramref name="write"/> (source, target) into a temporary file, then renames it over the original.</summary>
    public static T ReplaceAtomically<T>(string path, Func<Stream, Stream, T> write)
    {
        var temp = TemporaryFor(path);
        try
        {
            T result;
            using (var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                result = write(source, target);
                target.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
            return result;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    private static string TemporaryFor(string path) =>
        Path.Combine(Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.tmp-{Guid.NewGuid():N}");

    private static bool IsTemporary(string name) => name.StartsWith('.') && name.Contains(".tmp-", StringComparison.Ordinal);
}
