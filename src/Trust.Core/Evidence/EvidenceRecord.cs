using System.Formats.Asn1;
using Trust.Core.Crypto;
using Trust.Core.Encoding;
using Trust.Core.Evidence.Internal;

namespace Trust.Core.Evidence;

/// <summary>
/// An RFC 4998 evidence record: proof that a data object existed, kept valid over decades by renewing its archive
/// time-stamps (section 5.2). DER encoding and decoding; decoding is bounded by the limits below and rejects anything
/// that is not strict DER with a <see cref="TrustFormatException"/> naming the field and byte offset.
/// </summary>
/// <remarks>
/// <code>
/// EvidenceRecord ::= SEQUENCE {
///   version                  INTEGER { v1(1) },
///   digestAlgorithms         SEQUENCE OF AlgorithmIdentifier,
///   cryptoInfos              [0] CryptoInfos OPTIONAL,
///   encryptionInfo           [1] EncryptionInfo OPTIONAL,
///   archiveTimeStampSequence ArchiveTimeStampSequence }
/// ArchiveTimeStampSequence ::= SEQUENCE OF ArchiveTimeStampChain
/// ArchiveTimeStampChain    ::= SEQUENCE OF ArchiveTimeStamp
/// </code>
/// Encrypted records (<c>encryptionInfo</c>, section 6) are not supported; <c>cryptoInfos</c> is kept as found.
/// </remarks>
public sealed class EvidenceRecord
{
    /// <summary>The largest encoded record accepted (a record is a few kilobytes: a token and a path of hashes per renewal).</summary>
    public const int MaxEncodedBytes = 4 * 1024 * 1024;

    /// <summary>The most archive time-stamps accepted in one record (all chains together).</summary>
    public const int MaxTimestamps = 256;

    /// <summary>The most levels accepted in one reduced hash tree (a tree over 2^64 objects has 64).</summary>
    public const int MaxTreeLevels = 64;

    /// <summary>The most hash values accepted in one level of a reduced hash tree.</summary>
    public const int MaxHashesPerLevel = 256;

    internal EvidenceRecord(IReadOnlyList<string> digestAlgorithmOids, ReadOnlyMemory<byte>? cryptoInfos, IReadOnlyList<ArchiveTimestampChain> chains)
    {
        DigestAlgorithmOids = digestAlgorithmOids;
        CryptoInfos = cryptoInfos;
        Chains = chains;
    }

    /// <summary>The OIDs of every hash algorithm used in the record (<c>digestAlgorithms</c>).</summary>
    public IReadOnlyList<string> DigestAlgorithmOids { get; }

    /// <summary>The DER of <c>cryptoInfos</c> as found; null when absent.</summary>
    internal ReadOnlyMemory<byte>? CryptoInfos { get; }

    /// <summary>The archive time-stamp sequence: chains, oldest first; never empty.</summary>
    public IReadOnlyList<ArchiveTimestampChain> Chains { get; }

    /// <summary>The newest archive time-stamp: the one a renewal must cover.</summary>
    public ArchiveTimestamp Newest => Chains[^1].Timestamps[^1];

    /// <summary>The DER encoding (RFC 4998 section 3).</summary>
    public byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            using (writer.PushSequence())
            {
                foreach (var oid in DigestAlgorithmOids)
                {
                    WriteAlgorithm(writer, oid, null);
                }
            }

            if (CryptoInfos is { } infos)
            {
                writer.WriteEncodedValue(infos.Span);
            }

