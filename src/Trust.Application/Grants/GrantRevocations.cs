using System.Text.Json;
using Trust.Core;
using Trust.Core.Storage;

namespace Trust.Application.Grants;

/// <summary>
/// Revokes a grant for both hosts: refuses an id that was never issued (nothing written, nothing audited), and
/// otherwise records the revocation with its <c>grant.revoke</c> audit entry in one
/// <see cref="IAuditedWriteStore.RevokeGrantWithAuditAsync"/> call. No signing key is needed.
/// </summary>
/// <param name="grants">Where issued grants are looked up.</param>
/// <param name="writes">Where the revocation and its audit entry are written (usually the same store).</param>
/// <param name="timeProvider">Clock; the system clock when null.</param>
public sealed class GrantRevocations(IGrantStore grants, IAuditedWriteStore writes, TimeProvider? timeProvider = null)
{
    /// <summary>The longest reason accepted (characters).</summary>
    public const int MaxReasonLength = 500;

    private readonly IGrantStore _grants = grants ?? throw new ArgumentNullException(nameof(grants));
    private readonly IAuditedWriteStore _writes = writes ?? throw new ArgumentNullException(nameof(writes));
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>
    /// The canonical form of a grant id (32 hexadecimal digits, upper case).
    /// </summary>
    /// <param name="grantId">The id as given.</param>
    /// <exception cref="TrustFormatException">Not 32 hexadecimal digits (<c>grant_id</c>).</exception>
    public static string NormaliseId(string? grantId)
    {
        if (grantId is not { Length: 32 } || !grantId.All(char.IsAsciiHexDigit))
        {
            throw new TrustFormatException("grant_id", "a grant id is 32 hexadecimal digits");
        }

        return grantId.ToUpperInvariant();
    }

    /// <summary>Revokes the grant <paramref name="grantId"/>.</summary>
    /// <param name="grantId">The grant (32 hexadecimal digits, any case).</param>
    /// <param name="reason">Why (at most <see cref="MaxReasonLength"/> characters without control characters, no personal data).</param>
    /// <param name="actor">Who revokes it.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="TrustFormatException">A malformed id (<c>grant_id</c>) or reason (<c>reason</c>).</exception>
    public async Task<GrantRevocationResult> RevokeAsync(string grantId, string reason, string actor, CancellationToken cancellationToken = default)
    {
        var id = NormaliseId(grantId);
        ArgumentNullException.ThrowIfNull(reason);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if (reason.Length > MaxReasonLength || reason.Any(char.IsControl))
        {
            throw new TrustFormatException("reason", $"at most {MaxReasonLength} characters without control characters");
        }

        if (await _grants.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return new GrantRevocationResult(GrantRevocationOutcome.UnknownGrant, id, null);
        }

        var details = JsonSerializer.Serialize(new Dictionary<string, string> { ["reason"] = reason });
        var entry = await _writes.RevokeGrantWithAuditAsync(id, reason, _time.GetUtcNow(), actor, details, cancellationToken).ConfigureAwait(false);
        return new GrantRevocationResult(entry is null ? GrantRevocationOutcome.AlreadyRevoked : GrantRevocationOutcome.Revoked, id, entry);
    }
}

/// <summary>What a grant revocation did.</summary>
public enum GrantRevocationOutcome
{
    /// <summary>Revoked now, with its audit entry.</summary>
    Revoked,

    /// <summary>It was revoked before; nothing was written.</summary>
    AlreadyRevoked,

    /// <summary>No grant with that id was ever issued; nothing was written.</summary>
    UnknownGrant,
}

/// <summary>The result of <see cref="GrantRevocations.RevokeAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="GrantId">The grant id in canonical form (upper case).</param>
/// <param name="Entry">The <c>grant.revoke</c> audit entry; null unless <see cref="GrantRevocationOutcome.Revoked"/>.</param>
public sealed record GrantRevocationResult(GrantRevocationOutcome Outcome, string GrantId, AuditEntry? Entry)
{
    /// <summary>Why nothing was revoked, in words both hosts show; null when revoked.</summary>
    public string? Refusal => Outcome switch
    {
        GrantRevocationOutcome.AlreadyRevoked => $"grant {GrantId} was already revoked",
        GrantRevocationOutcome.UnknownGrant => $"grant {GrantId} was never issued",
        _ => null,
    };
}
