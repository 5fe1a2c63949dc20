using System.Security.Cryptography.X509Certificates;
using Trust.Core.Pki.Development;
using Trust.Grpc.Hosting;
using Trust.RemoteSealing;

namespace Trust.Grpc.Seals;

/// <summary>
/// Checks the <c>Trust:SealPlatform</c> settings at start (with the other settings, before anything is created) and
/// opens the platform client from them.
/// </summary>
internal static class SealPlatformSettings
{
    private const string Prefix = "Trust:SealPlatform:";

    /// <summary>One line per problem, naming the key; empty when the section is absent or acceptable.</summary>
    public static IEnumerable<string> Problems(IConfiguration configuration)
    {
        var address = configuration[Prefix + "Address"];
        var others = new[] { "Token", "TokenFile", "ClientCertificate", "ClientKey", "Ca" }.Where(k => !string.IsNullOrEmpty(configuration[Prefix + k])).ToArray();
        if (string.IsNullOrEmpty(address))
        {
            if (others.Length > 0)
            {
                yield return $"{Prefix}{others[0]}: only with {Prefix}Address";
            }

            yield break;
        }

        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            yield return $"{Prefix}Address: '{Shown(address)}' is not allowed; the platform's gRPC endpoint, https://HOST:PORT or http://HOST:PORT";
            yield break;
        }

        var token = configuration[Prefix + "Token"];
        var tokenFile = configuration[Prefix + "TokenFile"];
        var certificate = configuration[Prefix + "ClientCertificate"];
        var key = configuration[Prefix + "ClientKey"];
        if (!string.IsNullOrEmpty(token) && !string.IsNullOrEmpty(tokenFile))
        {
            yield return $"{Prefix}TokenFile: give Token or TokenFile, not both";
        }

        if (string.IsNullOrEmpty(token) && string.IsNullOrEmpty(tokenFile) && string.IsNullOrEmpty(certificate))
        {
            yield return $"{Prefix}Token: required with {Prefix}Address (or TokenFile, or ClientCertificate for mutual TLS)";
        }

        if (!string.IsNullOrEmpty(certificate) && uri.Scheme != "https")
        {
            yield return $"{Prefix}ClientCertificate: mutual TLS needs an https:// {Prefix}Address";
        }

        if (!string.IsNullOrEmpty(key) && string.IsNullOrEmpty(certificate))
        {
            yield return $"{Prefix}ClientKey: only with {Prefix}ClientCertificate";
        }

        foreach (var name in new[] { "TokenFile", "ClientCertificate", "ClientKey", "Ca" })
        {
            if (configuration[Prefix + name] is { Length: > 0 } path && !File.Exists(path))
            {
                yield return $"{Prefix}{name}: file '{Shown(path)}' does not exist";
                yield break;
            }
        }

        if (!string.IsNullOrEmpty(certificate) && Unusable(certificate, string.IsNullOrEmpty(key) ? null : key) is { } problem)
        {
            yield return $"{Prefix}ClientCertificate: {problem}";
        }
    }

    private static string? Unusable(string certificate, string? key)
    {
        try
        {
            using var loaded = SealPlatformClientOptions.LoadClientCertificate(certificate, key, DevelopmentPki.ResolvePassphrase());
            return null;
        }
        catch (ArgumentException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The platform client for <paramref name="options"/>, or null when no platform is configured.</summary>
    /// <exception cref="ArgumentException">A certificate, key, token file or CA file cannot be used (the message names it).</exception>
    public static SealPlatformClient? Open(TrustServerOptions.SealPlatformOptions options)
    {
        if (string.IsNullOrEmpty(options.Address))
        {
            return null;
        }

        var token = options.TokenFile is { Length: > 0 } file ? File.ReadAllText(file).Trim() : options.Token;
        X509Certificate2? certificate = null;
        if (options.ClientCertificate is { Length: > 0 } certificatePath)
        {
            certificate = SealPlatformClientOptions.LoadClientCertificate(certificatePath, options.ClientKey is { Length: > 0 } k ? k : null, DevelopmentPki.ResolvePassphrase());
        }

        IReadOnlyList<X509Certificate2>? roots = null;
        if (options.Ca is { Length: > 0 } ca)
        {
            var collection = new X509Certificate2Collection();
            collection.ImportFromPemFile(ca);
            roots = collection.Count > 0 ? [.. collection] : throw new ArgumentException($"{Prefix}Ca: no PEM certificate in '{ca}'");
        }

        return new SealPlatformClient(new SealPlatformClientOptions
        {
            Address = new Uri(options.Address),
            Token = string.IsNullOrWhiteSpace(token) ? null : token,
            ClientCertificate = certificate,
            TrustedRoots = roots,
            Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
        });
    }

    private static string Shown(string value)
    {
        var oneLine = new string([.. value.Select(c => char.IsControl(c) ? '?' : c)]);
        return oneLine.Length <= 60 ? oneLine : oneLine[..60] + "...";
    }
}
