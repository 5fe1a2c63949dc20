using Trust.Core.Cose;
using Trust.Core.Crypto;
using Trust.Core.Encoding;
using Trust.Core.Storage;

namespace Trust.Core.Status;

/// <summary>
/// Builds an issuer's signed <see cref="StatusList"/> from the store: every non-valid status of
/// the list goes into the bit array, which is zlib-compressed and signed as COSE_Sign1 with
/// the issuer's key and certificate chain.
/// </summary>
public sealed class StatusListBuilder
{
    /// <summary>Smallest list size, so that a short list does not reveal how few licences exist.</summary>
    public const long MinimumSize = 16 * 1024;

    private readonly string _issuer;
    private readonly SigningKey _key;
    private readonly IReadOnlyList<byte[]> _chain;
    private readonly ILicenceStore _store;
    private readonly TimeProvider _time;

    /// <summary>Creates a builder for one issuing department.</summary>
    /// <param name="issuerDepartment">The department code written into the list.</param>
    /// <param name="key">The issuer's signing key.</param>
    /// <param name="certificateChain">DER certificates, leaf (matching <paramref name="key"/>) first.</param>
    /// <param name="store">Where the statuses are kept.</param>
    /// <param name="timeProvider">Clock; the system clock when null.</param>
    public StatusListBuilder(string issuerDepartment, SigningKey key, IReadOnlyList<byte[]> certificateChain, ILicenceStore store, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(issuerDepartment);
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(certificateChain);
        ArgumentNullException.ThrowIfNull(store);
        if (certificateChain.Count is 0 or > CoseLimits.MaxChainCertificates)
        {
            throw new ArgumentException($"The certificate chain needs 1 to {CoseLimits.MaxChainCertificates} certificates.", nameof(certificateChain));
        }

        _issuer = issuerDepartment;
        _key = key;
        _chain = certificateChain;
        _store = store;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Builds and signs the current list <paramref name="listId"/>, valid for <paramref name="timeToLive"/>.</summary>
    /// <returns>The COSE_Sign1 bytes (parse with <see cref="StatusList.TryVerify(ReadOnlyMemory{byte}, Pki.ICertificateValidator, out StatusList?, out string)"/>).</returns>
    /// <exception cref="ArgumentOutOfRangeException">The time to live is not between one second and one year.</exception>
    /// <exception cref="TrustException">The store holds an index too large for a list.</exception>
    public async Task<byte[]> BuildAsync(string listId, TimeSpan timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(listId);
        if (timeToLive < TimeSpan.FromSeconds(1) || timeToLive.TotalSeconds > StatusListPayload.MaxTtlSeconds)
        {
            throw new ArgumentOutOfRangeException(nameof(timeToLive), timeToLive, "The time to live must be between one second and one year.");
        }

        var entries = await _store.GetStatusListAsync(listId, cancellationToken).ConfigureAwait(false);
        var size = MinimumSize;
        foreach (var index in entries.Keys)
        {
            if (index < 0 || index >= StatusListPayload.MaxEntries)
            {
                throw new TrustException($"Status index {index} of list '{listId}' is outside 0..{StatusListPayload.MaxEntries - 1}.");
            }

            size = Math.Max(size, index + 1);
        }

        size = (size + 3) / 4 * 4;
        var bits = new byte[StatusBits.ByteLength(size)];
        foreach (var (index, status) in entries)
        {
            StatusBits.Set(bits, index, status);
        }

        var issuedAt = _time.GetUtcNow().ToUnixTimeSeconds();
        var payload = StatusListPayload.Encode(listId, _issuer, issuedAt, (long)timeToLive.TotalSeconds, size, Zlib.Compress(bits));
        return CoseSign1.Sign(_key, _key.DefaultAlgorithm, payload, StatusListPayload.ContentType, _key.PublicKey.Thumbprint(), _chain, StatusListPayload.MaxSignedBytes);
    }
}
