using Trust.Core.Crypto;
using Trust.Core.Keys;

namespace Trust.Core.Pki.Development;

/// <summary>
/// Adds material to a development PKI after the CAs, departments and keys exist: the seal
/// issue registers one that creates the seals (GB/T 38540 SES_Seal) for the departments.
/// Register contributors in <see cref="DevelopmentPkiOptions.Contributors"/>.
/// </summary>
public interface IPkiContributor
{
    /// <summary>Short name for progress output, for example <c>seals</c>.</summary>
    string Name { get; }

    /// <summary>Creates the contributor's files through <paramref name="context"/> and records them in <see cref="PkiContributionContext.Manifest"/>'s extensions.</summary>
    void Contribute(PkiContributionContext context);
}

/// <summary>What a contributor can see and do while a development PKI is being created.</summary>
public sealed class PkiContributionContext
{
    private readonly string _root;
    private readonly string _passphrase;

    internal PkiContributionContext(string root, string passphrase, DevelopmentPkiOptions options, DevelopmentPkiManifest manifest)
    {
        _root = root;
        _passphrase = passphrase;
        Options = options;
        Manifest = manifest;
    }

    /// <summary>The options of this run (for example <see cref="DevelopmentPkiOptions.Seals"/>).</summary>
    public DevelopmentPkiOptions Options { get; }

    /// <summary>The manifest so far; add your entries to <see cref="DevelopmentPkiManifest.Extensions"/>.</summary>
    public DevelopmentPkiManifest Manifest { get; }

    /// <summary>Loads a private key of this PKI by its manifest path.</summary>
    public SigningKey LoadKey(string relativePath) => PrivateKeyPem.LoadFile(FullPath(relativePath), _passphrase, out _);

    /// <summary>Reads a DER certificate of this PKI by its manifest path.</summary>
    public byte[] LoadCertificate(string relativePath) => CertificatePem.LoadFile(FullPath(relativePath))[0];

    /// <summary>Writes a file under the PKI folder (directories are created).</summary>
    /// <returns>The manifest path of the file.</returns>
    public string WriteFile(string relativePath, ReadOnlySpan<byte> contents)
    {
        var full = FullPath(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, contents.ToArray());
        return relativePath;
    }

    /// <summary>Encrypts <paramref name="key"/> with this PKI's passphrase and writes it (mode 0600).</summary>
    /// <returns>The manifest path of the file.</returns>
    public string WriteKey(string relativePath, SigningKey key)
    {
        DevelopmentPki.WritePrivate(FullPath(relativePath), PrivateKeyPem.ExportEncrypted(key, _passphrase, Options.Pbkdf2Iterations));
        return relativePath;
    }

    private string FullPath(string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(_root, relativePath));
        if (!full.StartsWith(Path.GetFullPath(_root) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new TrustFormatException(nameof(relativePath), "must stay inside the PKI folder");
        }

        return full;
    }
}
