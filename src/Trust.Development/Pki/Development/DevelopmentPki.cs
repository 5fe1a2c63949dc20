namespace Trust.Core.Pki.Development;

/// <summary>
/// Creates the development PKI of brief section 10: SM2 and RSA root and issuing CAs, seal-maker
/// certificates, department certificates (half SM2, half RSA) with licence-issuer keys, a
/// grant-signing key, a status-list signing key, TLS server and client certificates, a CRL per
/// CA, a notice (MANIFEST.md) and the manifest <c>pki.json</c>. Every private key is encrypted PKCS#8 (PBES2).
/// Seals are added by an <see cref="IPkiContributor"/>. DEVELOPMENT MATERIAL ONLY.
/// </summary>
public static class DevelopmentPki
{
    /// <summary>Environment variable that supplies the key passphrase.</summary>
    public const string PassphraseVariable = "TRUST_PKI_PASSPHRASE";

    /// <summary>The documented development passphrase used when <see cref="PassphraseVariable"/> is not set. Not a secret.</summary>
    public const string DefaultPassphrase = "trust-development-only";

    /// <summary>File name of the manifest.</summary>
    public const string ManifestFileName = "pki.json";

    /// <summary>The passphrase of a development PKI: <see cref="PassphraseVariable"/> if set, else <see cref="DefaultPassphrase"/>.</summary>
    public static string ResolvePassphrase()
    {
        var value = Environment.GetEnvironmentVariable(PassphraseVariable);
        return string.IsNullOrEmpty(value) ? DefaultPassphrase : value;
    }

    /// <summary>
    /// Whether <paramref name="directory"/> is missing or empty (so <see cref="Create"/> needs no force). A folder whose only
    /// entry is a <c>README.md</c> (the repository's tracked <c>certs-dev/README.md</c>) counts as empty; generation leaves that
    /// file in place and writes its own notice as <c>MANIFEST.md</c>.
    /// </summary>
    public static bool IsMissingOrEmpty(string directory) =>
        !Directory.Exists(directory)
        || !Directory.EnumerateFileSystemEntries(directory).Any(e => Path.GetFileName(e) != DevelopmentPkiReadme.PlaceholderFileName);

    /// <summary>
    /// Creates the PKI in <paramref name="directory"/>. Everything is generated in a temporary
    /// sibling folder first and moved into place at the end: an error leaves nothing half-written.
    /// </summary>
    /// <returns>The manifest written to <c>pki.json</c>.</returns>
    /// <exception cref="TrustFormatException">An option is out of range.</exception>
    /// <exception cref="TrustException">The folder is not empty and <see cref="DevelopmentPkiOptions.Force"/> is not set.</exception>
    public static DevelopmentPkiManifest Create(string directory, DevelopmentPkiOptions options)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Departments is < 1 or > DevelopmentPkiOptions.MaxDepartments)
        {
            throw new TrustFormatException("departments", $"must be between 1 and {DevelopmentPkiOptions.MaxDepartments}, got {options.Departments}");
        }

        if (options.Seals < 0)
        {
            throw new TrustFormatException("seals", $"must not be negative, got {options.Seals}");
        }

        if (options.Pbkdf2Iterations < 1000)
        {
            throw new TrustFormatException("pbkdf2_iterations", $"must be at least 1000, got {options.Pbkdf2Iterations}");
        }

        var target = Path.GetFullPath(directory);
        if (!options.Force && !IsMissingOrEmpty(target))
        {
            throw new TrustException($"{directory} is not empty; refusing to overwrite it without force.");
        }

        var parent = Path.GetDirectoryName(target.TrimEnd(Path.DirectorySeparatorChar)) ?? ".";
        Directory.CreateDirectory(parent);
        var staging = Path.Combine(parent, $".{Path.GetFileName(target.TrimEnd(Path.DirectorySeparatorChar))}.tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var passphrase = options.Passphrase ?? ResolvePassphrase();
            var manifest = new DevelopmentPkiGenerator(staging, passphrase, options).Generate();
            foreach (var contributor in options.Contributors)
            {
                options.Progress?.Report($"contributor {contributor.Name}");
                contributor.Contribute(new PkiContributionContext(staging, passphrase, options, manifest));
            }

            File.WriteAllText(Path.Combine(staging, ManifestFileName), manifest.ToJson() + "\n");
            MoveIntoPlace(staging, target);
            return manifest;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>Writes a private key file readable by its owner only.</summary>
    internal static void WritePrivate(string path, string pem)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(pem);
    }

    private static void MoveIntoPlace(string staging, string target)
    {
        if (!Directory.Exists(target))
        {
            Directory.Move(staging, target);
            return;
        }

        foreach (var entry in Directory.GetFileSystemEntries(staging))
        {
            var destination = Path.Combine(target, Path.GetFileName(entry));
            if (Directory.Exists(destination))
            {
                Directory.Delete(destination, recursive: true);
            }
            else if (File.Exists(destination))
            {
                File.Delete(destination);
            }

            if (Directory.Exists(entry))
            {
                Directory.Move(entry, destination);
            }
            else
            {
                File.Move(entry, destination);
            }
        }
    }
}
