namespace Trust.Grpc.Tests.Seals;

/// <summary>A server whose development PKI has seals (two departments, four seals) and an 8 MiB PDF limit.</summary>
public sealed class SealServerProcess : ServerProcess
{
    /// <summary>The PDF size limit the server is started with.</summary>
    public const long MaxPdfBytes = 8L * 1024 * 1024;

    public SealServerProcess()
        : base(["--Trust:PkiSeals=4", $"--Trust:Limits:MaxPdfBytes={MaxPdfBytes}"], new Dictionary<string, string>())
    {
    }
}

/// <summary>A server that allows each client a burst of 10 calls, then one call per 100 s.</summary>
public sealed class RateLimitedServerProcess : ServerProcess
{
    public const int Burst = 10;

    public RateLimitedServerProcess()
        : base([$"--Trust:Limits:RateLimitBurst={Burst}", "--Trust:Limits:RateLimitPerSecond=0.01"], new Dictionary<string, string>())
    {
    }
}

/// <summary>A server that allows each client two streaming calls at once.</summary>
public sealed class StreamLimitedServerProcess : ServerProcess
{
    public const int MaxStreams = 2;

    public StreamLimitedServerProcess()
        : base(["--Trust:PkiSeals=4", $"--Trust:Limits:MaxConcurrentStreamsPerClient={MaxStreams}"], new Dictionary<string, string>())
    {
    }
}

/// <summary>
/// A server for a PDF over 100 MB: 256 MiB PDF limit, workstation GC and a 48 MiB managed heap limit
/// (DOTNET_GCHeapHardLimit), so a server that buffered a whole PDF in memory would fail with OutOfMemoryException.
/// </summary>
public sealed class LargePdfServerProcess : ServerProcess
{
    public LargePdfServerProcess()
        : base(["--Trust:PkiSeals=4", $"--Trust:Limits:MaxPdfBytes={256L * 1024 * 1024}"], new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_GCHeapHardLimit"] = "0x3000000" })
    {
    }
}
