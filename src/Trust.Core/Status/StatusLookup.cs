namespace Trust.Core.Status;

/// <summary>What a verifier asks a status source about one licence (all from the signed licence).</summary>
/// <param name="LicenceId">The licence identifier.</param>
/// <param name="IssuerDepartment">The issuing department code.</param>
/// <param name="StatusListId">The status list named in the licence.</param>
/// <param name="StatusIndex">The licence's index in that list.</param>
public readonly record struct StatusQuery(string LicenceId, string IssuerDepartment, string StatusListId, long StatusIndex);

/// <summary>
/// The answer of a status source: a known <see cref="LicenceStatus"/>, or indeterminate with a
/// machine-readable reason (for example <c>status.list_expired</c>). Indeterminate never counts as valid.
/// </summary>
public readonly record struct StatusLookup
{
    private StatusLookup(LicenceStatus? status, string? reason)
    {
        Status = status;
        IndeterminateReason = reason;
    }

    /// <summary>The status, or null when it could not be determined.</summary>
    public LicenceStatus? Status { get; }

    /// <summary>Why the status could not be determined; null when <see cref="Status"/> is known.</summary>
    public string? IndeterminateReason { get; }

    /// <summary>A known status.</summary>
    public static StatusLookup Known(LicenceStatus status) => new(status, null);

    /// <summary>An undetermined status with a reason code.</summary>
    public static StatusLookup Indeterminate(string reason) => new(null, reason);
}

/// <summary>
/// Where a verifier learns whether a licence is revoked or suspended: the issuer's store
/// (<see cref="StoreStatusSource"/>) online, or signed status lists (<see cref="StatusListStatusSource"/>) offline.
/// </summary>
public interface ILicenceStatusSource
{
    /// <summary>The current status of the licence described by <paramref name="query"/>. Must not throw for unknown licences.</summary>
    ValueTask<StatusLookup> GetStatusAsync(StatusQuery query, CancellationToken cancellationToken = default);
}
