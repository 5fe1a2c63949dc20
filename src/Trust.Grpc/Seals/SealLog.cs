namespace Trust.Grpc.Seals;

/// <summary>Source-generated log messages of the seal service (event ids 700-719). Seal ids, sizes and hashes only; never document content.</summary>
internal static partial class SealLog
{
    [LoggerMessage(EventId = 700, Level = LogLevel.Information, Message = "Sealed a PDF with seal {SealId} for {Actor}: {InputBytes} -> {OutputBytes} bytes, field {Field}")]
    public static partial void Sealed(ILogger logger, string sealId, string actor, long inputBytes, long outputBytes, string field);

    [LoggerMessage(EventId = 701, Level = LogLevel.Information, Message = "Refused to seal with seal {SealId} for {Actor}: {Reason}")]
    public static partial void Refused(ILogger logger, string sealId, string actor, string reason);

    [LoggerMessage(EventId = 702, Level = LogLevel.Information, Message = "Verified a PDF of {Bytes} bytes for {Actor}: {Verdict}, {Seals} seal(s)")]
    public static partial void Verified(ILogger logger, long bytes, string actor, string verdict, int seals);
}
