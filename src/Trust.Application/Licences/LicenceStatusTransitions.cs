using Trust.Core.Status;

namespace Trust.Application.Licences;

/// <summary>
/// The one table of licence status changes: valid to suspended (suspend), suspended to valid (resume), valid or
/// suspended to revoked (revoke); revoked is final, and a change to the status a licence already has is refused.
/// The stores keep "revoked is final" as their own guard (<see cref="Trust.Core.Storage.IAuditedWriteStore.SetStatusWithAuditAsync"/>);
/// every other rule is here.
/// </summary>
public static class LicenceStatusTransitions
{
    /// <summary>Whether a licence in status <paramref name="from"/> may be changed to <paramref name="to"/>.</summary>
    /// <param name="from">The current status.</param>
    /// <param name="to">The requested status.</param>
    public static bool IsAllowed(LicenceStatus from, LicenceStatus to) => (from, to) switch
    {
        (LicenceStatus.Valid, LicenceStatus.Suspended) => true,
        (LicenceStatus.Suspended, LicenceStatus.Valid) => true,
        (LicenceStatus.Valid or LicenceStatus.Suspended, LicenceStatus.Revoked) => true,
        _ => false,
    };

    /// <summary>The verb of a change to <paramref name="to"/>: <c>revoke</c>, <c>suspend</c> or <c>resume</c>.</summary>
    /// <param name="to">The requested status.</param>
    public static string Verb(LicenceStatus to) => to switch
    {
        LicenceStatus.Revoked => "revoke",
        LicenceStatus.Suspended => "suspend",
        _ => "resume",
    };

    /// <summary>The past tense of <see cref="Verb"/>: <c>revoked</c>, <c>suspended</c> or <c>resumed</c>.</summary>
    /// <param name="to">The requested status.</param>
    public static string PastTense(LicenceStatus to) => to switch
    {
        LicenceStatus.Revoked => "revoked",
        LicenceStatus.Suspended => "suspended",
        _ => "resumed",
    };
}
