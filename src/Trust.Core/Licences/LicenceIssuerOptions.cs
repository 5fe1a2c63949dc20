using Trust.Core.Crypto;

namespace Trust.Core.Licences;

/// <summary>Who issues: the department, its key and certificate chain, and its status list.</summary>
public sealed class LicenceIssuerOptions
{
    /// <summary>Issuing department code (2 to 16 upper-case letters or digits), written into identifiers and payloads.</summary>
    public required string DepartmentCode { get; init; }

    /// <summary>The department's licence-issuer key (SM2, RSA or P-256).</summary>
    public required SigningKey SigningKey { get; init; }

    /// <summary>
    /// DER certificates for the x5chain header, leaf (for <see cref="SigningKey"/>) first, then
    /// intermediates; 1 to 5. The trust anchor itself need not be included.
    /// </summary>
    public required IReadOnlyList<byte[]> CertificateChain { get; init; }

    /// <summary>The issuer's status list; licences get an index in it.</summary>
    public required string StatusListId { get; init; }

    /// <summary>
    /// Signature algorithm; the key's default when null (SM2-SM3, RS256 for RSA keys, ES256).
    /// Set <see cref="SignatureAlgorithm.RsaPssSha256"/> for PS256.
    /// </summary>
    public SignatureAlgorithm? Algorithm { get; init; }

    /// <summary>Who is recorded as the actor of <c>licence.issue</c> audit entries; the department code when null.</summary>
    public string? Actor { get; init; }
}
