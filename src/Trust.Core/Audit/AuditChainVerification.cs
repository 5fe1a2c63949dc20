namespace Trust.Core.Audit;

/// <summary>What is wrong with the audit log at the first place where the chain breaks.</summary>
public enum AuditChainFaultKind
{
    /// <summary>A record's content no longer matches its hash or the hash its successor committed to.</summary>
    Changed = 0,

    /// <summary>A record is missing (a gap in the sequence, or later records renumbered to close it).</summary>
    Removed = 1,

    /// <summary>A record that was never appended sits in the chain; the genuine records after it are shifted.</summary>
    Inserted = 2,

    /// <summary>A genuine record sits at another record's position.</summary>
    Reordered = 3,
}

/// <summary>The first break in the audit chain.</summary>
/// <param name="Kind">What is wrong.</param>
/// <param name="Sequence">The sequence number of the record concerned (the missing one for <see cref="AuditChainFaultKind.Removed"/>).</param>
/// <param name="Code">Machine-readable reason: <c>audit.changed</c>, <c>audit.removed</c>, <c>audit.inserted</c> or <c>audit.reordered</c>.</param>
/// <param name="Message">A sentence for people, naming the record.</param>
public sealed record AuditChainFault(AuditChainFaultKind Kind, long Sequence, string Code, string Message);

/// <summary>The result of checking an audit log's hash chain.</summary>
/// <param name="IsIntact">True only when every record read links to the one before and matches its hash.</param>
/// <param name="EntriesChecked">Records found intact before the first fault (all records when intact).</param>
/// <param name="LastSequence">Sequence of the last intact record (0 for an empty log).</param>
/// <param name="HeadHash">Hash of the last intact record (the genesis hash for an empty log); keep it elsewhere to detect truncation later.</param>
/// <param name="Fault">The first break, or null when intact.</param>
/// <remarks>
/// A hash chain cannot show that records were cut off at the end: compare <paramref name="LastSequence"/>
/// and <paramref name="HeadHash"/> with a copy kept outside the store to detect that.
/// </remarks>
public sealed record AuditChainVerification(bool IsIntact, long EntriesChecked, long LastSequence, byte[] HeadHash, AuditChainFault? Fault)
{
    /// <summary>Machine-readable reasons: empty when intact, otherwise the fault's code.</summary>
    public IReadOnlyList<string> Reasons => Fault is null ? [] : [Fault.Code];

    /// <summary>The result in the common model (indication, sub-indication, reasons); passed only when intact.</summary>
    public Results.VerificationOutcome Outcome => Results.VerificationOutcome.FromReasons(Reasons, IsIntact ? null : "audit.changed");
}

/// <summary>
/// A chain head recorded outside the log (the store's head row, an earlier verification, a
/// published checkpoint): verification then also detects records cut off at the end.
/// </summary>
/// <param name="Sequence">Sequence of the anchored record (0 for the empty log).</param>
/// <param name="Hash">Its hash (<see cref="AuditChain.GenesisHash"/> for the empty log).</param>
public sealed record AuditAnchor(long Sequence, byte[] Hash);
