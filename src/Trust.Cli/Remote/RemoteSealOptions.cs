using System.CommandLine;
using System.Globalization;
using Trust.Cli.Commands;
using Trust.Core.Pki;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;

namespace Trust.Cli.Remote;

/// <summary>
/// The <c>--remote URL --token T --timeout S</c> options of <c>trust seal pdf</c> and <c>trust seal sign-file</c>: seal
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

    public Option<double> Timeout { get; } = new("--timeout")
    {
        Description = "Deadline of each call to --remote, in seconds.",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => GrpcSealProvider.DefaultTimeout.TotalSeconds,
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Remote);
        command.Options.Add(Token);
        command.Options.Add(Timeout);
    }

    /// <summary>The remote provider when <c>--remote</c> is given, else null (then <c>--token</c> is refused).</summary>
    /// <exception cref="CliUsageException">A bad URL, no token, or a bad timeout.</exception>
    public GrpcSealProvider? Open(ParseResult parse, string documentDescription)
    {
        var remote = parse.GetValue(Remote);
        var token = parse.GetValue(Token);
        if (remote is null)
        {
            return token is null ? null : throw new CliUsageException("--token: only with --remote");
        }

        if (!Uri.TryCreate(remote, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
        {
            throw new CliUsageException($"--remote {remote}: expected the platform's gRPC endpoint, http://HOST:PORT or https://HOST:PORT");
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new CliUsageException("--token: required with --remote (a bearer token with the sealer role)");
        }

        var seconds = parse.GetValue(Timeout);
        if (!double.IsFinite(seconds) || seconds <= 0 || seconds > 3600)
        {
            throw new CliUsageException($"--timeout {seconds.ToString(CultureInfo.InvariantCulture)}: expected 0 < seconds <= 3600");
        }

        return new GrpcSealProvider(address, token, TimeSpan.FromSeconds(seconds), documentDescription);
    }

    /// <summary>
    /// Fetches the seal and its chain from the platform and checks the chain against <c>--pki</c>'s trust anchors and
    /// CRLs (a platform cannot make us embed a certificate we do not trust).
    /// </summary>
    /// <exception cref="CliRefusedException">The platform refused or did not answer, or its certificate is not trusted.</exception>
    /// <exception cref="CliUsageException">The seal does not exist on the platform, or --pki has no trust anchors.</exception>
    public static (SealRecord Seal, IReadOnlyList<byte[]> Chain) FetchTrusted(CliInvocation run, GrpcSealProvider provider, string sealId)
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
        catch (RemoteSealException ex)
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
