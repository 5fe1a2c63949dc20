using System.Data.Common;
using System.Globalization;
using System.Text;
using Trust.Core;
using Trust.Core.Status;
using Trust.Core.Storage;
using Trust.Storage.Internal;

namespace Trust.Storage;

public abstract partial class TrustStore
{
    private const string LicenceColumns =
        "id, type_code, type_version, holder_id, holder_name, issuer_department, status_list_id, status_index, issued_at_us, valid_from_us, valid_until_us, signed";

    /// <inheritdoc/>
    public async Task<long> AllocateStatusIndexAsync(string statusListId, CancellationToken cancellationToken = default)
    {
        InputLimits.Text("statusListId", statusListId, InputLimits.IdLength);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);

        // One atomic statement: the row lock of the upsert serialises concurrent allocators on
        // PostgreSQL, the database write lock does so on SQLite.
        var value = await Db.ScalarAsync(connection, null,
            "INSERT INTO status_lists (id, allocated) VALUES (@id, 1) " +
            "ON CONFLICT (id) DO UPDATE SET allocated = status_lists.allocated + 1 RETURNING allocated - 1",
            cancellationToken, ("id", statusListId)).ConfigureAwait(false);
        return Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <inheritdoc/>
    public async Task AddAsync(LicenceRecord licence, CancellationToken cancellationToken = default)
    {
        CheckLicence(licence);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await InsertLicenceAsync(connection, null, licence, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckLicence(LicenceRecord licence)
    {
        ArgumentNullException.ThrowIfNull(licence);
        InputLimits.Text("licence.id", licence.Id, InputLimits.IdLength);
        InputLimits.Text("licence.typeCode", licence.TypeCode, InputLimits.CodeLength);
        InputLimits.NotNegative("licence.typeVersion", licence.TypeVersion);
        InputLimits.Text("licence.holderId", licence.HolderId, InputLimits.HolderIdLength);
        InputLimits.Text("licence.holderName", licence.HolderName, InputLimits.NameLength);
        InputLimits.Text("licence.issuerDepartment", licence.IssuerDepartment, InputLimits.CodeLength);
        InputLimits.Text("licence.statusListId", licence.StatusListId, InputLimits.IdLength);
        InputLimits.NotNegative("licence.statusIndex", licence.StatusIndex);
        InputLimits.Bytes("licence.signed", licence.Signed, InputLimits.SignedLength);
    }

    private static async Task InsertLicenceAsync(DbConnection connection, DbTransaction? transaction, LicenceRecord licence, CancellationToken cancellationToken)
    {
        var rows = await Db.ExecuteAsync(connection, transaction,
            $"INSERT INTO licences ({LicenceColumns}) VALUES (@id, @type, @version, @holder, @name, @dept, @list, @index, @issued, @from, @until, @signed) ON CONFLICT DO NOTHING",
            cancellationToken,
            ("id", licence.Id), ("type", licence.TypeCode), ("version", licence.TypeVersion), ("holder", licence.HolderId),
            ("name", licence.HolderName), ("dept", licence.IssuerDepartment), ("list", licence.StatusListId),
            ("index", licence.StatusIndex), ("issued", Db.ToMicros(licence.IssuedAt)), ("from", Db.ToMicros(licence.ValidFrom)),
            ("until", licence.ValidUntil is { } u ? Db.ToMicros(u) : null), ("signed", licence.Signed)).ConfigureAwait(false);
        if (rows == 0)
        {
            throw new TrustException("a licence with this id, or with this status index in its status list, already exists");
        }
    }

    /// <inheritdoc/>
    public async Task<LicenceRecord?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        InputLimits.Text("licence.id", id, InputLimits.IdLength);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Db.Command(connection, null, $"SELECT {LicenceColumns} FROM licences WHERE id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadLicence(reader) : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<LicenceRecord>> FindByHolderAsync(string holderId, IReadOnlyCollection<string>? typeCodes = null, CancellationToken cancellationToken = default)
    {
        InputLimits.Text("holderId", holderId, InputLimits.HolderIdLength);
        var parameters = new List<(string, object?)> { ("holder", holderId) };
        var sql = new StringBuilder($"SELECT {LicenceColumns} FROM licences WHERE holder_id = @holder");
        if (typeCodes is not null)
        {
            if (typeCodes.Count == 0)
            {
                return [];
            }

            if (typeCodes.Count > InputLimits.TypeCodesPerQuery)
            {
                throw new TrustFormatException("typeCodes", $"more than {InputLimits.TypeCodesPerQuery} type codes");
            }

            sql.Append(" AND type_code IN (");
            var i = 0;
            foreach (var code in typeCodes)
            {
                InputLimits.Text("typeCodes", code, InputLimits.CodeLength);
                sql.Append(i == 0 ? "@t0" : string.Create(CultureInfo.InvariantCulture, $", @t{i}"));
                parameters.Add((string.Create(CultureInfo.InvariantCulture, $"t{i}"), code));
                i++;
            }

            sql.Append(')');
        }

        sql.Append(" ORDER BY issued_at_us, id");
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Db.Command(connection, null, sql.ToString(), [.. parameters]);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<LicenceRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result.Add(ReadLicence(reader));
        }

        return result;
    }

    /// <inheritdoc/>
    public async Task<bool> SetStatusAsync(StatusChange change, CancellationToken cancellationToken = default)
    {
        CheckStatusChange(change);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await UpdateStatusAsync(connection, null, change, cancellationToken).ConfigureAwait(false);
    }

    private static void CheckStatusChange(StatusChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        InputLimits.Text("statusChange.licenceId", change.LicenceId, InputLimits.IdLength);
        InputLimits.Text("statusChange.reason", change.Reason, InputLimits.ReasonLength, allowEmpty: true);
        if (!Enum.IsDefined(change.Status))
        {
            throw new TrustFormatException("statusChange.status", "is not a known licence status");
        }
    }

    /// <summary>
    /// Revoked is final: the guard is part of the same statement, so a concurrent resume can
    /// never overwrite a revocation.
    /// </summary>
    private static async Task<bool> UpdateStatusAsync(DbConnection connection, DbTransaction? transaction, StatusChange change, CancellationToken cancellationToken)
    {
        var rows = await Db.ExecuteAsync(connection, transaction,
            "UPDATE licences SET status = @status, status_reason = @reason, status_at_us = @at WHERE id = @id AND status <> @revoked",
            cancellationToken,
            ("status", (int)change.Status), ("reason", change.Reason), ("at", Db.ToMicros(change.At)),
            ("id", change.LicenceId), ("revoked", (int)LicenceStatus.Revoked)).ConfigureAwait(false);
        return rows == 1;
    }

    /// <inheritdoc/>
    public async Task<LicenceStatus?> GetStatusAsync(string licenceId, CancellationToken cancellationToken = default)
    {
        InputLimits.Text("licenceId", licenceId, InputLimits.IdLength);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var value = await Db.ScalarAsync(connection, null, "SELECT status FROM licences WHERE id = @id", cancellationToken, ("id", licenceId)).ConfigureAwait(false);
        return value is null ? null : (LicenceStatus)Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    /// <summary>Most licence ids in one <see cref="GetStatusesAsync"/> query (larger requests are split).</summary>
    internal const int StatusesPerQuery = 500;

    /// <summary>
    /// The current status of many licences in few round trips (one query per
    /// <see cref="StatusesPerQuery"/> ids). Unknown ids are absent from the result.
    /// </summary>
    /// <param name="licenceIds">The licence ids (duplicates allowed).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    public async Task<IReadOnlyDictionary<string, LicenceStatus>> GetStatusesAsync(IReadOnlyCollection<string> licenceIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(licenceIds);
        var result = new Dictionary<string, LicenceStatus>(licenceIds.Count, StringComparer.Ordinal);
        if (licenceIds.Count == 0)
        {
            return result;
        }

        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in licenceIds)
        {
            InputLimits.Text("licenceIds", id, InputLimits.IdLength);
            distinct.Add(id);
        }

        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in distinct.Chunk(StatusesPerQuery))
        {
            var sql = new StringBuilder("SELECT id, status FROM licences WHERE id IN (");
            var parameters = new (string, object?)[chunk.Length];
            for (var i = 0; i < chunk.Length; i++)
            {
                var name = string.Create(CultureInfo.InvariantCulture, $"i{i}");
                sql.Append(i == 0 ? "@" : ", @").Append(name);
                parameters[i] = (name, chunk[i]);
            }

            sql.Append(')');
            await using var command = Db.Command(connection, null, sql.ToString(), parameters);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                result[reader.GetString(0)] = (LicenceStatus)Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
            }
        }

        return result;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyDictionary<long, LicenceStatus>> GetStatusListAsync(string statusListId, CancellationToken cancellationToken = default)
    {
        InputLimits.Text("statusListId", statusListId, InputLimits.IdLength);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Db.Command(connection, null,
            "SELECT status_index, status FROM licences WHERE status_list_id = @list AND status <> 0", ("list", statusListId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var result = new Dictionary<long, LicenceStatus>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            result[reader.GetInt64(0)] = (LicenceStatus)Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture);
        }

        return result;
    }

    private static LicenceRecord ReadLicence(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        Convert.ToInt32(reader.GetValue(2), CultureInfo.InvariantCulture),
        reader.GetString(3),
        reader.GetString(4),
        reader.GetString(5),
        reader.GetString(6),
        reader.GetInt64(7),
        Db.FromMicros(reader.GetInt64(8)),
        Db.FromMicros(reader.GetInt64(9)),
        Db.NullableInt64(reader, 10) is { } until ? Db.FromMicros(until) : null,
        reader.GetFieldValue<byte[]>(11));
}
