using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Certificate;
using Trust.Core.Pki;

namespace Trust.Grpc.Security;

/// <summary>
/// Remembers accepted client certificates so that each request on a connection does not rebuild the chain,
/// but never longer than it is safe: an entry counts only for the validator <see cref="ICertificateValidator.Version"/>
/// it was computed with (a CRL reload starts afresh, so a certificate revoked in a reloaded CRL is refused on its
/// next request), for at most <see cref="Lifetime"/> (absolute, unlike the framework's sliding cache, which a busy
/// client would keep alive forever), and never past the certificate's notAfter or the earliest CRL nextUpdate.
/// Refusals are not cached: their precise reason is computed again each time.
/// </summary>
internal sealed class CertificateResultCache : ICertificateValidationCache
{
    /// <summary>Longest time an accepted certificate is trusted without re-validation.</summary>
    internal static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);

    private const int MaxEntries = 10_000;
    private const string VersionItem = "trust.auth.validator-version";

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly CertificateValidator _validator;
    private readonly CrlRefresher _crls;

    public CertificateResultCache(CertificateValidator validator, CrlRefresher crls)
    {
        _validator = validator;
        _crls = crls;
    }

    public AuthenticateResult? Get(HttpContext context, X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(certificate);

        // Read the version before a validation on a miss, so a reload during the validation is never hidden.
        var version = _validator.Version;
        context.Items[VersionItem] = version;
        return _entries.TryGetValue(Key(certificate), out var entry) && entry.Version == version && DateTimeOffset.UtcNow < entry.Expires ? entry.Result : null;
    }

    public void Put(HttpContext context, X509Certificate2 certificate, AuthenticateResult result)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Succeeded || context.Items[VersionItem] is not long version)
        {
            return;
        }

        var expires = DateTimeOffset.UtcNow + Lifetime;
        var notAfter = new DateTimeOffset(certificate.NotAfter);
        expires = notAfter < expires ? notAfter : expires;
        if (_crls.EarliestNextUpdate is { } next && next < expires)
        {
            expires = next;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[Key(certificate)] = new Entry(result, version, expires);
    }

    private static string Key(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));

    private sealed record Entry(AuthenticateResult Result, long Version, DateTimeOffset Expires);
}
