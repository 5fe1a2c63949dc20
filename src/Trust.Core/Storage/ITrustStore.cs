using Trust.Core.Status;

namespace Trust.Core.Storage;

/// <summary>Issued licences and their status. Implementations: SQLite (embedded) and PostgreSQL (Trust.Storage).</summary>
public interface ILicenceStore
{
    /// <summary>
    /// Reserves the next free index in an issuer's status list, starting at 0 (atomic across nodes:
    /// concurrent callers always receive distinct indexes).
    /// </summary>
    Task<long> AllocateStatusIndexAsync(string statusListId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an issued licence. Throws <see cref="TrustException"/> if the id (or the status index
    /// in its status list) is already taken, and <see cref="TrustFormatException"/> naming the field
    /// when a value is empty or over the store's size limit.
    /// </summary>
    Task AddAsync(LicenceRecord licence, CancellationToken cancellationToken = default);

    /// <summary>The licence with <paramref name="id"/>, or null.</summary>
    Task<LicenceRecord?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>The licences of a holder, optionally only of some types.</summary>
    Task<IReadOnlyList<LicenceRecord>> FindByHolderAsync(string holderId, IReadOnlyCollection<string>? typeCodes = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Changes a licence's status. Returns false, changing nothing, if the licence is unknown or
    /// already revoked: revoked is final (a second revocation keeps the first one's time and reason).
    /// </summary>
    Task<bool> SetStatusAsync(StatusChange change, CancellationToken cancellationToken = default);

    /// <summary>The current status of a licence, or null if unknown.</summary>
    Task<LicenceStatus?> GetStatusAsync(string licenceId, CancellationToken cancellationToken = default);

    /// <summary>All non-valid statuses of one status list (index to status), to build the signed list.</summary>
    Task<IReadOnlyDictionary<long, LicenceStatus>> GetStatusListAsync(string statusListId, CancellationToken cancellationToken = default);
}

/// <summary>The tamper-evident, append-only audit log (each entry carries the hash of the one before).</summary>
public interface IAuditLog
{
    /// <summary>
    /// Appends an entry; the store assigns sequence, previous hash and hash atomically (concurrent
    /// appends, also from several nodes, form one chain). The time is kept to the microsecond
    /// (see <see cref="Audit.AuditChain"/>). Throws <see cref="TrustFormatException"/> naming the
    /// field when a value is over its limit or not well-formed text.
    /// </summary>
    Task<AuditEntry> AppendAsync(string action, string actor, string subject, string details, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Reads entries in sequence order from <paramref name="fromSequence"/>.</summary>
    IAsyncEnumerable<AuditEntry> ReadAsync(long fromSequence = 1, CancellationToken cancellationToken = default);
}
