using Trust.Core.Crypto;
using Trust.Core.Evidence.Internal;
using Trust.Core.Timestamps;

namespace Trust.Core.Evidence;

/// <summary>
/// Protects many data objects with one archive time-stamp (RFC 4998 section 4.2): new records, time-stamp renewals and
/// hash-tree renewals (section 5.2) are collected, one hash tree is built over all of them and one RFC 3161 time-stamp
/// is requested for its root; each object then gets its own record with its reduced hash tree, checkable alone. All
/// items of a batch use one hash algorithm. Not thread-safe.
/// </summary>
public sealed class EvidenceRecordBatch
{
    private readonly List<(byte[] Leaf, EvidenceRecord? Record, bool NewChain)> _items = [];

    /// <summary>Creates an empty batch.</summary>
    /// <param name="algorithm">The hash algorithm of the tree and of the time-stamp's imprint.</param>
    public EvidenceRecordBatch(DigestAlgorithm algorithm)
    {
        _ = EvidenceDigests.OidOf(algorithm);
        Algorithm = algorithm;
    }

    /// <summary>The hash algorithm of the tree.</summary>
    public DigestAlgorithm Algorithm { get; }

    /// <summary>The number of items added.</summary>
    public int Count => _items.Count;

    /// <summary>Adds a data object that has no record yet.</summary>
    /// <param name="dataHash">The data object's hash with <see cref="Algorithm"/>.</param>
    /// <returns>The item's index in the result of <see cref="StampAsync"/>.</returns>
    /// <exception cref="TrustFormatException">The hash does not have the algorithm's length.</exception>
    public int AddNew(ReadOnlySpan<byte> dataHash)
    {
        CheckLength(dataHash, "dataHash");
        _items.Add((dataHash.ToArray(), null, false));
        return _items.Count - 1;
    }

    /// <summary>
    /// Adds a time-stamp renewal (RFC 4998 section 5.2): the new archive time-stamp covers the hash of the newest one's
    /// <c>timeStamp</c> field and is appended to the last chain.
    /// </summary>
    /// <param name="record">The record to renew; its last chain must use <see cref="Algorithm"/>.</param>
    /// <returns>The item's index.</returns>
    /// <exception cref="TrustFormatException">The last chain uses another hash algorithm (a hash-tree renewal is needed).</exception>
    public int AddTimestampRenewal(EvidenceRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (EvidenceRecordVerifier.ChainAlgorithm(record.Chains[^1]) != Algorithm)
        {
            throw new TrustFormatException("record", "the last chain uses another hash algorithm than the batch; renew its hash tree instead");
        }

        _items.Add((EvidenceDigests.Hash(Algorithm, record.Newest.TimeStamp.Span), record, false));
        return _items.Count - 1;
    }

    /// <summary>
    /// Adds a hash-tree renewal (RFC 4998 section 5.2): a new chain whose first archive time-stamp covers
    /// H(H(data) || H(archiveTimeStampSequence)), with the batch's (new) hash algorithm.
    /// </summary>
    /// <param name="record">The record to renew.</param>
    /// <param name="dataHash">The data object's hash with <see cref="Algorithm"/> (the data is read again: the old hash may be weak).</param>
    /// <returns>The item's index.</returns>
    /// <exception cref="TrustFormatException">The hash does not have the algorithm's length.</exception>
    public int AddHashTreeRenewal(EvidenceRecord record, ReadOnlySpan<byte> dataHash)
    {
        ArgumentNullException.ThrowIfNull(record);
        CheckLength(dataHash, "dataHash");
        var sequence = EvidenceDigests.Hash(Algorithm, record.EncodeSequence(record.Chains.Count));
        _items.Add((EvidenceDigests.HashConcat(Algorithm, dataHash, sequence), record, true));
        return _items.Count - 1;
    }

    /// <summary>
    /// Builds the hash tree, asks <paramref name="client"/> for one time-stamp over its root and returns the new or
    /// renewed record of every item, in the order added.
    /// </summary>
    /// <param name="client">The time-stamp authority client (checks the token before returning it).</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>One record per item.</returns>
    /// <exception cref="InvalidOperationException">The batch is empty.</exception>
    /// <exception cref="TimestampException">The TSA refused or its token failed the checks.</exception>
    public async Task<IReadOnlyList<EvidenceRecord>> StampAsync(ITimestampClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_items.Count == 0)
        {
            throw new InvalidOperationException("The batch is empty.");
        }

        var (root, reduced) = HashTree.Build(Algorithm, _items.Select(i => i.Leaf).ToList());
        var token = await client.GetTokenAsync(Algorithm, root, cancellationToken).ConfigureAwait(false);
        var records = new EvidenceRecord[_items.Count];
        for (var i = 0; i < _items.Count; i++)
        {
            var ats = EvidenceRecord.NewTimestamp(Algorithm, reduced[i], token);
            var (_, record, newChain) = _items[i];
            records[i] = record is null ? EvidenceRecord.Create(ats) : newChain ? record.WithChain(ats) : record.WithTimestamp(ats);
        }

        return records;
    }

    private void CheckLength(ReadOnlySpan<byte> hash, string field)
    {
        if (hash.Length != 32)
        {
            throw new TrustFormatException(field, $"a {EvidenceDigests.Name(Algorithm)} hash has 32 bytes, not {hash.Length}");
        }
    }
}
