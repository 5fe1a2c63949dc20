using Trust.Core.Crypto;

namespace Trust.Core.Timestamps;

/// <summary>
/// Obtains RFC 3161 time-stamp tokens. An implementation returns a token only after checking it: the imprint is the
/// one asked for, the nonce is echoed, the TSA certificate is a time-stamp authority's and chains to the trust anchors.
/// </summary>
public interface ITimestampClient
{
    /// <summary>Gets a checked token over <paramref name="imprint"/>.</summary>
    /// <param name="algorithm">The digest algorithm of the imprint.</param>
    /// <param name="imprint">The digest of the data to stamp.</param>
    /// <param name="cancellationToken">Cancels the exchange.</param>
    /// <returns>The DER TimeStampToken.</returns>
    /// <exception cref="TimestampException">The TSA refused, was unreachable, or its token failed the checks.</exception>
    Task<byte[]> GetTokenAsync(DigestAlgorithm algorithm, ReadOnlyMemory<byte> imprint, CancellationToken cancellationToken = default);
}
