using System.CommandLine;
using Trust.Cli.State;
using Trust.Core.Pki;
using Trust.Core.Timestamps;

namespace Trust.Cli.Commands;

/// <summary>
/// <c>--tsa URL</c> and <c>--tsa-trust CA.pem</c>: a signature time-stamp from any RFC 3161 TSA. The token is checked
/// before use (imprint, nonce, TSA certificate with critical id-kp-timeStamping, chain to the PKI's roots or the
/// <c>--tsa-trust</c> anchors); a TSA that refuses or fails the checks makes the command exit 1 with nothing written.
/// </summary>
internal sealed class TsaOptions
{
    public Option<string?> Url { get; } = new("--tsa") { Description = "RFC 3161 time-stamp authority URL (for example http://127.0.0.1:5081/tsa): adds a signature time-stamp (PAdES B-T / GB/T 38540 timeStamp).", HelpName = "URL" };

    public Option<string[]> Trust { get; } = new("--tsa-trust") { Description = "Trust anchors (PEM) of a TSA outside this PKI; repeatable.", HelpName = "CA.pem", AllowMultipleArgumentsPerToken = false };

    public void AddTo(Command command)
    {
        command.Options.Add(Url);
        command.Options.Add(Trust);
    }

    /// <summary>The client, or null when <c>--tsa</c> is absent. Dispose the returned HTTP client after use.</summary>
    public (ITimestampClient? Client, HttpClient? Http) Create(ParseResult parse, CliInvocation run)
    {
        if (parse.GetValue(Url) is not { Length: > 0 } text)
        {
            return (null, null);
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliUsageException($"--tsa {text}: expected an http or https URL");
        }

        var validator = CreateValidator(parse, run);
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        return (new HttpTimestampClient(url, validator, http), http);
    }

    /// <summary>The validator for TSA certificates: the PKI folder's roots and CRLs (when it has a manifest) plus the <c>--tsa-trust</c> anchors.</summary>
    public CertificateValidator CreateValidator(ParseResult parse, CliInvocation run)
    {
        var validator = File.Exists(Path.Combine(run.PkiDirectory, Core.Pki.Development.DevelopmentPki.ManifestFileName))
            ? CliState.LoadValidator(run, CliState.LoadManifest(run))
            : new CertificateValidator([]);
        foreach (var path in parse.GetValue(Trust) ?? [])
        {
            if (!File.Exists(path))
            {
                throw new CliUsageException($"--tsa-trust {path}: file does not exist");
            }

            foreach (var certificate in CertificatePem.LoadFile(path))
            {
                validator.AddTrustAnchor(certificate);
            }
        }

        return validator;
    }

    /// <summary>Maps a TSA failure to exit 1 (refused) with the reasons.</summary>
    public static CliRefusedException Refused(TimestampException ex) => new($"--tsa: {ex.Message}");
}
