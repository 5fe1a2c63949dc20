using Trust.Core.Results;

namespace Trust.Core.Evidence;

/// <summary>What <see cref="EvidenceRecordVerifier"/> found for one data object and its record.</summary>
/// <param name="Reasons">Reason codes (<c>evidence.*</c>, <c>timestamp.*</c>), distinct, in check order; empty when valid.</param>
/// <param name="Timestamps">Every archive time-stamp of the record, oldest first; empty when the record could not be read.</param>
public sealed record EvidenceVerification(IReadOnlyList<string> Reasons, IReadOnlyList<ArchiveTimestampReport> Timestamps)
{
    /// <summary>True when there is no reason: the data object existed at the first time-stamp's time, and the proof is intact and trusted today.</summary>
    public bool IsValid => Reasons.Count == 0;

    /// <summary>The ETSI EN 319 102-1 indication decided by the worst reason.</summary>
    public VerificationOutcome Outcome => VerificationOutcome.FromReasons(Reasons);

    /// <summary>The time of the oldest archive time-stamp: the time the data object is proven to have existed; null when unknown.</summary>
    public DateTimeOffset? ProvenSince => Timestamps.Count > 0 ? Timestamps[0].Time : null;
}

/// <summary>One archive time-stamp of a record as checked.</summary>
/// <param name="Chain">The chain's index in the sequence (0 = the oldest).</param>
/// <param name="Index">The time-stamp's index in its chain.</param>
/// <param name="Time">The time the TSA asserts; null when the token cannot be read.</param>
/// <param name="Tsa">The TSA's name; empty when unknown.</param>
/// <param name="TsaNotAfter">The TSA certificate's expiry; null when unknown.</param>
/// <param name="Digest">The chain's hash algorithm (<c>sha256</c>, <c>sm3</c>, or the OID when not supported).</param>
/// <param name="Reasons">This time-stamp's reasons; empty when valid.</param>
public sealed record ArchiveTimestampReport(int Chain, int Index, DateTimeOffset? Time, string Tsa, DateTimeOffset? TsaNotAfter, string Digest, IReadOnlyList<string> Reasons);
