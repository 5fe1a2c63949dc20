namespace Trust.Grpc.Hosting;

/// <summary>The <c>Trust</c> configuration section of the server.</summary>
internal sealed partial class TrustServerOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Trust";

    /// <summary><c>Development</c> (default) or <c>Production</c>.</summary>
    public string Mode { get; set; } = "Development";

    /// <summary>Folder of the development PKI (created on first start in development mode).</summary>
    public string Pki { get; set; } = "certs-dev";

    /// <summary>Store configuration string (<c>sqlite:PATH</c> or <c>postgres:...</c>); default <c>sqlite:&lt;Pki&gt;/trust.db</c>.</summary>
    public string? Store { get; set; }

    /// <summary>How many departments a newly created development PKI gets (tests use few to stay fast).</summary>
    public int PkiDepartments { get; set; } = 86;

    /// <summary>How many seals a newly created development PKI asks contributors for.</summary>
    public int PkiSeals { get; set; } = 160;

    /// <summary>Largest number of licences in one VerifyBatch request.</summary>
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>Largest gRPC message the server accepts, in bytes (default 4 MiB).</summary>
    public int MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Longest time a licence status may be served from the in-process cache, in milliseconds (default 1,000).</summary>
    public int StatusBoundMilliseconds { get; set; } = 1_000;

    /// <summary>Lifetime written into served status lists, in seconds (default 300).</summary>
    public int StatusListTtlSeconds { get; set; } = 300;

    /// <summary>
    /// The PKI key id of the server's RFC 3161 time-stamp authority (<c>tsa-rsa</c> or <c>tsa-sm2</c> of the development
    /// PKI; default <c>tsa-rsa</c>, which any RFC 3161 client verifies). A PKI without it has no TSA: <c>/tsa</c> answers 503.
    /// </summary>
    public string TsaKey { get; set; } = "tsa-rsa";

    /// <summary>Whether <see cref="Mode"/> is production.</summary>
    public bool IsProduction => string.Equals(Mode, "Production", StringComparison.OrdinalIgnoreCase);
}
