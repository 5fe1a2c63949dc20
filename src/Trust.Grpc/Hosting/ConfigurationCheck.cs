using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Pki.Development;
using Trust.Pdf;

namespace Trust.Grpc.Hosting;

/// <summary>
/// Checks the server's settings before anything else happens (before binding, before the development PKI or the
/// SQLite store is created): every numeric, true/false and one-of setting of <see cref="TrustServerOptions"/> and
/// its nested sections, <c>Trust:Clerk</c> and <c>Trust:Otlp</c>. Each problem is one line naming the key and what
/// it allows, for example <c>Trust:Limits:MaxPdfBytes: -5 is not allowed; between 1 and 4294967296</c>.
/// </summary>
internal static class ConfigurationCheck
{
    /// <summary>Exit code of a server refused for its configuration.</summary>
    public const int ExitCode = 2;

    /// <summary>The checked keys. A new numeric or true/false option needs a rule here (a unit test enforces it).</summary>
    public static IReadOnlyList<SettingRule> Rules { get; } =
    [
        new ChoiceRule("Trust:Mode", "Development", "Production"),
        new WholeNumberRule("Trust:PkiDepartments", 1, DevelopmentPkiOptions.MaxDepartments),
        new WholeNumberRule("Trust:PkiSeals", 0, 10_000),
        new WholeNumberRule("Trust:MaxBatchSize", 1, 100_000),
        new WholeNumberRule("Trust:MaxReceiveMessageSize", 1024, 1L << 30),
        new WholeNumberRule("Trust:StatusBoundMilliseconds", 0, 3_600_000, "0 = always ask the store"),
        new WholeNumberRule("Trust:StatusListTtlSeconds", 1, 86_400),
        new ChoiceRule("Trust:Sm2Engine", "Fast", "BouncyCastle"),

        new WholeNumberRule("Trust:Limits:MaxPdfBytes", 1, 1L << 32),
        new WholeNumberRule("Trust:Limits:MaxStreamsPerConnection", 1, 100_000),
        new WholeNumberRule("Trust:Limits:MaxConcurrentStreamsPerClient", 0, 100_000, "0 = no limit"),
        new WholeNumberRule("Trust:Limits:RateLimitBurst", 0, 100_000_000, "0 = no rate limit"),
        new NumberRule("Trust:Limits:RateLimitPerSecond", 0.001, 10_000_000),

        new WholeNumberRule("Trust:Verification:Licence:MaxInputBytes", 1, LicenceVerificationLimits.MaxInputBytesCap),
        new WholeNumberRule("Trust:Verification:Licence:MaxChainCertificates", 1, LicenceVerificationLimits.MaxChainCertificatesCap),
        new WholeNumberRule("Trust:Verification:Licence:MaxNestingDepth", 1, LicenceVerificationLimits.MaxNestingDepthCap),
        new WholeNumberRule("Trust:Verification:Grant:MaxInputBytes", 1, GrantVerificationLimits.MaxInputBytesCap),
        new WholeNumberRule("Trust:Verification:Grant:MaxChainCertificates", 1, GrantVerificationLimits.MaxChainCertificatesCap),
        new DurationRule("Trust:Verification:Grant:MaxLifetime", TimeSpan.FromMinutes(1), GrantVerificationLimits.MaxLifetimeCap),
        new DurationRule("Trust:Verification:Grant:MaxClockSkew", TimeSpan.Zero, GrantVerificationLimits.MaxClockSkewCap),
        new WholeNumberRule("Trust:Verification:Pdf:MaxInputBytes", 1, PdfVerificationOptions.MaxInputBytesCap),
        new WholeNumberRule("Trust:Verification:Pdf:MaxRevisions", 1, PdfVerificationOptions.MaxRevisionsCap),
        new WholeNumberRule("Trust:Verification:Pdf:MaxObjects", 1, PdfVerificationOptions.MaxObjectsCap),
        new WholeNumberRule("Trust:Verification:Pdf:MaxStreamDecodedBytes", 1, PdfVerificationOptions.MaxStreamDecodedBytesCap),
        new WholeNumberRule("Trust:Verification:Pdf:MaxTotalDecodedBytes", 1, PdfVerificationOptions.MaxTotalDecodedBytesCap),
        new WholeNumberRule("Trust:Verification:Pdf:MaxNestingDepth", PdfVerificationOptions.MinNestingDepth, PdfVerificationOptions.MaxNestingDepthCap),
        new DurationRule("Trust:Verification:Pdf:MaxDuration", TimeSpan.FromSeconds(1), PdfVerificationOptions.MaxDurationCap),

        new FlagRule("Trust:Cache:L1"),
        new FlagRule("Trust:Cache:Enabled"),
        new WholeNumberRule("Trust:Cache:SignatureTtlMinutes", 1, 525_600),
        new WholeNumberRule("Trust:Cache:RedisTimeoutMilliseconds", 1, 60_000),
        new WholeNumberRule("Trust:Cache:L1MaxEntries", 1, 100_000_000),
        new AlgorithmListRule("Trust:Cache:L2Algorithms"),

        new WholeNumberRule("Trust:Auth:ClockSkewSeconds", 0, 3_600),
        new WholeNumberRule("Trust:Auth:MaxTokenBytes", 256, 1 << 20),
        new WholeNumberRule("Trust:Auth:CrlRefreshSeconds", 1, 86_400),
        new FlagRule("Trust:Auth:DevelopmentTokens"),
        new FlagRule("Trust:Auth:AuditRefusals"),

        new WholeNumberRule("Trust:Pdf:ChunkBytes", 1024, 1 << 20),
        new WholeNumberRule("Trust:JsonApi:MaxBodyBytes", 0, int.MaxValue, "0 = twice Trust:MaxReceiveMessageSize"),

        new FlagRule("Trust:Clerk:Enabled"),
        new WholeNumberRule("Trust:Clerk:MaxUploadBytes", 1, 1L << 28),
        new WholeNumberRule("Trust:Clerk:MaxImageSide", 1, 65_535),
        new WholeNumberRule("Trust:Clerk:MaxImagePixels", 1, 1_000_000_000),

        new FlagRule("Trust:Otlp:Console"),
        new FlagRule("Trust:Otlp:Counters"),
        new ChoiceRule("Trust:Otlp:Protocol", "grpc", "http/protobuf"),
        new WholeNumberRule("Trust:Otlp:MetricIntervalMilliseconds", 100, 86_400_000),

        new NumberRule("Trust:SealPlatform:TimeoutSeconds", 0.001, 3_600),
    ];

    /// <summary>One line per problem (key, value, what is allowed); empty when the configuration is acceptable.</summary>
    public static IReadOnlyList<string> Problems(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        foreach (var rule in Rules)
        {
            if (configuration[rule.Key] is { } value && (value.Length > 0 || !rule.EmptyIsDefault) && rule.Problem(value) is { } problem)
            {
                problems.Add($"{rule.Key}: {problem}; {rule.Allowed}");
            }
        }

        problems.AddRange(Seals.SealPlatformSettings.Problems(configuration));

        return problems;
    }

    /// <summary>
    /// Whether the configuration is acceptable; if not, writes "Trust server cannot start" and one line per problem
    /// to <paramref name="error"/> (Program.cs then exits with <see cref="ExitCode"/>).
    /// </summary>
    public static bool Passes(IConfiguration configuration, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var problems = Problems(configuration);
        if (problems.Count == 0)
        {
            return true;
        }

        error.WriteLine("Trust server cannot start: invalid configuration");
        foreach (var line in problems)
        {
            error.WriteLine(line);
        }

        error.Flush();
        return false;
    }
}
