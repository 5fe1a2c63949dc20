using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Storage;

namespace Trust.Cli.State;

/// <summary>
/// Where a command finds its state (brief section 11): the PKI folder's <c>pki.json</c>, its
/// certificates and CRLs, and the SQLite store <c>trust.db</c> in the same folder unless
/// <c>--store</c> names another folder or a store configuration (<c>sqlite:PATH</c>, <c>postgres:...</c>).
/// </summary>
internal static class CliState
{
    /// <summary>File name of the default SQLite store inside the state folder.</summary>
    internal const string StoreFileName = "trust.db";

    /// <summary>Largest certificate or CRL PEM file read from the PKI folder.</summary>
    private const long MaxPemFileBytes = 4 * 1024 * 1024;

    /// <summary>The store configuration string for this invocation.</summary>
    internal static string StoreSpec(CliInvocation run)
    {
        var store = run.Parse.GetValue(run.Context.Store);
        if (store is not null && (store.StartsWith("sqlite:", StringComparison.Ordinal) ||
            store.StartsWith("postgres:", StringComparison.Ordinal) || store.StartsWith("postgresql:", StringComparison.Ordinal)))
        {
            return store;
        }

        return TrustStores.Sqlite(Path.Combine(store ?? run.PkiDirectory, StoreFileName));
    }

    /// <summary>Opens the store (creating the SQLite file and its folder when missing).</summary>
    internal static TrustStore OpenStore(CliInvocation run) => TrustStores.Open(StoreSpec(run));

    /// <summary>Reads <c>pki.json</c> from the <c>--pki</c> folder.</summary>
    /// <exception cref="CliUsageException">No PKI there.</exception>
    internal static DevelopmentPkiManifest LoadManifest(CliInvocation run)
    {
        var directory = run.PkiDirectory;
        if (!File.Exists(Path.Combine(directory, DevelopmentPki.ManifestFileName)))
        {
            throw new CliUsageException($"--pki {directory}: no {DevelopmentPki.ManifestFileName} there (create one with 'trust pki init --out {directory}')");
        }

        return DevelopmentPkiManifest.Load(directory);
    }

    /// <summary>
    /// A certificate validator over the PKI: roots as trust anchors, issuing CAs as intermediates,
    /// every CA's CRL.
    /// </summary>
    internal static CertificateValidator LoadValidator(CliInvocation run, DevelopmentPkiManifest manifest)
    {
        var anchors = new List<byte[]>();
        var intermediates = new List<byte[]>();
        var crls = new List<byte[]>();
        foreach (var authority in manifest.Authorities)
        {
            var certificates = CertificatePem.LoadAll(ReadPem(run, authority.Certificate));
            (authority.Issuer is null ? anchors : intermediates).AddRange(certificates);
            var crlPath = Resolve(run, authority.Crl);
            if (File.Exists(crlPath))
            {
                crls.AddRange(CertificatePem.LoadAllCrls(ReadPem(run, authority.Crl)));
            }
            else
            {
                run.Warn($"CRL {authority.Crl} of {authority.Id} is missing; certificates it revoked would not be seen as revoked");
            }
        }

        if (anchors.Count == 0)
        {
            throw new CliUsageException($"--pki {run.PkiDirectory}: {DevelopmentPki.ManifestFileName} lists no root CA");
        }

        return new CertificateValidator(anchors, intermediates, crls);
    }

    /// <summary>The certificates and CRLs of every authority of the PKI (DER), for a document security store; missing CRL files are skipped.</summary>
    internal static (IReadOnlyList<byte[]> Certificates, IReadOnlyList<byte[]> Crls) LoadValidationMaterial(CliInvocation run, DevelopmentPkiManifest manifest)
    {
        var certificates = new List<byte[]>();
        var crls = new List<byte[]>();
        foreach (var authority in manifest.Authorities)
        {
            certificates.AddRange(CertificatePem.LoadAll(ReadPem(run, authority.Certificate)));
            if (File.Exists(Resolve(run, authority.Crl)))
            {
                crls.AddRange(CertificatePem.LoadAllCrls(ReadPem(run, authority.Crl)));
            }
        }

        return (certificates, crls);
    }

    /// <summary>The certificates of a PEM file in the PKI folder (DER, in file order).</summary>
    internal static IReadOnlyList<byte[]> LoadCertificates(CliInvocation run, string relative) =>
        CertificatePem.LoadAll(ReadPem(run, relative));

    /// <summary>Decrypts a private key of the PKI with the development passphrase (see <see cref="DevelopmentPki.ResolvePassphrase"/>).</summary>
    /// <exception cref="CliUsageException">Missing file or wrong passphrase (the message says which variable to set).</exception>
    internal static SigningKey LoadKey(CliInvocation run, string relative)
    {
        var path = Resolve(run, relative);
        if (!File.Exists(path))
        {
            throw new CliUsageException($"--pki {run.PkiDirectory}: key {relative} is missing");
        }

        try
        {
            var key = PrivateKeyPem.LoadFile(path, DevelopmentPki.ResolvePassphrase(), out var encrypted);
            if (!encrypted)
            {
                run.Warn($"{relative} is not encrypted; keep private keys as encrypted PKCS#8 (PBES2)");
            }

            return key;
        }
        catch (TrustKeyException ex)
        {
            throw new CliUsageException($"key {relative}: {ex.Message} (the passphrase comes from ${DevelopmentPki.PassphraseVariable}, else the development default)");
        }
    }

    private static string Resolve(CliInvocation run, string relative) =>
        Path.Combine(run.PkiDirectory, relative.Replace('/', Path.DirectorySeparatorChar));

    private static string ReadPem(CliInvocation run, string relative)
    {
        var path = Resolve(run, relative);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new CliUsageException($"--pki {run.PkiDirectory}: {relative} is missing");
        }

        if (info.Length > MaxPemFileBytes)
        {
            throw new CliUsageException($"--pki {run.PkiDirectory}: {relative} is larger than {MaxPemFileBytes} bytes");
        }

        return File.ReadAllText(path);
    }
}
