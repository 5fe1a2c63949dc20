namespace Trust.Grpc.Limits;

/// <summary>Source-generated log messages of the limits (event ids 720-739).</summary>
internal static partial class LimitsLog
{
    [LoggerMessage(EventId = 720, Level = LogLevel.Warning, Message = "{Path}: refused for {Client}: {Reason}")]
    public static partial void Refused(ILogger logger, string path, string client, string reason);

    [LoggerMessage(EventId = 721, Level = LogLevel.Information, Message = "{Path}: malformed request message from {Client} ({ExceptionType}): INVALID_ARGUMENT")]
    public static partial void Malformed(ILogger logger, string path, string client, string exceptionType);
}
