using Trust.Core.Storage;
using Trust.Storage.Internal;

namespace Trust.Storage;

public abstract partial class TrustStore : IGrantCodeStore
{
    /// <summary>Largest grant kept under a short code (Trust.Core's SignedGrant.MaxBytes).</summary>
    private const int GrantCodeSignedLength = 16 * 1024;

    /// <inheritdoc/>
    /// <remarks>One INSERT guarded by the primary key: of two grants drawing the same code only the first keeps it.</remarks>
    public async Task<bool> TryAddCodeAsync(GrantCodeRecord code, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        InputLimits.Text("code", code.Code, InputLimits.CodeLength);
        InputLimits.Text("grantId", code.GrantId, InputLimits.IdLength);
        InputLimits.Bytes("grant", code.Grant, GrantCodeSignedLength);
        using var writeGate = await EnterWriteGateAsync(cancellationToken).ConfigureAwait(false);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await Db.ExecuteAsync(connection, null,
            "INSERT INTO grant_codes (code, grant_id, signed, expires_at_us) VALUES (@code, @id, @signed, @expires) ON CONFLICT DO NOTHING",
            cancellationToken, ("code", code.Code), ("id", code.GrantId), ("signed", code.Grant), ("expires", Db.ToMicros(code.ExpiresAt))).ConfigureAwait(false);
        return rows == 1;
    }

    /// <inheritdoc/>
    public async Task<GrantCodeRecord?> FindCodeAsync(string code, CancellationToken cancellationToken = default)
    {
        InputLimits.Text("code", code, InputLimits.CodeLength);
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Db.Command(connection, null, "SELECT code, grant_id, signed, expires_at_us FROM grant_codes WHERE code = @code", ("code", code));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new GrantCodeRecord(reader.GetString(0), reader.GetString(1), reader.GetFieldValue<byte[]>(2), Db.FromMicros(reader.GetInt64(3)))
            : null;
    }
}
