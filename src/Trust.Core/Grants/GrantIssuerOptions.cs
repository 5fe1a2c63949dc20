using Trust.Core.Crypto;

namespace Trust.Core.Grants;

/// <summary>The platform's grant-signing key and certificate chain.</summary>
public sealed class GrantIssuerOptions
{
    /// <summary>The grant-signing key (SM2, RSA or P-256).</summary>
    public required SigningKey SigningKey { get; init; }

    /// <summary>DER certificates for the x5chain header, leaf (for <see cref="SigningKey"/>) first; 1 to 5.</summary>
    public required IReadOnlyList<byte[]> CertificateChain { get; init; }

    /// <summary>Signature algorithm; the key's default when null.</summary>
    public SignatureAlgorithm? Algorithm { get; init; }

    /// <summary>Who is recorded as the actor of <c>grant.issue</c> and <c>grant.revoke</c> audit entries (default <c>platform</c>).</summary>
    public string Actor { get; init; } = "platform";
}
