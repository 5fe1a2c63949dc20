namespace Trust.Fuzz;

/// <summary>
/// The committed fuzz inputs of the repository: <c>fuzz/seeds/&lt;target&gt;/*</c> (small hand-made seeds) and
/// <c>fuzz/regressions/&lt;target&gt;/*</c> (inputs afl-fuzz found, replayed by the regression tests). Inputs of a
/// known, not yet fixed class live in <c>fuzz/regressions/&lt;target&gt;/known-&lt;class&gt;/</c> and are replayed only
/// by that class's own (skipped until the fix is merged) test. Shared by Trust.Core.Tests and Trust.Pdf.Tests.
/// </summary>
internal static class FuzzCorpus
{
    /// <summary>The repository root (the folder holding Trust.sln), found from the test assembly's folder.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The fuzz folder of the repository.</summary>
    public static string FuzzFolder => Path.Combine(RepositoryRoot, "fuzz");

    /// <summary>Seeds and fixed regressions of <paramref name="target"/>: paths relative to <see cref="FuzzFolder"/>, sorted.</summary>
    public static IEnumerable<string> Inputs(string target) =>
        new[] { "seeds", "regressions" }
            .Select(kind => Path.Combine(FuzzFolder, kind, target))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*", SearchOption.TopDirectoryOnly))
            .Where(path => !Path.GetFileName(path).StartsWith('.') && !path.EndsWith(".md", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(FuzzFolder, path))
            .Order(StringComparer.Ordinal);

    /// <summary>The inputs of one known class: <c>fuzz/regressions/&lt;target&gt;/known-&lt;name&gt;/*</c>, relative to <see cref="FuzzFolder"/>.</summary>
    public static IReadOnlyList<string> Known(string target, string name)
    {
        var folder = Path.Combine(FuzzFolder, "regressions", target, "known-" + name);
        return Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Where(p => !p.EndsWith(".md", StringComparison.Ordinal)).Select(p => Path.GetRelativePath(FuzzFolder, p)).Order(StringComparer.Ordinal).ToList()
            : [];
    }

    /// <summary>The subfolders of <c>fuzz/regressions/&lt;target&gt;/</c> (their names).</summary>
    public static IReadOnlyList<string> Subfolders(string target)
    {
        var folder = Path.Combine(FuzzFolder, "regressions", target);
        return Directory.Exists(folder) ? Directory.EnumerateDirectories(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList() : [];
    }

    /// <summary>The bytes of an input (path relative to <see cref="FuzzFolder"/>).</summary>
    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(FuzzFolder, relativePath));

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Trust.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Trust.sln not found above " + AppContext.BaseDirectory);
    }
}
