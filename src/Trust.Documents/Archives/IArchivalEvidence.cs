namespace Trust.Documents.Archives;

/// <summary>
/// Evidence about a package kept outside it (for example an RFC 4998 evidence record in a sidecar file
/// <c>PACKAGE.ers</c> written by a later renewal), so that a package never changes once sealed. The checker calls every
/// evidence given in <see cref="ArchivalCheckOptions.AdditionalEvidence"/>: its reasons count against authenticity, and
/// the earliest time a valid evidence proves the package existed becomes the validation time of the package seal, its
/// time-stamp and the documents' seals (ETSI EN 319 102-1 past-signature validation), so a package whose TSA
/// certificate has expired still checks when a renewed archive time-stamp covers it.
/// </summary>
public interface IArchivalEvidence
{
    /// <summary>Checks the evidence against the package; never throws for bad evidence.</summary>
    /// <param name="context">The package and the trust material.</param>
    ArchivalEvidenceResult Verify(ArchivalEvidenceContext context);
}

/// <summary>What an <see cref="IArchivalEvidence"/> is checked against.</summary>
public sealed class ArchivalEvidenceContext
{
    /// <summary>The package bytes exactly as stored.</summary>
    public required ReadOnlyMemory<byte> Package { get; init; }

    /// <summary>SM3 of the package, lower-case hex.</summary>
    public required string PackageSm3 { get; init; }

    /// <summary>The verification options of the check (trust anchors for the evidence's time-stamps).</summary>
    public required ArchivalVerificationOptions Verification { get; init; }

    /// <summary>The time the check runs as of.</summary>
    public required DateTimeOffset ValidationTime { get; init; }
}

/// <summary>The result of checking one piece of evidence.</summary>
/// <param name="Kind">What it is (for example <c>rfc4998</c>).</param>
/// <param name="ProvenAt">The earliest time it proves the package existed; null when it proves nothing.</param>
/// <param name="Reasons">Catalogued reasons when it does not verify; empty when valid.</param>
public sealed record ArchivalEvidenceResult(string Kind, DateTimeOffset? ProvenAt, IReadOnlyList<string> Reasons);
