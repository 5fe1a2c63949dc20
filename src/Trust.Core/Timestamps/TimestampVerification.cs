using Trust.Core.Pki;

namespace Trust.Core.Timestamps;

/// <summary>
/// What <see cref="TimestampTokenVerifier"/> found: the token's fields when it could be read, and reason codes
/// (<c>timestamp.*</c>, catalogued in <see cref="Results.ReasonCatalog"/>); no reasons means the token is valid for the
/// data, signed by a TSA whose certificate is a time-stamp authority's and chains to a trust anchor at the time asked.
/// </summary>
/// <param name="Token">The token's fields; null when it could not be parsed.</param>
/// <param name="Reasons">Reason codes; empty when valid.</param>
/// <param name="TsaChain">The TSA chain validation; null when not reached.</param>
public sealed record TimestampVerification(TimestampToken? Token, IReadOnlyList<string> Reasons, ChainValidationResult? TsaChain)
{
    /// <summary>True when there is no reason.</summary>
    public bool IsValid => Reasons.Count == 0;
}
