namespace Trust.Core.Pki;

/// <summary>Why a certificate chain was or was not accepted.</summary>
public enum ChainStatus
{
    /// <summary>The chain reaches a trust anchor and every certificate was valid at the time asked.</summary>
    Trusted = 0,

    /// <summary>No path to a configured trust anchor.</summary>
    Untrusted = 1,

    /// <summary>A certificate in the chain had expired at the time asked.</summary>
    Expired = 2,

    /// <summary>A certificate in the chain was not yet valid at the time asked.</summary>
    NotYetValid = 3,

    /// <summary>A certificate in the chain is revoked (CRL) as of the time asked.</summary>
    Revoked = 4,

    /// <summary>A signature, key usage, basic constraint or encoding is wrong.</summary>
    Invalid = 5,
}

/// <summary>What the leaf certificate is going to be used for; drives key-usage checks.</summary>
public enum CertificateUsage
{
    /// <summary>Any digital signature (licences, grants, status lists).</summary>
    DigitalSignature = 0,

    /// <summary>Signing electronic seals' data or PDFs (digital signature or non-repudiation).</summary>
    Seal = 1,

    /// <summary>Making seals (the seal maker's certificate).</summary>
    SealMaker = 2,

    /// <summary>TLS client authentication.</summary>
    TlsClient = 3,

    /// <summary>TLS server authentication.</summary>
    TlsServer = 4,

    /// <summary>
    /// Issuing RFC 3161 time-stamp tokens: the certificate's extended key usage must be id-kp-timeStamping alone and
    /// critical (RFC 3161 section 2.3), key usage digital signature or non-repudiation.
    /// </summary>
    TimeStamping = 5,
}

/// <summary>The result of validating a chain: status, reasons, and the leaf's key when parsed.</summary>
/// <param name="Status">Overall status.</param>
/// <param name="Reasons">Machine-readable reasons (for example <c>chain.expired: CN=...</c>); empty when trusted.</param>
/// <param name="LeafKey">The leaf certificate's public key, when it could be parsed.</param>
/// <param name="Chain">The DER certificates of the path found, leaf first, anchor last; empty when none.</param>
public sealed record ChainValidationResult(
    ChainStatus Status,
    IReadOnlyList<string> Reasons,
    Crypto.VerificationKey? LeafKey,
    IReadOnlyList<byte[]> Chain)
{
    /// <summary>True when <see cref="Status"/> is <see cref="ChainStatus.Trusted"/>.</summary>
    public bool IsTrusted => Status == ChainStatus.Trusted;
}

/// <summary>
/// Validates X.509 certificate chains (SM2, RSA and P-256) to configured trust anchors at a
/// given time: signatures, validity periods, key usage, basic constraints, CRL revocation.
/// </summary>
public interface ICertificateValidator
{
    /// <summary>A number that changes whenever the trust anchors or CRLs change (cache keys use it).</summary>
    long Version { get; }

    /// <summary>Validates <paramref name="leafDer"/> using <paramref name="intermediatesDer"/> as candidate issuers.</summary>
    ChainValidationResult Validate(ReadOnlyMemory<byte> leafDer, IReadOnlyList<ReadOnlyMemory<byte>> intermediatesDer, DateTimeOffset at, CertificateUsage usage);
}
