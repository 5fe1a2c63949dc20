namespace Trust.Core.Results;

/// <summary>
/// The main indication of a validation, in the sense of ETSI EN 319 102-1 section 5.1.3:
/// TOTAL-PASSED, TOTAL-FAILED or INDETERMINATE. Ordered by severity: a larger value is worse.
/// </summary>
public enum Indication
{
    /// <summary>Every check passed (ETSI TOTAL-PASSED).</summary>
    Passed = 0,

    /// <summary>A check could not be made, so the artefact is neither accepted nor rejected (ETSI INDETERMINATE).</summary>
    Indeterminate = 1,

    /// <summary>A check failed: the artefact is forged, altered, revoked or not acceptable (ETSI TOTAL-FAILED).</summary>
    Failed = 2,
}
