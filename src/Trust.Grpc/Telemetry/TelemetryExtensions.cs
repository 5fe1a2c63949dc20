using Grpc.AspNetCore.Server;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Trust.Grpc.Telemetry;

/// <summary>Wires OpenTelemetry into the server (brief section 8: "OpenTelemetry metrics and traces").</summary>
internal static class TelemetryExtensions
{
    /// <summary>The standard environment variable (and configuration key) of the OTLP exporter.</summary>
    public const string StandardEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Adds the <see cref="TelemetryInterceptor"/> to every gRPC service (so the <see cref="TrustMetrics"/>
    /// instruments record) and, when an exporter is configured (<c>Trust:Otlp:Endpoint</c>,
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <c>Trust:Otlp:Console=true</c>), the OpenTelemetry SDK
    /// with the <c>Trust</c> source and meter, ASP.NET Core's request spans and metrics, and the exporter.
    /// Without one, nothing is exported and no SDK runs.
    /// </summary>
    public static WebApplicationBuilder AddTrustTelemetry(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<TelemetryInterceptor>();
        builder.Services.Configure<GrpcServiceOptions>(grpc => grpc.Interceptors.Add<TelemetryInterceptor>());

        var options = builder.Configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        if (options.Counters)
        {
            builder.Services.AddSingleton<CounterTotals>();
        }

        var endpoint = ExporterEndpoint(options, builder.Configuration);
        if (endpoint is null && !options.Console)
        {
            return builder;
        }

        var protocol = string.Equals(options.Protocol, "http/protobuf", StringComparison.OrdinalIgnoreCase) ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc;
        void Otlp(OtlpExporterOptions o, string signalPath)
        {
            // An explicit Trust:Otlp:Endpoint wins; otherwise the exporter reads the OTEL_* variables itself.
            if (!string.IsNullOrWhiteSpace(options.Endpoint))
            {
                o.Endpoint = SignalEndpoint(new Uri(options.Endpoint), protocol, signalPath);
                o.Protocol = protocol;
            }
            else if (options.Protocol is not null)
            {
                o.Protocol = protocol;
            }
        }

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService("trust-server", serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString()))
            .WithTracing(tracing =>
            {
                tracing.AddSource(TrustMetrics.Name).AddAspNetCoreInstrumentation();
                if (endpoint is not null)
                {
                    tracing.AddOtlpExporter(o => Otlp(o, "v1/traces"));
                }

                if (options.Console)
                {
                    tracing.AddConsoleExporter();
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(TrustMetrics.Name).AddAspNetCoreInstrumentation();
                if (endpoint is not null)
                {
                    metrics.AddOtlpExporter((exporter, reader) =>
                    {
                        Otlp(exporter, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.MetricIntervalMilliseconds;
                    });
                }

                if (options.Console)
                {
                    metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = options.MetricIntervalMilliseconds);
                }
            });
        return builder;
    }

    /// <summary>
    /// An endpoint set in code is used as given; over OTLP/HTTP that means the full signal URL, so a
    /// base address (no path) gets <c>v1/traces</c> or <c>v1/metrics</c> appended, as the
    /// OTEL_EXPORTER_OTLP_ENDPOINT variable would.
    /// </summary>
    /// <summary>
    /// Maps <c>GET /metrics/counters</c> (JSON: counter key => total since start) when <c>Trust:Otlp:Counters</c> is true.
    /// Counts only, nothing about a licence or a person; anonymous, like <c>/healthz</c>.
    /// </summary>
    public static void MapTrustCounters(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<CounterTotals>() is not { } totals)
        {
            return;
        }

        app.MapGet(CounterTotals.Path, () => Results.Json(totals.Snapshot()));
    }

    internal static Uri SignalEndpoint(Uri endpoint, OtlpExportProtocol protocol, string signalPath)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        if (protocol != OtlpExportProtocol.HttpProtobuf || endpoint.AbsolutePath.Trim('/').Length > 0)
        {
            return endpoint;
        }

        return new Uri(endpoint, signalPath);
    }

    /// <summary>The configured OTLP endpoint, or null when none is (then no OTLP exporter is added).</summary>
    internal static string? ExporterEndpoint(TelemetryOptions options, IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(options.Endpoint))
        {
            return options.Endpoint;
        }

        var standard = configuration[StandardEndpointVariable];
        return string.IsNullOrWhiteSpace(standard) ? null : standard;
    }
}
