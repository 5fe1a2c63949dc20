using Trust.Core.Seals.Providers;
using Trust.Storage.Internal;

namespace Trust.Storage;

/// <content>
/// The seal platform's signing authorisations (<see cref="ISealAuthorizationStore"/>, implemented explicitly: only the
/// platform uses them), so each is single-use across restarts and nodes.
/// </content>
public abstract partial class TrustStore : ISealAuthorizationStore
{
    /// <summary>Most digests one stored authorisation may list.</summary>
    private const int MaxAuthorizationDigests = 10_000;

    /// <inheritdoc/>
    async Task ISealAuthorizationStore.AddAsync(SealAuthorizationRecord authorization, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authorization);
        InputLimits.Text("id", authorization.Id, InputLimits.IdLength);
        InputLimits.Text("caller", authorization.Caller, InputLimits.IdLength);
        InputLimits.Text("sealId", authorization.SealId, InputLimits.IdLength);
        if (authorization.Digests.Count is 0 or > MaxAuthorizationDigests || authorization.Digests.Any(d => d.Length != 64 || !d.All(char.IsAsciiHexDigitLower)))
        {
            throw new ArgumentException($"digests: 1 to {MaxAuthorizationDigests} lower-case hex SHA-256/SM3 digests", nameof(authorization));
        }

        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await Db.ExecuteAsync(connection, null,
            "INSERT INTO seal_authorizations (id, caller, seal_id, digests, expires_at_us) VALUES (@id, @caller, @seal, @digests, @expires)",
            cancellationToken, ("id", authorization.Id), ("caller", authorization.Caller), ("seal", authorization.SealId),
            ("digests", string.Join(' ', authorization.Digests)), ("expires", Db.ToMicros(authorization.ExpiresAt))).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    /// <remarks>One guarded UPDATE (<c>used_at_us IS NULL</c>) decides: of two nodes consuming one authorisation, one changes the row.</remarks>
    async Task<(SealAuthorizationState State, SealAuthorizationRecord? Authorization)> ISealAuthorizationStore.ConsumeAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id.Length is 0 or > InputLimits.IdLength)
        {
            return (SealAuthorizationState.Unknown, null);
        }

        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await Db.ExecuteAsync(connection, null,
            "UPDATE seal_authorizations SET used_at_us = @now WHERE id = @id AND used_at_us IS NULL",
            cancellationToken, ("now", Db.ToMicros(DateTimeOffset.UtcNow)), ("id", id)).ConfigureAwait(false);
        await using var command = Db.Command(connection, null, "SELECT caller, seal_id, digests, expires_at_us FROM seal_authorizations WHERE id = @id", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return (SealAuthorizationState.Unknown, null);
        }

        if (changed != 1)
        {
            return (SealAuthorizationState.AlreadyUsed, null);
        }

        var record = new SealAuthorizationRecord(id, reader.GetString(0), reader.GetString(1), reader.GetString(2).Split(' '), Db.FromMicros(reader.GetInt64(3)));
        return (SealAuthorizationState.Consumed, record);
    }

    /// <inheritdoc/>
    async Task<int> ISealAuthorizationStore.RemoveExpiredAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await Db.ExecuteAsync(connection, null, "DELETE FROM seal_authorizations WHERE expires_at_us < @before", cancellationToken, ("before", Db.ToMicros(before))).ConfigureAwait(false);
    }
}
