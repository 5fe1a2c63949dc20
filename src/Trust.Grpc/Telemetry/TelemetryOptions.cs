namespace Trust.Grpc.Telemetry;

/// <summary>
/// The <c>Trust:Otlp</c> configuration section: where OpenTelemetry traces and metrics go.
/// Nothing is exported unless an endpoint is configured here or through the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> environment variable, or the console exporter is asked for.
/// </summary>
internal sealed class TelemetryOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Trust:Otlp";

    /// <summary>OTLP collector address, for example <c>http://127.0.0.1:4317</c> (gRPC) or <c>http://127.0.0.1:4318</c> (HTTP).</summary>
    public string? Endpoint { get; set; }

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>.</summary>
    public string? Protocol { get; set; }

    /// <summary>Also write spans and metrics to the console (for a look during development).</summary>
    public bool Console { get; set; }

    /// <summary>Interval between metric exports, in milliseconds (default 60,000, the OpenTelemetry default).</summary>
    public int MetricIntervalMilliseconds { get; set; } = 60_000;

    /// <summary>
    /// Serve the running totals of the <c>Trust</c> counters as JSON at <c>GET /metrics/counters</c> (see
    /// <see cref="CounterTotals"/>; off by default). The load generator reads it for the cache hit rate of a run.
    /// </summary>
    public bool Counters { get; set; }
}
