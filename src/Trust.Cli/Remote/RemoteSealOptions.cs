using System.CommandLine;
using System.Globalization;
using Trust.Cli.Commands;
using System.Security.Cryptography.X509Certificates;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Seals;
using Trust.RemoteSealing;

namespace Trust.Cli.Remote;

/// <summary>
/// The <c>--remote URL --token T --timeout S</c> options (and <c>--client-cert FILE --client-key FILE --ca FILE</c> for mutual TLS) of <c>trust seal pdf</c> and <c>trust seal sign-file</c>: seal
/// through a remote seal platform whose keys never reach this machine. <c>--pki</c> then needs only the trust anchors,
/// intermediates and CRLs, which check the platform's seal certificate before anything is written.
/// </summary>
internal sealed class RemoteSealOptions
{
    public Option<string?> Remote { get; } = new("--remote")
    {
        Description = "Seal through this seal platform (its gRPC endpoint, e.g. https://seals.example:5001) instead of a local key; " +
            "only the to-be-signed digest structure crosses the network.",
        HelpName = "URL",
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = "Bearer token for --remote (role sealer, the seal's department).",
        HelpName = "TOKEN",
    };

    public Option<string?> ClientCertificate { get; } = new("--client-cert")
    {
        Description = "Client certificate for mutual TLS with --remote https://... (PEM with --client-key, or a PKCS#12 file); " +
            "the platform reads role sealer and the departments from its SAN URIs.",
        HelpName = "FILE",
    };

    public Option<string?> ClientKey { get; } = new("--client-key")
    {
        Description = "Private key of --client-cert (PEM PKCS#8; an encrypted key is opened with $" + DevelopmentPki.PassphraseVariable +
            " or the development passphrase, or with the variable named by --client-key-pass-env).",
        HelpName = "FILE",
    };

    public Option<string?> ClientKeyPassEnv { get; } = new("--client-key-pass-env")
    {
        Description = "Environment variable holding the passphrase of --client-key (or of a PKCS#12 --client-cert).",
        HelpName = "VAR",
    };

