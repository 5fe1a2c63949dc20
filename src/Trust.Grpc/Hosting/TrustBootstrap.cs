using Trust.Core;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Storage;

namespace Trust.Grpc.Hosting;

/// <summary>What the server needs from its PKI and store, prepared before the host starts.</summary>
internal sealed class TrustBootstrap
{
    private TrustBootstrap(string pkiDirectory, string storeSpec, DevelopmentPkiManifest manifest, CertificateValidator validator, bool created)
    {
        PkiDirectory = pkiDirectory;
        StoreSpec = storeSpec;
        Manifest = manifest;
        Validator = validator;
        CreatedPki = created;
    }

    /// <summary>Absolute path of the PKI folder.</summary>
    public string PkiDirectory { get; }

    /// <summary>The store configuration string in use.</summary>
    public string StoreSpec { get; }

    /// <summary>The PKI manifest.</summary>
    public DevelopmentPkiManifest Manifest { get; }

    /// <summary>Trust anchors, intermediates and CRLs of the PKI.</summary>
    public CertificateValidator Validator { get; }

    /// <summary>Whether this start created the development PKI.</summary>
    public bool CreatedPki { get; }

    /// <summary>
    /// Checks the mode's rules, finds or creates the PKI and builds the certificate validator.
    /// </summary>
    /// <exception cref="TrustException">The configuration is not acceptable (the message says why).</exception>
    public static TrustBootstrap Prepare(TrustServerOptions options, IConfiguration configuration, TextWriter output)
    {
        if (options.IsProduction)
        {
            CheckProduction(options, configuration);
        }

        var pki = ResolvePkiDirectory(options.Pki);
        var created = false;
        if (!File.Exists(Path.Combine(pki, DevelopmentPki.ManifestFileName)))
        {
            if (options.IsProduction)
            {
                throw new TrustException($"Production mode: no PKI manifest in '{pki}'; the server does not create keys in production.");
            }

            // A fresh clone has certs-dev/README.md (a tracked placeholder) and nothing else.
            var onlyPlaceholder = Directory.Exists(pki) && Directory.EnumerateFileSystemEntries(pki).Select(Path.GetFileName).SequenceEqual(["README.md"]);
            if (!onlyPlaceholder && !DevelopmentPki.IsMissingOrEmpty(pki))
            {
                throw new TrustException($"'{pki}' is not empty but has no {DevelopmentPki.ManifestFileName}; refusing to create a development PKI over it.");
            }

            output.WriteLine($"No PKI in {pki}: creating a DEVELOPMENT PKI with {options.PkiDepartments} department(s) (keys protect nothing; never use them in production)...");
            var pkiOptions = new DevelopmentPkiOptions { Departments = options.PkiDepartments, Seals = options.PkiSeals, Force = onlyPlaceholder };
            if (options.PkiSeals > 0)
            {
                pkiOptions.Contributors.Add(new Trust.Core.Seals.SealPkiContributor()); // the GB/T 38540 seals, as `trust pki init` makes them
            }

            DevelopmentPki.Create(pki, pkiOptions);
            output.WriteLine($"Created the development PKI in {pki}.");
            created = true;
        }

        var manifest = DevelopmentPkiManifest.Load(pki);
        if (options.IsProduction && manifest.DevelopmentOnly)
        {
            throw new TrustException($"Production mode refuses development keys: '{pki}' is a development PKI ({DevelopmentPki.ManifestFileName} says development_only).");
        }

        if (options.IsProduction)
        {
            throw new TrustException("Production mode: loading production issuer keys is not implemented yet.");
        }

        var validator = new CertificateValidator(
            CertificatePem.LoadFile(Path.Combine(pki, "ca", "trust-anchors.pem")),
            CertificatePem.LoadFile(Path.Combine(pki, "ca", "intermediates.pem")),
            CertificatePem.LoadCrlFile(Path.Combine(pki, "crl", "all.pem")));
        var store = string.IsNullOrWhiteSpace(options.Store) ? TrustStores.Sqlite(Path.Combine(pki, "trust.db")) : options.Store;
        return new TrustBootstrap(pki, store, manifest, validator, created);
    }

    /// <summary>
    /// The PKI folder: absolute paths as given; relative ones against the current directory,
    /// except that an existing PKI at the repository root (two levels above this project when
    /// run with <c>dotnet run --project src/Trust.Grpc</c> from elsewhere) is preferred when the
    /// current directory has none.
    /// </summary>
    internal static string ResolvePkiDirectory(string configured)
    {
        if (Path.IsPathRooted(configured))
        {
            return configured;
        }

        var here = Path.GetFullPath(configured);
        if (File.Exists(Path.Combine(here, DevelopmentPki.ManifestFileName)))
        {
            return here;
        }

        var root = FindRepositoryRoot(Directory.GetCurrentDirectory());
        return root is null ? here : Path.GetFullPath(Path.Combine(root, configured));
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private static void CheckProduction(TrustServerOptions options, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(options.Store))
        {
            throw new TrustException("Production mode needs an explicit store (Trust:Store).");
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            var url = endpoint["Url"];
            if (url is null || !url.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                throw new TrustException($"Production mode needs TLS: Kestrel endpoint '{endpoint.Key}' is not https.");
            }
        }

        Security.TrustAuthentication.CheckProduction(options);
    }
}
