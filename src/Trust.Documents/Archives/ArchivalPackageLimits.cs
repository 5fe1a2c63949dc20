namespace Trust.Documents.Archives;

/// <summary>
/// What the package reader accepts before it refuses a ZIP as hostile: entries, sizes, the compression ratio of one
/// entry (a ZIP bomb expands a few kilobytes to gigabytes) and the length of entry names. Unsafe names (absolute paths,
/// <c>..</c>, backslashes, drive letters, control characters) and duplicate names (also differing only in case) are
/// always refused.
/// </summary>
public sealed class ArchivalPackageLimits
{
    /// <summary>Most entries in a package (default 10,000).</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Largest uncompressed entry (default 512 MiB).</summary>
    public long MaxEntryBytes { get; init; } = 512L << 20;

    /// <summary>Largest total of all uncompressed entries (default 1 GiB); the package is checked in memory.</summary>
    public long MaxTotalBytes { get; init; } = 1L << 30;

    /// <summary>Largest ratio of uncompressed to compressed size for an entry over 64 KiB (default 200).</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>Longest entry name in characters (default 512).</summary>
    public int MaxNameLength { get; init; } = 512;

    /// <summary>The defaults.</summary>
    public static ArchivalPackageLimits Default { get; } = new();
}
