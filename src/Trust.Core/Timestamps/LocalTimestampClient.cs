using Trust.Core.Crypto;
using Trust.Core.Pki;
using Trust.Core.Timestamps.Internal;

namespace Trust.Core.Timestamps;

/// <summary>
/// A client for a <see cref="TimestampAuthority"/> in the same process (the server seals with its own TSA, tests and
/// benchmarks): the same request, response and checks as <see cref="HttpTimestampClient"/>, without the network.
/// </summary>
/// <param name="authority">The authority.</param>
/// <param name="validator">Trust anchors that the TSA certificate must chain to.</param>
/// <param name="clock">The clock for the chain check; the system clock when null.</param>
public sealed class LocalTimestampClient(TimestampAuthority authority, ICertificateValidator validator, TimeProvider? clock = null) : ITimestampClient
{
    /// <inheritdoc/>
    public Task<byte[]> GetTokenAsync(DigestAlgorithm algorithm, ReadOnlyMemory<byte> imprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(authority);
        ArgumentNullException.ThrowIfNull(validator);
        var (request, nonce) = TimestampExchange.CreateRequest(algorithm, imprint.Span);
        var response = authority.Respond(request);
        return Task.FromResult(TimestampExchange.AcceptResponse(response, algorithm, imprint.Span, nonce, validator, (clock ?? TimeProvider.System).GetUtcNow()));
    }
}
