using Trust.Core.Licences;
using Trust.Core.Status;
using Trust.Grpc.Verification;

namespace Trust.Grpc.Caching;

/// <summary>
/// Licence verification as the server does it: the content check (signature, chain, schema) from
/// the <see cref="SignatureCache"/>, the statuses from the <see cref="BoundedStatusSource"/> in one
/// bulk lookup per batch, then <see cref="LicenceVerifier.Complete"/> evaluates the time checks at
/// the current time and the status for every licence, cached or not.
/// </summary>
internal sealed class CachedLicenceVerification
{
    private readonly LicenceVerifier _verifier;
    private readonly SignatureCache _signatures;
    private readonly BoundedStatusSource _status;

    public CachedLicenceVerification(LicenceVerifier verifier, SignatureCache signatures, BoundedStatusSource status)
    {
        _verifier = verifier;
        _signatures = signatures;
        _status = status;
    }

    /// <summary>Verifies one licence.</summary>
    public async Task<LicenceVerificationResult> VerifyAsync(ReadOnlyMemory<byte> licence, CancellationToken cancellationToken)
    {
        var content = await _signatures.GetAsync(licence, cancellationToken).ConfigureAwait(false);
        StatusLookup? status = null;
        if (content.StatusQuery is { } query)
        {
            var one = new StatusLookup?[1];
            await _status.GetManyAsync([query], one, cancellationToken).ConfigureAwait(false);
            status = one[0];
        }

        return _verifier.Complete(content, status);
    }

    /// <summary>Verifies many licences; one result per input, in order.</summary>
    public async Task<LicenceVerificationResult[]> VerifyManyAsync(IReadOnlyList<ReadOnlyMemory<byte>> licences, CancellationToken cancellationToken)
    {
        var content = await _signatures.GetManyAsync(licences, cancellationToken).ConfigureAwait(false);
        var queries = new StatusQuery?[content.Length];
        for (var i = 0; i < content.Length; i++)
        {
            queries[i] = content[i].StatusQuery;
        }

        var statuses = new StatusLookup?[content.Length];
        await _status.GetManyAsync(queries, statuses, cancellationToken).ConfigureAwait(false);
        var results = new LicenceVerificationResult[content.Length];
        for (var i = 0; i < content.Length; i++)
        {
            results[i] = _verifier.Complete(content[i], statuses[i]);
        }

        return results;
    }
}