            WriteSequence(writer, Chains.Count);
        }

        return writer.Encode();
    }

    /// <summary>The DER of the <c>ArchiveTimeStampSequence</c> made of the first <paramref name="chains"/> chains (RFC 4998 section 5.2, hash-tree renewal: <c>atsc</c>).</summary>
    internal byte[] EncodeSequence(int chains)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        WriteSequence(writer, chains);
        return writer.Encode();
    }

    /// <summary>Decodes a DER evidence record.</summary>
    /// <param name="encoded">The DER bytes (one record, nothing after it).</param>
    /// <exception cref="TrustFormatException">Not a DER EvidenceRecord version 1, larger or deeper than the limits, or encrypted; names the field and offset.</exception>
    public static EvidenceRecord Decode(ReadOnlyMemory<byte> encoded)
    {
        if (encoded.Length == 0)
        {
            throw new TrustFormatException("EvidenceRecord", "empty input", 0);
        }

        if (encoded.Length > MaxEncodedBytes)
        {
            throw new TrustFormatException("EvidenceRecord", $"larger than {MaxEncodedBytes} bytes", 0);
        }

        DerNesting.Check(encoded.Span, "EvidenceRecord");
        var outer = new DerCursor(encoded);
        var record = outer.Enter(Asn1Tag.Sequence, "EvidenceRecord");
        outer.End("EvidenceRecord");
        if (record.ReadSmallInteger("EvidenceRecord.version") != 1)
        {
            throw new TrustFormatException("EvidenceRecord.version", "only version 1 is defined (RFC 4998 section 3)", 0);
        }

        var algorithms = new List<string>();
        var algorithmList = record.Enter(Asn1Tag.Sequence, "EvidenceRecord.digestAlgorithms");
        while (algorithmList.HasData)
        {
            if (algorithms.Count >= 16)
            {
                throw new TrustFormatException("EvidenceRecord.digestAlgorithms", "more than 16 algorithms", algorithmList.Offset);
            }

            var identifier = algorithmList.Enter(Asn1Tag.Sequence, "EvidenceRecord.digestAlgorithms");
            algorithms.Add(ReadAlgorithm(ref identifier, "EvidenceRecord.digestAlgorithms"));
        }

        ReadOnlyMemory<byte>? cryptoInfos = null;
        var contextZero = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (record.PeekTag("EvidenceRecord.archiveTimeStampSequence").HasSameClassAndValue(contextZero))
        {
            cryptoInfos = record.ReadEncoded("EvidenceRecord.cryptoInfos");
        }

        if (record.PeekTag("EvidenceRecord.archiveTimeStampSequence").HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 1)))
        {
            throw new TrustFormatException("EvidenceRecord.encryptionInfo", "encrypted evidence records (RFC 4998 section 6) are not supported", record.Offset);
        }

        var sequence = record.Enter(Asn1Tag.Sequence, "EvidenceRecord.archiveTimeStampSequence");
        record.End("EvidenceRecord");
        var chains = new List<ArchiveTimestampChain>();
        var total = 0;
        while (sequence.HasData)
        {
            var chainCursor = sequence.Enter(Asn1Tag.Sequence, "ArchiveTimeStampChain");
            var timestamps = new List<ArchiveTimestamp>();
            while (chainCursor.HasData)
            {
                if (++total > MaxTimestamps)
                {
                    throw new TrustFormatException("ArchiveTimeStampChain", $"more than {MaxTimestamps} archive time-stamps", chainCursor.Offset);
                }

                var ats = chainCursor.Enter(Asn1Tag.Sequence, "ArchiveTimeStamp");
                timestamps.Add(ReadTimestamp(ref ats));
            }

            if (timestamps.Count == 0)
            {
                throw new TrustFormatException("ArchiveTimeStampChain", "an empty chain", chainCursor.Offset);
            }

            chains.Add(new ArchiveTimestampChain(timestamps));
        }

        if (chains.Count == 0)
        {
            throw new TrustFormatException("EvidenceRecord.archiveTimeStampSequence", "no archive time-stamp chain", sequence.Offset);
        }

        return new EvidenceRecord(algorithms, cryptoInfos, chains);
    }

    /// <summary>Decodes a DER evidence record without throwing.</summary>
    /// <param name="encoded">The DER bytes.</param>
    /// <param name="record">The record, or null.</param>
    /// <param name="error">What is wrong (field and offset), or null.</param>
    /// <returns>True when the bytes are a record this library reads.</returns>
    public static bool TryDecode(ReadOnlyMemory<byte> encoded, out EvidenceRecord? record, out string? error)
    {
        try
        {
            record = Decode(encoded);
            error = null;
            return true;
        }
        catch (TrustFormatException ex)
        {
            record = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>A new record with <paramref name="timestamp"/> appended to the last chain (time-stamp renewal).</summary>
    internal EvidenceRecord WithTimestamp(ArchiveTimestamp timestamp)
    {
        var chains = Chains.Take(Chains.Count - 1).Append(new ArchiveTimestampChain([.. Chains[^1].Timestamps, timestamp])).ToArray();
        return new EvidenceRecord(DigestAlgorithmOids, CryptoInfos, chains);
    }

    /// <summary>A new record with a new chain made of <paramref name="timestamp"/> (hash-tree renewal).</summary>
    internal EvidenceRecord WithChain(ArchiveTimestamp timestamp)
    {
        var oid = timestamp.DigestAlgorithmOid!;
        var algorithms = DigestAlgorithmOids.Contains(oid, StringComparer.Ordinal) ? DigestAlgorithmOids : [.. DigestAlgorithmOids, oid];
        return new EvidenceRecord(algorithms, CryptoInfos, [.. Chains, new ArchiveTimestampChain([timestamp])]);
    }

    /// <summary>A new record of one chain made of <paramref name="timestamp"/>.</summary>
    internal static EvidenceRecord Create(ArchiveTimestamp timestamp) =>
        new([timestamp.DigestAlgorithmOid!], null, [new ArchiveTimestampChain([timestamp])]);

    internal static ArchiveTimestamp NewTimestamp(DigestAlgorithm algorithm, IReadOnlyList<List<byte[]>> reduced, byte[] token) =>
        new(EvidenceDigests.OidOf(algorithm), null, reduced.Select(l => (IReadOnlyList<ReadOnlyMemory<byte>>)l.Select(h => (ReadOnlyMemory<byte>)h).ToArray()).ToArray(), token);

    private void WriteSequence(AsnWriter writer, int chains)
    {
        using (writer.PushSequence())
        {
            foreach (var chain in Chains.Take(chains))
            {
                using (writer.PushSequence())
                {
                    foreach (var ats in chain.Timestamps)
                    {
                        WriteTimestamp(writer, ats);
                    }
                }
            }
        }
    }

    private static void WriteTimestamp(AsnWriter writer, ArchiveTimestamp ats)
    {
        using (writer.PushSequence())
        {
            if (ats.DigestAlgorithmOid is { } oid)
            {
                WriteAlgorithm(writer, oid, new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true));
            }

            if (ats.Attributes is { } attributes)
            {
                writer.WriteEncodedValue(attributes.Span);
            }

            if (ats.ReducedHashTree.Count > 0)
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true)))
                {
                    foreach (var level in ats.ReducedHashTree)
                    {
                        using (writer.PushSequence())
                        {
                            foreach (var hash in level)
                            {
                                writer.WriteOctetString(hash.Span);
                            }
                        }
                    }
                }
            }

            writer.WriteEncodedValue(ats.TimeStamp.Span);
        }
    }

    /// <summary>AlgorithmIdentifier without parameters (RFC 5754 section 2: SHA-2 parameters absent; SM3 has none).</summary>
    private static void WriteAlgorithm(AsnWriter writer, string oid, Asn1Tag? tag)
    {
        using (writer.PushSequence(tag))
        {
            writer.WriteObjectIdentifier(oid);
        }
    }

    private static string ReadAlgorithm(ref DerCursor identifier, string field)
    {
        var oid = identifier.ReadOid(field);
        if (identifier.HasData)
        {
            // Parameters: NULL is tolerated (RFC 5754 section 2), nothing else for a digest.
            if (!identifier.PeekTag(field).HasSameClassAndValue(Asn1Tag.Null))
            {
                throw new TrustFormatException(field, "digest algorithm parameters must be absent or NULL", identifier.Offset);
            }

            identifier.ReadEncoded(field);
            identifier.End(field);
        }

        return oid;
    }

    private static ArchiveTimestamp ReadTimestamp(ref DerCursor ats)
    {
        string? oid = null;
        ReadOnlyMemory<byte>? attributes = null;
        var reduced = new List<IReadOnlyList<ReadOnlyMemory<byte>>>();
        var tag0 = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        var tag1 = new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true);
        var tag2 = new Asn1Tag(TagClass.ContextSpecific, 2, isConstructed: true);
        if (ats.PeekTag("ArchiveTimeStamp.timeStamp") == tag0)
        {
            var identifier = ats.Enter(tag0, "ArchiveTimeStamp.digestAlgorithm");
            oid = ReadAlgorithm(ref identifier, "ArchiveTimeStamp.digestAlgorithm");
        }

        if (ats.PeekTag("ArchiveTimeStamp.timeStamp") == tag1)
        {
            attributes = ats.ReadEncoded("ArchiveTimeStamp.attributes");
        }

        if (ats.PeekTag("ArchiveTimeStamp.timeStamp") == tag2)
        {
            var tree = ats.Enter(tag2, "ArchiveTimeStamp.reducedHashtree");
            while (tree.HasData)
            {
                if (reduced.Count >= MaxTreeLevels)
                {
                    throw new TrustFormatException("ArchiveTimeStamp.reducedHashtree", $"more than {MaxTreeLevels} levels", tree.Offset);
                }

                var partial = tree.Enter(Asn1Tag.Sequence, "PartialHashtree");
                var hashes = new List<ReadOnlyMemory<byte>>();
                while (partial.HasData)
                {
                    if (hashes.Count >= MaxHashesPerLevel)
                    {
                        throw new TrustFormatException("PartialHashtree", $"more than {MaxHashesPerLevel} hash values", partial.Offset);
                    }

                    hashes.Add(partial.ReadOctetString("PartialHashtree"));
                }

                if (hashes.Count == 0)
                {
                    throw new TrustFormatException("PartialHashtree", "an empty list of hash values", partial.Offset);
                }

                reduced.Add(hashes);
            }
        }

        if (ats.PeekTag("ArchiveTimeStamp.timeStamp") != Asn1Tag.Sequence)
        {
            throw new TrustFormatException("ArchiveTimeStamp.timeStamp", "expected a ContentInfo (SEQUENCE)", ats.Offset);
        }

        var timeStamp = ats.ReadEncoded("ArchiveTimeStamp.timeStamp");
        ats.End("ArchiveTimeStamp");
        return new ArchiveTimestamp(oid, attributes, reduced, timeStamp);
    }
}
