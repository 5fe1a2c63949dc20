namespace Trust.Grpc.Errors;

/// <summary>Source-generated log messages of the server. They carry method names, exception types and field names, never request values.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Method}: invalid argument in field {Field}")]
    public static partial void InvalidArgument(ILogger logger, string method, string field);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "{Method}: key problem ({ExceptionType})")]
    public static partial void KeyProblem(ILogger logger, string method, string exceptionType);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "{Method}: unexpected {ExceptionType} at {StackTrace}")]
    public static partial void Unexpected(ILogger logger, string method, string exceptionType, string? stackTrace);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Method}: cancelled by the client or its deadline")]
    public static partial void Cancelled(ILogger logger, string method);
}
