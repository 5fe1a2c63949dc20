using System.Text.Json;
using Trust.Core;
using Trust.Core.Results;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Application.Licences;

/// <summary>
/// Revokes, suspends and resumes licences for both hosts: looks the licence up, applies
/// <see cref="LicenceStatusTransitions"/>, and changes the status with its <c>licence.revoke</c>,
/// <c>licence.suspend</c> or <c>licence.resume</c> audit entry in one <see cref="IAuditedWriteStore"/> call.
/// The result says what happened; the hosts map it (exit code, gRPC status) without deciding anything.
/// </summary>
/// <param name="licences">Where the current status is read.</param>
/// <param name="writes">Where the change and its audit entry are written (usually the same store).</param>
/// <param name="timeProvider">Clock; the system clock when null.</param>
public sealed class LicenceStatusChanges(ILicenceStore licences, IAuditedWriteStore writes, TimeProvider? timeProvider = null)
{
    /// <summary>The longest reason accepted (characters).</summary>
    public const int MaxReasonLength = 500;

    private readonly ILicenceStore _licences = licences ?? throw new ArgumentNullException(nameof(licences));
    private readonly IAuditedWriteStore _writes = writes ?? throw new ArgumentNullException(nameof(writes));
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Changes the status of <paramref name="licenceId"/> to <paramref name="target"/> when the table allows it.</summary>
    /// <param name="licenceId">The licence.</param>
    /// <param name="target">The requested status.</param>
    /// <param name="reason">Why (free text, at most <see cref="MaxReasonLength"/> characters, no personal data).</param>
    /// <param name="actor">Who changes it (principal or tool), recorded in the audit entry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <exception cref="TrustFormatException">Empty licence id (<c>licence_id</c>) or reason over its limit (<c>reason</c>).</exception>
    public async Task<LicenceStatusChangeResult> ChangeAsync(string licenceId, LicenceStatus target, string reason, string actor, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(licenceId))
        {
            throw new TrustFormatException("licence_id", "required");
        }

        ArgumentNullException.ThrowIfNull(reason);
        ArgumentException.ThrowIfNullOrEmpty(actor);
        if (reason.Length > MaxReasonLength)
        {
            throw new TrustFormatException("reason", $"longer than {MaxReasonLength} characters");
        }

        if (await _licences.GetStatusAsync(licenceId, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return new LicenceStatusChangeResult(LicenceStatusChangeOutcome.UnknownLicence, licenceId, target, null, null);
        }

        if (!LicenceStatusTransitions.IsAllowed(current, target))
        {
            return new LicenceStatusChangeResult(LicenceStatusChangeOutcome.NotAllowed, licenceId, target, current, null);
        }

        var details = JsonSerializer.Serialize(new Dictionary<string, string> { ["status"] = VerdictWords.Status(target), ["reason"] = reason });
        var entry = await _writes.SetStatusWithAuditAsync(new StatusChange(licenceId, target, reason, _time.GetUtcNow()), actor, details, cancellationToken)
            .ConfigureAwait(false);
        if (entry is not null)
        {
            return new LicenceStatusChangeResult(LicenceStatusChangeOutcome.Changed, licenceId, target, current, entry);
        }

        // Changed by another writer between the read and the write (revoked is final): report the status it has now.
        var now = await _licences.GetStatusAsync(licenceId, cancellationToken).ConfigureAwait(false) ?? LicenceStatus.Revoked;
        return new LicenceStatusChangeResult(LicenceStatusChangeOutcome.NotAllowed, licenceId, target, now, null);
    }
}

/// <summary>What a status change did.</summary>
public enum LicenceStatusChangeOutcome
{
    /// <summary>The status was changed and the audit entry appended.</summary>
    Changed,

    /// <summary>No licence with that id is in the store; nothing was written.</summary>
    UnknownLicence,

    /// <summary>The licence's status does not allow the change (<see cref="LicenceStatusTransitions"/>); nothing was written.</summary>
    NotAllowed,
}

/// <summary>The result of <see cref="LicenceStatusChanges.ChangeAsync"/>, the report both hosts print or map.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="LicenceId">The licence.</param>
/// <param name="Target">The requested status.</param>
/// <param name="Previous">The status before (for <see cref="LicenceStatusChangeOutcome.NotAllowed"/>: the status that refused it); null for an unknown licence.</param>
/// <param name="Entry">The audit entry of the change; null unless <see cref="LicenceStatusChangeOutcome.Changed"/>.</param>
public sealed record LicenceStatusChangeResult(LicenceStatusChangeOutcome Outcome, string LicenceId, LicenceStatus Target, LicenceStatus? Previous, AuditEntry? Entry)
{
    /// <summary>Why nothing changed, in words both hosts show: <c>licence is suspended; it cannot be resumed</c>; null when changed.</summary>
    public string? Refusal => Outcome switch
    {
        LicenceStatusChangeOutcome.UnknownLicence => $"licence {LicenceId} is not in the store",
        LicenceStatusChangeOutcome.NotAllowed => $"licence {LicenceId} is {VerdictWords.Status(Previous ?? LicenceStatus.Revoked)}; it cannot be {LicenceStatusTransitions.PastTense(Target)}",
        _ => null,
    };
}
