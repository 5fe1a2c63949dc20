namespace Trust.Core.Keys;

/// <summary>Where a private key's passphrase comes from: an environment variable or a secret file.</summary>
public static class KeyPassphrase
{
    /// <summary>Reads the passphrase from environment variable <paramref name="variable"/>.</summary>
    /// <exception cref="TrustKeyException">The variable is not set or empty.</exception>
    public static string FromEnvironment(string variable) => FromEnvironment(variable, "passphrase");

    internal static string FromEnvironment(string variable, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(variable);
        var value = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(value))
        {
            throw new TrustKeyException($"The {what} environment variable {variable} is not set.");
        }

        return value;
    }

    /// <summary>Reads the passphrase from the first line of a secret file.</summary>
    /// <exception cref="TrustKeyException">The file is missing, empty or larger than 4 KiB.</exception>
    public static string FromFile(string path) => FromFile(path, "passphrase");

    internal static string FromFile(string path, string what)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new TrustKeyException($"The {what} file {path} does not exist.");
        }

        if (info.Length > 4096)
        {
            throw new TrustKeyException($"The {what} file {path} is larger than 4 KiB.");
        }

        var line = File.ReadLines(path).FirstOrDefault()?.TrimEnd('\r');
        if (string.IsNullOrEmpty(line))
        {
            throw new TrustKeyException($"The {what} file {path} is empty.");
        }

        return line;
    }
}
