namespace Trust.Core.Evidence;

/// <summary>
/// An RFC 4998 <c>ArchiveTimeStamp</c> (section 4.1): the reduced hash tree that leads from one data object (or from the
/// previous archive time-stamp) to the root, and the RFC 3161 time-stamp token over the root.
/// </summary>
/// <remarks>
/// <code>
/// ArchiveTimeStamp ::= SEQUENCE {
///   digestAlgorithm [0] AlgorithmIdentifier OPTIONAL,
///   attributes      [1] Attributes OPTIONAL,
///   reducedHashtree [2] SEQUENCE OF PartialHashtree OPTIONAL,
///   timeStamp       ContentInfo }
/// PartialHashtree ::= SEQUENCE OF OCTET STRING
/// </code>
/// (module with IMPLICIT TAGS). Instances are immutable.
/// </remarks>
public sealed class ArchiveTimestamp
{
    internal ArchiveTimestamp(string? digestAlgorithmOid, ReadOnlyMemory<byte>? attributes, IReadOnlyList<IReadOnlyList<ReadOnlyMemory<byte>>> reducedHashTree, ReadOnlyMemory<byte> timeStamp)
    {
        DigestAlgorithmOid = digestAlgorithmOid;
        Attributes = attributes;
        ReducedHashTree = reducedHashTree;
        TimeStamp = timeStamp;
    }

    /// <summary>The OID of the hash algorithm of the tree (<c>digestAlgorithm</c>); null when absent (then the token's imprint algorithm applies).</summary>
    public string? DigestAlgorithmOid { get; }

    /// <summary>The DER of the <c>attributes</c> field as found (kept, not interpreted); null when absent.</summary>
    internal ReadOnlyMemory<byte>? Attributes { get; }

    /// <summary>The reduced hash tree: one list of hash values per level, leaf level first; empty when the time-stamp covers one hash directly.</summary>
    public IReadOnlyList<IReadOnlyList<ReadOnlyMemory<byte>>> ReducedHashTree { get; }

    /// <summary>The DER <c>ContentInfo</c> of the RFC 3161 time-stamp token over the root.</summary>
    public ReadOnlyMemory<byte> TimeStamp { get; }
}

/// <summary>An RFC 4998 <c>ArchiveTimeStampChain</c> (section 5.1): archive time-stamps of one hash algorithm, each renewing the one before.</summary>
public sealed class ArchiveTimestampChain
{
    internal ArchiveTimestampChain(IReadOnlyList<ArchiveTimestamp> timestamps) => Timestamps = timestamps;

    /// <summary>The archive time-stamps, oldest first; never empty.</summary>
    public IReadOnlyList<ArchiveTimestamp> Timestamps { get; }
}
