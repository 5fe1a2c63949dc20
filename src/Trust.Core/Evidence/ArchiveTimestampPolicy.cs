using System.Collections.Frozen;
using Trust.Core.Pki.Internal;
using Trust.Core.Timestamps;

namespace Trust.Core.Evidence;

/// <summary>
/// When an archive time-stamp (an RFC 4998 archive time-stamp or a PDF document time-stamp) must be renewed, and which
/// hash algorithms are trusted until when. RFC 4998 section 5.2: a time-stamp is renewed before its TSA certificate
/// expires (time-stamp renewal) and before its hash algorithm becomes insecure (hash-tree renewal). Immutable.
/// </summary>
public sealed class ArchiveTimestampPolicy
{
    /// <summary>The OIDs of SHA-1, SHA-256, SHA-384, SHA-512 and SM3.</summary>
    private const string Sha1 = "1.3.14.3.2.26", Sha256 = "2.16.840.1.101.3.4.2.1", Sha384 = "2.16.840.1.101.3.4.2.2", Sha512 = "2.16.840.1.101.3.4.2.3";

    /// <summary>
    /// The default table: SHA-1 trusted until 2017-01-01 (collision attacks; NIST SP 800-131A Rev. 2 disallows it for
    /// signatures), SHA-256, SHA-384, SHA-512 (FIPS 180-4) and SM3 (GB/T 32905) without an end date. A hash algorithm
    /// missing from the table (MD5, ...) is never trusted.
    /// </summary>
    public static IReadOnlyDictionary<string, DateTimeOffset> DefaultDigestTrustedUntil { get; } = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal)
    {
        [Sha1] = new DateTimeOffset(2017, 1, 1, 0, 0, 0, TimeSpan.Zero),
        [Sha256] = DateTimeOffset.MaxValue,
        [Sha384] = DateTimeOffset.MaxValue,
        [Sha512] = DateTimeOffset.MaxValue,
        [Crypto.SignatureAlgorithms.Sm3Oid] = DateTimeOffset.MaxValue,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The default policy: renew one year (365 days) ahead, with <see cref="DefaultDigestTrustedUntil"/>.</summary>
    public static ArchiveTimestampPolicy Default { get; } = new();

    /// <summary>How long before the TSA certificate's expiry (or the end of its hash algorithm's trust) a time-stamp is renewed.</summary>
    public TimeSpan RenewBefore { get; init; } = TimeSpan.FromDays(365);

    /// <summary>Hash algorithm OID to the time until which it is trusted (exclusive); an OID not listed is never trusted.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> DigestTrustedUntil { get; init; } = DefaultDigestTrustedUntil;

    /// <summary>True when the hash algorithm <paramref name="oid"/> is trusted at <paramref name="at"/>.</summary>
    /// <param name="oid">The hash algorithm's OID.</param>
    /// <param name="at">The time asked.</param>
    public bool IsDigestTrusted(string oid, DateTimeOffset at) =>
        oid is not null && DigestTrustedUntil.TryGetValue(oid, out var until) && at < until;

    /// <summary>The expiry of a token's TSA certificate; null when the token carries no readable TSA certificate.</summary>
    /// <param name="token">The decoded token.</param>
    public static DateTimeOffset? TsaNotAfter(TimestampToken token)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.TsaCertificate.IsEmpty)
        {
            return null;
        }

        try
        {
            return ParsedCertificate.Parse(token.TsaCertificate.ToArray()).NotAfter;
        }
        catch (TrustException)
        {
            return null;
        }
    }

    /// <summary>
    /// Why the newest archive time-stamp <paramref name="newest"/> needs renewal at <paramref name="now"/>: its TSA
    /// certificate expires within <see cref="RenewBefore"/> (<see cref="EvidenceReasons.RenewalTsaExpiring"/>), or the
    /// hash algorithm of its imprint is not trusted at <paramref name="now"/> plus <see cref="RenewBefore"/>
    /// (<see cref="EvidenceReasons.RenewalDigestWeakening"/>); empty when no renewal is due.
    /// </summary>
    /// <param name="newest">The newest time-stamp token, decoded.</param>
    /// <param name="now">The current time.</param>
    public IReadOnlyList<string> RenewalReasons(TimestampToken newest, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(newest);
        var reasons = new List<string>(2);
        var horizon = now > DateTimeOffset.MaxValue - RenewBefore ? DateTimeOffset.MaxValue : now + RenewBefore;
        if (TsaNotAfter(newest) is not { } notAfter || notAfter <= horizon)
        {
            reasons.Add(EvidenceReasons.RenewalTsaExpiring);
        }

        if (!IsDigestTrusted(newest.ImprintAlgorithmOid, horizon))
        {
            reasons.Add(EvidenceReasons.RenewalDigestWeakening);
        }

        return reasons;
    }
}
