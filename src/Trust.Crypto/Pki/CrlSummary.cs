namespace Trust.Core.Pki;

/// <summary>What a CRL loaded into a <see cref="CertificateValidator"/> says about itself (RFC 5280 section 5.1.2): for logs and health.</summary>
public sealed class CrlSummary
{
    internal CrlSummary(string issuer, DateTimeOffset thisUpdate, DateTimeOffset? nextUpdate, int revokedCount)
    {
        Issuer = issuer;
        ThisUpdate = thisUpdate;
        NextUpdate = nextUpdate;
        RevokedCount = revokedCount;
    }

    /// <summary>The issuing CA's distinguished name.</summary>
    public string Issuer { get; }

    /// <summary>When the CRL was issued (<c>thisUpdate</c>).</summary>
    public DateTimeOffset ThisUpdate { get; }

    /// <summary>When the next CRL is due (<c>nextUpdate</c>); past it the CRL is stale and the validator reports <c>chain.revocation_unknown</c>. Null when absent.</summary>
    public DateTimeOffset? NextUpdate { get; }

    /// <summary>How many certificates the CRL lists as revoked.</summary>
    public int RevokedCount { get; }

    /// <summary>Whether the CRL is past its <see cref="NextUpdate"/> at <paramref name="at"/>.</summary>
    public bool IsStaleAt(DateTimeOffset at) => NextUpdate is { } next && next < at;
}