    public Option<string?> Ca { get; } = new("--ca")
    {
        Description = "PEM file of the roots the platform's TLS certificate must chain to (default: the system's trust store).",
        HelpName = "FILE",
    };

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Deadline of each call to --remote, in seconds.",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => SealPlatformClientOptions.DefaultTimeout.TotalSeconds,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Remote);
        command.Options.Add(Token);
        command.Options.Add(ClientCertificate);
        command.Options.Add(ClientKey);
        command.Options.Add(ClientKeyPassEnv);
        command.Options.Add(Ca);
        command.Options.Add(Timeout);
    }

    /// <summary>The platform client when <c>--remote</c> is given, else null (then the other remote options are refused).</summary>
    /// <exception cref="CliUsageException">A bad URL, no credentials, an unreadable certificate or key, or a bad timeout.</exception>
    public SealPlatformClient? Open(ParseResult parse)
    {
        var remote = parse.GetValue(Remote);
        var token = parse.GetValue(Token);
        var certificatePath = parse.GetValue(ClientCertificate);
        var keyPath = parse.GetValue(ClientKey);
        var caPath = parse.GetValue(Ca);
        if (remote is null)
        {
            var stray = token is not null ? "--token" : certificatePath is not null ? "--client-cert" : keyPath is not null ? "--client-key" : caPath is not null ? "--ca" : null;
            return stray is null ? null : throw new CliUsageException($"{stray}: only with --remote");
        }

        if (!Uri.TryCreate(remote, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"--remote {remote}: expected the platform's gRPC endpoint, http://HOST:PORT or https://HOST:PORT");
        }

        if (string.IsNullOrWhiteSpace(token) && certificatePath is null)
        {
            throw new CliUsageException("--token: required with --remote (a bearer token with the sealer role), unless --client-cert gives a client certificate");
        }

        if (keyPath is not null && certificatePath is null)
        {
            throw new CliUsageException("--client-key: only with --client-cert");
        }

        if (certificatePath is not null && address.Scheme != "https")
        {
            throw new CliUsageException($"--client-cert: mutual TLS needs an https:// --remote, not {remote}");
        }

        var seconds = parse.GetValue(Timeout);
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 3600)
        {
            throw new CliUsageException($"--timeout {seconds.ToString(CultureInfo.InvariantCulture)}: expected 0 < seconds <= 3600");
        }

        X509Certificate2? certificate = null;
        if (certificatePath is not null)
        {
            var passEnv = parse.GetValue(ClientKeyPassEnv);
            var passphrase = passEnv is null ? DevelopmentPki.ResolvePassphrase() : Environment.GetEnvironmentVariable(passEnv)
                ?? throw new CliUsageException($"--client-key-pass-env {passEnv}: the variable is not set");
            try
            {
                certificate = SealPlatformClientOptions.LoadClientCertificate(certificatePath, keyPath, passphrase);
            }
            catch (ArgumentException ex)
            {
                throw new CliUsageException($"--client-cert: {ex.Message}");
            }
        }

        IReadOnlyList<X509Certificate2>? roots = null;
        if (caPath is not null)
        {
            if (!File.Exists(caPath))
            {
                throw new CliUsageException($"--ca {caPath}: file does not exist");
            }

            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(caPath);
            roots = collection.Count > 0 ? [.. collection] : throw new CliUsageException($"--ca {caPath}: no PEM certificate in it");
        }

        return new SealPlatformClient(new SealPlatformClientOptions
        {
            Address = address,
            Token = string.IsNullOrWhiteSpace(token) ? null : token,
            ClientCertificate = certificate,
            TrustedRoots = roots,
            Timeout = TimeSpan.FromSeconds(seconds),
        });
    }

    /// <summary>
    /// Fetches the seal and its chain from the platform and checks the chain against <c>--pki</c>'s trust anchors and
    /// CRLs (a platform cannot make us embed a certificate we do not trust).
    /// </summary>
    /// <exception cref="CliRefusedException">The platform refused or did not answer, or its certificate is not trusted.</exception>
    /// <exception cref="CliUsageException">The seal does not exist on the platform, or --pki has no trust anchors.</exception>
    public static (SealRecord Seal, IReadOnlyList<byte[]> Chain) FetchTrusted(CliInvocation run, SealPlatformClient provider, string sealId)
    {
        var anchors = SealCommands.PkiPath(run, "ca/trust-anchors.pem");
        if (!File.Exists(anchors))
        {
            throw new CliUsageException($"--pki {run.PkiDirectory}: no ca/trust-anchors.pem there (needed to check the platform's seal certificate)");
        }

        SealRecord seal;
        IReadOnlyList<byte[]> chain;
        try
        {
            seal = provider.GetSeal(sealId);
            chain = provider.GetCertificateChain(sealId);
        }
        catch (SealPlatformException ex)
        {
            throw new CliRefusedException($"--seal {sealId}: {ex.Message}");
        }

        var intermediates = SealCommands.PkiPath(run, "ca/intermediates.pem");
        var crls = SealCommands.PkiPath(run, "crl/all.pem");
        var validator = new CertificateValidator(
            CertificatePem.LoadFile(anchors),
            File.Exists(intermediates) ? CertificatePem.LoadFile(intermediates) : [],
            File.Exists(crls) ? CertificatePem.LoadCrlFile(crls) : []);
        var result = validator.Validate(chain[0], [.. chain.Skip(1).Select(c => (ReadOnlyMemory<byte>)c)], DateTimeOffset.UtcNow, CertificateUsage.Seal);
        if (result.Status != ChainStatus.Trusted)
        {
            throw new CliRefusedException($"--seal {sealId}: the platform's seal certificate is not trusted by --pki {run.PkiDirectory} ({result.Status}: {string.Join(", ", result.Reasons)})");
        }

        return (seal, chain);
    }
}
