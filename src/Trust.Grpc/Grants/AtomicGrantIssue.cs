using Trust.Core.Storage;
using Trust.Storage;

namespace Trust.Grpc.Grants;

/// <summary>
/// The store as one <see cref="Trust.Core.Grants.GrantIssuer.IssueAsync"/> call sees it: the grant record is held
/// back until its <c>grant.issue</c> entry comes, then both go through
/// <see cref="TrustStore.RecordGrantWithAuditAsync"/> in one transaction. One instance per issue.
/// Revocation does not go through here (the server calls <see cref="TrustStore.RevokeGrantWithAuditAsync"/>).
/// </summary>
internal sealed class AtomicGrantIssue(TrustStore store) : IGrantStore, IAuditLog
{
    private const string IssueAction = "grant.issue";

    private GrantRecord? _pending;

    /// <summary>Holds the grant back until its <c>grant.issue</c> entry is appended.</summary>
    public Task RecordAsync(GrantRecord grant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(grant);
        if (_pending is not null)
        {
            throw new InvalidOperationException("a grant is already waiting for its audit entry: use one AtomicGrantIssue per issue");
        }

        _pending = grant;
        return Task.CompletedTask;
    }

    /// <summary>The held-back grant's <c>grant.issue</c> entry commits both; anything else is appended alone.</summary>
    public async Task<AuditEntry> AppendAsync(string action, string actor, string subject, string details, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        if (_pending is not { } grant)
        {
            return await store.AppendAsync(action, actor, subject, details, at, cancellationToken).ConfigureAwait(false);
        }

        _pending = null;
        if (!string.Equals(action, IssueAction, StringComparison.Ordinal) || !string.Equals(subject, grant.Id, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"the audit entry after grant {grant.Id} is not its {IssueAction} entry");
        }

        return await store.RecordGrantWithAuditAsync(grant, actor, details, at, cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence = 1, CancellationToken cancellationToken = default) => store.ReadAsync(fromSequence, cancellationToken);

    public Task<GrantRecord?> GetAsync(string grantId, CancellationToken cancellationToken = default) => store.GetGrantAsync(grantId, cancellationToken);

    /// <summary>Not atomic with its audit entry here: revocation goes through <see cref="TrustStore.RevokeGrantWithAuditAsync"/>.</summary>
    public Task<bool> RevokeAsync(string grantId, string reason, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("grant revocation goes through TrustStore.RevokeGrantWithAuditAsync");

    public Task<bool> IsRevokedAsync(string grantId, CancellationToken cancellationToken = default) => store.IsGrantRevokedAsync(grantId, cancellationToken);

    public Task<bool> TryConsumeAsync(string grantId, DateTimeOffset at, CancellationToken cancellationToken = default) => store.TryConsumeAsync(grantId, at, cancellationToken);

    public Task<bool> IsConsumedAsync(string grantId, CancellationToken cancellationToken = default) => store.IsConsumedAsync(grantId, cancellationToken);
}
