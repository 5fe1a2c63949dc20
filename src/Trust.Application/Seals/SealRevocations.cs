using System.Text.Json;
using Trust.Core;
using Trust.Core.Seals;
using Trust.Core.Storage;

namespace Trust.Application.Seals;

/// <summary>
/// Revokes a seal for both hosts: the revocation and its <c>seal.revoke</c> audit entry (details: the seal's
/// department and the reason) in one <see cref="IAuditedWriteStore.RevokeSealWithAuditAsync"/> call. Who may revoke
/// (the department's admin on the server, the operator at the command line) is the host's check.
/// </summary>
public static class SealRevocations
{
    /// <summary>The longest reason accepted (characters).</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Revokes <paramref name="seal"/>; null, writing nothing, when it was already revoked.</summary>
    /// <param name="writes">The store.</param>
    /// <param name="seal">The seal (from the PKI's registry).</param>
    /// <param name="reason">Why (free text, at most <see cref="MaxReasonLength"/> characters, no personal data).</param>
    /// <param name="actor">Who revokes it.</param>
    /// <param name="at">When the revocation takes effect.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="TrustFormatException">An empty or oversized reason (<c>reason</c>).</exception>
    public static Task<AuditEntry?> RevokeAsync(IAuditedWriteStore writes, SealRecord seal, string reason, string actor, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(seal);
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            throw new TrustFormatException("reason", $"required, at most {MaxReasonLength} characters");
        }

        var details = JsonSerializer.Serialize(new Dictionary<string, string> { ["department"] = seal.Department, ["reason"] = reason });
        return writes.RevokeSealWithAuditAsync(new SealRevocation(seal.Id, at, reason), actor, details, cancellationToken);
    }
}
