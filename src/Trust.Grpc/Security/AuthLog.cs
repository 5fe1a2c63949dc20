namespace Trust.Grpc.Security;

/// <summary>Source-generated log messages of authentication and authorisation. Principal names and reasons only, never token or certificate contents.</summary>
internal static partial class AuthLog
{
    [LoggerMessage(EventId = 201, Level = LogLevel.Warning, Message = "{Method}: refused UNAUTHENTICATED for {Principal}: {Reason}")]
    public static partial void Unauthenticated(ILogger logger, string method, string principal, string reason);

    [LoggerMessage(EventId = 202, Level = LogLevel.Warning, Message = "{Method}: refused PERMISSION_DENIED for {Principal} ({Scheme}): {Reason}")]
    public static partial void PermissionDenied(ILogger logger, string method, string principal, string scheme, string reason);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Authentication: {Mode}")]
    public static partial void Configured(ILogger logger, string mode);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error, Message = "{Method}: could not append the refusal to the audit log ({ExceptionType})")]
    public static partial void AuditFailed(ILogger logger, string method, string exceptionType);
}
