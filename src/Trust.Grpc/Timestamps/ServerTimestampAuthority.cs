using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Timestamps;
using Trust.Grpc.Hosting;

namespace Trust.Grpc.Timestamps;

/// <summary>
/// The server's own RFC 3161 time-stamp authority: the PKI key named by <see cref="TrustServerOptions.TsaKey"/>, loaded
/// once. A PKI made before the TSA keys existed has none: <see cref="Authority"/> is null and the hosts answer
/// "unavailable" instead of failing to start.
/// </summary>
internal sealed class ServerTimestampAuthority
{
    private readonly Lazy<TimestampAuthority?> _authority;

    public ServerTimestampAuthority(TrustBootstrap boot, TrustServerOptions options)
    {
        _authority = new Lazy<TimestampAuthority?>(() => Load(boot, options.TsaKey));
        Validator = boot.Validator;
    }

    /// <summary>The authority, or null when the PKI has no such key.</summary>
    public TimestampAuthority? Authority => _authority.Value;

    /// <summary>The server's trust anchors (the TSA chains to them).</summary>
    public ICertificateValidator Validator { get; }

    /// <summary>An in-process client of the server's TSA (checks included), or null when there is none.</summary>
    public ITimestampClient? Client => Authority is { } authority ? new LocalTimestampClient(authority, Validator) : null;

    private static TimestampAuthority? Load(TrustBootstrap boot, string keyId)
    {
        if (boot.Manifest.FindKey(keyId) is not { } entry)
        {
            return null;
        }

        var chainPath = Path.Combine(boot.PkiDirectory, Path.ChangeExtension(entry.Certificate, ".chain.pem"));
        var chain = CertificatePem.LoadFile(File.Exists(chainPath) ? chainPath : Path.Combine(boot.PkiDirectory, entry.Certificate));
        var key = PrivateKeyPem.LoadFile(Path.Combine(boot.PkiDirectory, entry.Key), DevelopmentPki.ResolvePassphrase(), out _);
        return new TimestampAuthority(new TimestampAuthorityOptions { Key = key, CertificateChain = [.. chain] });
    }
}
