using Trust.Core.Storage;

namespace Trust.Core.Grants;

/// <summary>Gives issued grants a short code (<see cref="GrantShortCode"/>) and finds a grant by its typed code.</summary>
public sealed class GrantShortCodes
{
    private const int MaxAttempts = 8;
    private readonly IGrantCodeStore _store;

    /// <summary>Creates the service over a store.</summary>
    public GrantShortCodes(IGrantCodeStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>Stores a fresh code for <paramref name="grant"/> and returns it as shown to people (<c>XXXX-XXXX-XXXX</c>).</summary>
    /// <exception cref="TrustException">No free code after several attempts (practically impossible with 55 random bits).</exception>
    public async Task<string> AssignAsync(SignedGrant grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var code = GrantShortCode.Generate();
            if (await _store.TryAddCodeAsync(new GrantCodeRecord(code, grant.Id, grant.Encoded.ToArray(), grant.Payload.ExpiresAt), cancellationToken).ConfigureAwait(false))
            {
                return GrantShortCode.Format(code);
            }
        }

        throw new TrustException("no free grant short code found");
    }

    /// <summary>
    /// The signed grant named by a typed code, or null when no grant has it. The bytes are returned whatever the
    /// grant's state: the check that follows reports expiry and revocation with their reasons.
    /// </summary>
    /// <exception cref="TrustFormatException">The text is not a well-formed code (field <c>short_code</c>).</exception>
    public async Task<byte[]?> ResolveAsync(string typed, CancellationToken cancellationToken = default)
    {
        var code = GrantShortCode.Normalize(typed);
        var record = await _store.FindCodeAsync(code, cancellationToken).ConfigureAwait(false);
        return record?.Grant;
    }
}
