using Trust.Core.Status;

namespace Trust.Core.Storage;

/// <summary>An issued licence as kept by the issuer's store.</summary>
/// <param name="Id">The licence identifier (with check character).</param>
/// <param name="TypeCode">Licence type code from the catalog.</param>
/// <param name="TypeVersion">Version of the type the licence was issued under.</param>
/// <param name="HolderId">Resident ID number or unified social credit code of the holder.</param>
/// <param name="HolderName">Holder's name (personal data: never logged).</param>
/// <param name="IssuerDepartment">Code of the issuing department.</param>
/// <param name="StatusListId">Identifier of the issuer's status list.</param>
/// <param name="StatusIndex">Index of this licence in that status list.</param>
/// <param name="IssuedAt">Issue time.</param>
/// <param name="ValidFrom">Start of validity.</param>
/// <param name="ValidUntil">End of validity, or null when it does not expire.</param>
/// <param name="Signed">The COSE_Sign1 bytes of the licence (the <c>.lic</c> content).</param>
public sealed record LicenceRecord(
    string Id,
    string TypeCode,
    int TypeVersion,
    string HolderId,
    string HolderName,
    string IssuerDepartment,
    string StatusListId,
    long StatusIndex,
    DateTimeOffset IssuedAt,
    DateTimeOffset ValidFrom,
    DateTimeOffset? ValidUntil,
    byte[] Signed);

/// <summary>A status change of a licence.</summary>
/// <param name="LicenceId">The licence.</param>
/// <param name="Status">The new status.</param>
/// <param name="Reason">Why (free text, no personal data).</param>
/// <param name="At">When the change took effect.</param>
public sealed record StatusChange(string LicenceId, LicenceStatus Status, string Reason, DateTimeOffset At);

/// <summary>An entry of the tamper-evident audit log.</summary>
/// <param name="Sequence">Position in the log, from 1.</param>
/// <param name="At">When it happened.</param>
/// <param name="Action">What happened, for example <c>licence.issue</c>, <c>licence.revoke</c>, <c>seal.use</c>, <c>grant.check</c>.</param>
/// <param name="Actor">Who did it (principal, department or tool).</param>
/// <param name="Subject">What it was done to (licence id, seal id, grant id); never personal data.</param>
/// <param name="Details">Further facts as compact JSON; never personal data or secrets.</param>
/// <param name="PreviousHash">Hash of the previous entry (32 zero bytes for the first).</param>
/// <param name="Hash">SHA-256 over the canonical encoding of this entry including <paramref name="PreviousHash"/>.</param>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset At,
    string Action,
    string Actor,
    string Subject,
    string Details,
    byte[] PreviousHash,
    byte[] Hash);
