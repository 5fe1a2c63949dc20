using Trust.Core.Crypto;
using Trust.Core.Seals.Asn1;
using Trust.Core.Timestamps;

namespace Trust.Documents.Archives;

/// <summary>A document of a service case: its name inside <c>documents/</c> (relative, <c>/</c>-separated) and its bytes.</summary>
/// <param name="Name">The relative name, for example <c>licence.pdf</c> or <c>forms/application.xml</c>.</param>
/// <param name="Bytes">The document as given (stored unchanged).</param>
public sealed record ArchivalDocument(string Name, byte[] Bytes);

/// <summary>The archiving department's seal that seals the package (its SES_Signature covers the manifest).</summary>
public sealed class ArchivalPackageSeal
{
    /// <summary>The seal (GB/T 38540 SES_Seal).</summary>
    public required SesSeal Seal { get; init; }

    /// <summary>The signer's certificate (DER), listed in the seal.</summary>
    public required ReadOnlyMemory<byte> SignerCertificate { get; init; }

    /// <summary>The signer's key.</summary>
    public required SigningKey Key { get; init; }

    /// <summary>The signer's chain (DER, leaf first) stored as evidence.</summary>
    public IReadOnlyList<byte[]> CertificateChain { get; init; } = [];

    /// <summary>The archiving department's name or code recorded in <c>metadata/case.xml</c>; the seal's name when null.</summary>
    public string? Department { get; init; }
}

/// <summary>Everything <see cref="ArchivalPackageBuilder"/> needs for one service case.</summary>
public sealed class ArchivalPackageRequest
{
    /// <summary>The case identifier recorded in the metadata and the manifest.</summary>
    public required string CaseId { get; init; }

    /// <summary>An optional title of the case.</summary>
    public string? Title { get; init; }

    /// <summary>The case's documents (at least one; unique names).</summary>
    public required IReadOnlyList<ArchivalDocument> Documents { get; init; }

    /// <summary>The package seal.</summary>
    public required ArchivalPackageSeal Seal { get; init; }

    /// <summary>The TSA for the package seal's GB/T 38540 <c>timeStamp</c>; without one the package is not time-stamped.</summary>
    public ITimestampClient? TimestampClient { get; init; }

    /// <summary>What the documents' seals are verified against at ingest.</summary>
    public required ArchivalVerificationOptions Verification { get; init; }

    /// <summary>Certificates (DER) later validation needs, stored under <c>evidence/certs/</c> (the seal's chain is added).</summary>
    public IReadOnlyList<byte[]> Certificates { get; init; } = [];

    /// <summary>CRLs (DER) stored under <c>evidence/crls/</c>.</summary>
    public IReadOnlyList<byte[]> Crls { get; init; } = [];

    /// <summary>RFC 3161 time-stamp tokens (DER) stored under <c>evidence/timestamps/</c>.</summary>
    public IReadOnlyList<byte[]> Timestamps { get; init; } = [];

    /// <summary>
    /// Accept documents that fail authenticity, usability or security at ingest (the findings are recorded in their
    /// validation reports and the later check reports them). Default false: such documents are refused.
    /// </summary>
    public bool AcceptInvalid { get; init; }

    /// <summary>The clock (ingest time, signing time); the system clock when null.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
