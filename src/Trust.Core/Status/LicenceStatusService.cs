using System.Text.Json;
using Trust.Core.Storage;

namespace Trust.Core.Status;

/// <summary>
/// Revokes, suspends and resumes licences: changes the status in the store and appends
/// <c>licence.revoke</c>, <c>licence.suspend</c> or <c>licence.resume</c> to the audit log.
/// Revoked is final; only a suspended licence can be resumed.
/// </summary>
public sealed class LicenceStatusService
{
    private readonly ILicenceStore _store;
    private readonly IAuditLog _audit;
    private readonly TimeProvider _time;
    private readonly string _actor;

    /// <summary>Creates the service.</summary>
    /// <param name="store">Licences and their status.</param>
    /// <param name="auditLog">The audit log.</param>
    /// <param name="actor">Who acts (principal or tool), recorded in the audit log.</param>
    /// <param name="timeProvider">Clock; the system clock when null.</param>
    public LicenceStatusService(ILicenceStore store, IAuditLog auditLog, string actor, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(auditLog);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        _store = store;
        _audit = auditLog;
        _actor = actor;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Revokes a licence permanently.</summary>
    /// <exception cref="TrustException">Unknown licence, or already revoked.</exception>
    public Task RevokeAsync(string licenceId, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(licenceId, LicenceStatus.Revoked, reason, "licence.revoke", cancellationToken);

    /// <summary>Suspends a valid licence.</summary>
    /// <exception cref="TrustException">Unknown licence, or not currently valid.</exception>
    public Task SuspendAsync(string licenceId, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(licenceId, LicenceStatus.Suspended, reason, "licence.suspend", cancellationToken);

    /// <summary>Resumes a suspended licence.</summary>
    /// <exception cref="TrustException">Unknown licence, or not currently suspended.</exception>
    public Task ResumeAsync(string licenceId, string reason, CancellationToken cancellationToken = default) =>
        ChangeAsync(licenceId, LicenceStatus.Valid, reason, "licence.resume", cancellationToken);

    private async Task ChangeAsync(string licenceId, LicenceStatus target, string reason, string action, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(licenceId);
        ArgumentNullException.ThrowIfNull(reason);
        if (reason.Length > 500)
        {
            throw new TrustFormatException("reason", "longer than 500 characters");
        }

        var current = await _store.GetStatusAsync(licenceId, cancellationToken).ConfigureAwait(false)
            ?? throw new TrustException($"Unknown licence '{licenceId}'.");
        var allowed = target switch
        {
            LicenceStatus.Revoked => current != LicenceStatus.Revoked,
            LicenceStatus.Suspended => current == LicenceStatus.Valid,
            _ => current == LicenceStatus.Suspended,
        };
        if (!allowed)
        {
            throw new TrustException($"Licence '{licenceId}' is {Results.VerdictWords.Status(current)}; it cannot be {Past(target)}.");
        }

        var at = _time.GetUtcNow();
        if (!await _store.SetStatusAsync(new StatusChange(licenceId, target, reason, at), cancellationToken).ConfigureAwait(false))
        {
            throw new TrustException($"Unknown licence '{licenceId}'.");
        }

        var details = JsonSerializer.Serialize(new Dictionary<string, string> { ["status"] = Results.VerdictWords.Status(target), ["reason"] = reason });
        await _audit.AppendAsync(action, _actor, licenceId, details, at, cancellationToken).ConfigureAwait(false);
    }

    private static string Past(LicenceStatus target) => target switch
    {
        LicenceStatus.Revoked => "revoked",
        LicenceStatus.Suspended => "suspended",
        _ => "resumed",
    };
}
