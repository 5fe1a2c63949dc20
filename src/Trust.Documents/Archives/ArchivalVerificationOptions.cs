using Trust.Core.Pki;
using Trust.Core.Seals;

namespace Trust.Documents.Archives;

/// <summary>What the seals of a package (the documents' seals and the package seal) are verified against.</summary>
public sealed class ArchivalVerificationOptions
{
    /// <summary>Validates seal signers', seal makers' and TSAs' certificate chains.</summary>
    public required ICertificateValidator CertificateValidator { get; init; }

    /// <summary>Known seals (which seal of which department); optional.</summary>
    public SealRegistry? SealRegistry { get; init; }

    /// <summary>Seal revocations; without one the seal revocation check is skipped.</summary>
    public ISealRevocationSource? SealRevocations { get; init; }

    /// <summary>Candidate intermediate CA certificates (DER) for the seals' chains.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>>? Intermediates { get; init; }

    /// <summary>Validate as of this time (ETSI EN 319 102-1 past-signature validation); now when null.</summary>
    public DateTimeOffset? ValidationTime { get; init; }
}
