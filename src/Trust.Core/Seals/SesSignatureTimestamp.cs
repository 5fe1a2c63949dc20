using Trust.Core.Crypto;
using Trust.Core.Seals.Asn1;
using Trust.Core.Timestamps;

namespace Trust.Core.Seals;

/// <summary>
/// The GB/T 38540-2020 <c>SES_Signature.timeStamp</c>: an RFC 3161 time-stamp token over the signature value
/// (SM3 imprint for SM2 signatures, SHA-256 for RSA), the form <see cref="SealSignatureVerifier"/> checks.
/// </summary>
public static class SesSignatureTimestamp
{
    /// <summary>Returns <paramref name="signature"/> with a time-stamp token from <paramref name="client"/> over its signature value.</summary>
    /// <exception cref="TimestampException">The TSA refused, was unreachable, or its token failed the client's checks.</exception>
    public static async Task<SesSignature> AddAsync(SesSignature signature, ITimestampClient client, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(client);
        var algorithm = signature.SignatureAlgorithmOid == SignatureAlgorithms.Sm2WithSm3Oid ? DigestAlgorithm.Sm3 : DigestAlgorithm.Sha256;
        var imprint = Digest.Hash(algorithm, signature.Signature.Span);
        var token = await client.GetTokenAsync(algorithm, imprint, cancellationToken).ConfigureAwait(false);
        return signature with { TimeStamp = token };
    }
}
