using System.Net.Http.Headers;
using Trust.Core.Crypto;
using Trust.Core.Pki;
using Trust.Core.Timestamps.Internal;

namespace Trust.Core.Timestamps;

/// <summary>
/// An RFC 3161 client over HTTP (RFC 3161 section 3.4): POSTs <c>application/timestamp-query</c> to any TSA URL and
/// accepts the <c>application/timestamp-reply</c> only after the checks of <see cref="ITimestampClient"/>.
/// </summary>
/// <param name="url">The TSA's URL.</param>
/// <param name="validator">Trust anchors (and CRLs) that the TSA certificate must chain to.</param>
/// <param name="http">The HTTP client to use; the caller owns it.</param>
/// <param name="clock">The clock for the chain check; the system clock when null.</param>
public sealed class HttpTimestampClient(Uri url, ICertificateValidator validator, HttpClient http, TimeProvider? clock = null) : ITimestampClient
{
    /// <inheritdoc/>
    public async Task<byte[]> GetTokenAsync(DigestAlgorithm algorithm, ReadOnlyMemory<byte> imprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(validator);
        ArgumentNullException.ThrowIfNull(http);
        var (request, nonce) = TimestampExchange.CreateRequest(algorithm, imprint.Span);
        byte[] body;
        try
        {
            using var content = new ByteArrayContent(request);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
            using var response = await http.PostAsync(url, content, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new TimestampException($"The TSA at {url} answered HTTP {(int)response.StatusCode}.", [TimestampReasons.Unavailable]);
            }

            if (response.Content.Headers.ContentLength > TimestampExchange.MaxResponseBytes)
            {
                throw new TimestampException($"The TSA at {url} answered with more than {TimestampExchange.MaxResponseBytes} bytes.", [TimestampReasons.Unavailable]);
            }

            body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            throw new TimestampException($"The TSA at {url} cannot be reached: {ex.Message}", [TimestampReasons.Unavailable], ex);
        }

        return TimestampExchange.AcceptResponse(body, algorithm, imprint.Span, nonce, validator, (clock ?? TimeProvider.System).GetUtcNow());
    }
}
