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

    [LoggerMessage(EventId = 205, Level = LogLevel.Information, Message = "CRLs reloaded from {Path}: {Count} CRL(s), {Revoked} revoked certificate(s)")]
    public static partial void CrlsReloaded(ILogger logger, string path, int count, int revoked);

    [LoggerMessage(EventId = 206, Level = LogLevel.Error, Message = "CRL file {Path} was not loaded, the previous CRLs stay in force: {Reason}")]
    public static partial void CrlReloadFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "The CRL of {Issuer} is past its nextUpdate {NextUpdate:O}: client certificates (and other chains) of that CA are refused as revocation_unknown until a current CRL is installed")]
    public static partial void CrlStale(ILogger logger, string issuer, DateTimeOffset nextUpdate);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning, Message = "{Method}: stream of {Principal} ended UNAUTHENTICATED: {Reason}")]
    public static partial void StreamExpired(ILogger logger, string method, string principal, string reason);

    [LoggerMessage(EventId = 209, Level = LogLevel.Error, Message = "New CRLs are in force, but re-checking the open streams' client certificates failed ({ExceptionType})")]
    public static partial void StreamRecheckFailed(ILogger logger, string exceptionType);
}
