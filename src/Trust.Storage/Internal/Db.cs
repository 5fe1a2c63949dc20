using System.Data.Common;

namespace Trust.Storage.Internal;

/// <summary>ADO.NET helpers shared by both providers: parameters everywhere, times as microseconds.</summary>
internal static class Db
{
    private static readonly long EpochTicks = DateTimeOffset.UnixEpoch.UtcTicks;

    /// <summary>Microseconds since the Unix epoch; finer ticks are dropped (same rule as the audit chain).</summary>
    public static long ToMicros(DateTimeOffset at)
    {
        var ticks = at.UtcTicks - EpochTicks;
        return (ticks - (((ticks % 10) + 10) % 10)) / 10;
    }

    /// <summary>The UTC time for microseconds since the Unix epoch.</summary>
    public static DateTimeOffset FromMicros(long micros) => new(EpochTicks + (micros * 10), TimeSpan.Zero);

    /// <summary>A command with named parameters (<c>@name</c> in the SQL text).</summary>
    public static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
#pragma warning disable CA2100 // SQL text is a constant of this assembly; values always go in parameters.
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs a statement and returns the number of rows it changed.</summary>
    public static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs a query and returns the first column of the first row, or null.</summary>
    public static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    /// <summary>A nullable 64-bit integer column.</summary>
    public static long? NullableInt64(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);
}
