using System.Globalization;
using System.Threading.RateLimiting;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;
using Trust.Grpc.Errors;
using Trust.Grpc.Hosting;

namespace Trust.Grpc.Limits;

/// <summary>
/// Per-client limits (issue 7 item 6): Kestrel's HTTP/2 streams per connection, a token bucket of calls per
/// client and a cap on one client's concurrent streaming calls (ASP.NET Core rate limiting, partitioned by
/// <see cref="ClientIdentity"/>). A refused gRPC call gets RESOURCE_EXHAUSTED with a message saying which limit;
/// other HTTP requests get 429. The message and batch size limits are in <c>AddGrpc</c> and the services.
/// </summary>
internal static class TrustLimits
{
    /// <summary>Configures Kestrel's HTTP/2 stream limit and the per-client rate limiter.</summary>
    public static WebApplicationBuilder AddTrustLimits(this WebApplicationBuilder builder, TrustServerOptions options)
    {
        var limits = options.Limits;
        if (limits.MaxPdfBytes <= 0 || limits.MaxStreamsPerConnection <= 0 || limits.MaxConcurrentStreamsPerClient < 0 || limits.RateLimitBurst < 0
            || !(limits.RateLimitPerSecond > 0))
        {
            throw new Trust.Core.TrustException("Trust:Limits: MaxPdfBytes, MaxStreamsPerConnection and RateLimitPerSecond must be positive; MaxConcurrentStreamsPerClient and RateLimitBurst must not be negative.");
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.Http2.MaxStreamsPerConnection = limits.MaxStreamsPerConnection);
        builder.Services.AddRateLimiter(rate =>
        {
            rate.GlobalLimiter = PartitionedRateLimiter.CreateChained(CallRate(limits), StreamConcurrency(limits));
            rate.OnRejected = OnRejectedAsync;
        });
        return builder;
    }

    /// <summary>
    /// Adds the rate limiter and the mapping of malformed request messages to INVALID_ARGUMENT
    /// (<see cref="MalformedMessageMiddleware"/>). Call after authentication, so that limits are per principal.
    /// </summary>
    public static WebApplication UseTrustLimits(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseMiddleware<MalformedMessageMiddleware>();
        return app;
    }

    private static PartitionedRateLimiter<HttpContext> CallRate(TrustServerOptions.LimitsOptions limits)
    {
        if (limits.RateLimitBurst == 0)
        {
            return PartitionedRateLimiter.Create<HttpContext, string>(_ => RateLimitPartition.GetNoLimiter(string.Empty));
        }

        // Below one token per second: one token every 1/x seconds.
        var (tokens, period) = limits.RateLimitPerSecond >= 1
            ? ((int)Math.Round(limits.RateLimitPerSecond), TimeSpan.FromSeconds(1))
            : (1, TimeSpan.FromSeconds(1 / limits.RateLimitPerSecond));
        return PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetTokenBucketLimiter(
            ClientIdentity.Of(http),
            _ => new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.RateLimitBurst,
                TokensPerPeriod = tokens,
                ReplenishmentPeriod = period,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    private static PartitionedRateLimiter<HttpContext> StreamConcurrency(TrustServerOptions.LimitsOptions limits) =>
        PartitionedRateLimiter.Create<HttpContext, string>(http =>
        {
            var method = http.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>()?.Method;
            if (limits.MaxConcurrentStreamsPerClient == 0 || method is null || method.Type == MethodType.Unary)
            {
                return RateLimitPartition.GetNoLimiter(string.Empty);
            }

            return RateLimitPartition.GetConcurrencyLimiter(
                ClientIdentity.Of(http),
                _ => new ConcurrencyLimiterOptions { PermitLimit = limits.MaxConcurrentStreamsPerClient, QueueLimit = 0 });
        });

    private static ValueTask OnRejectedAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        var client = ClientIdentity.Of(http);
        string message;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            message = string.Create(CultureInfo.InvariantCulture, $"rate limit exceeded for {client}: too many calls; retry after {seconds} s");
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }
        else
        {
            message = $"concurrent stream limit exceeded for {client}: too many streaming calls open at once";
        }

        var logger = http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TrustLimits));
        LimitsLog.Refused(logger, http.Request.Path, client, message);
        if (http.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
        {
            // A trailers-only gRPC response: HTTP 200 with the status in the headers.
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = "application/grpc";
            http.Response.Headers["grpc-status"] = ((int)StatusCode.ResourceExhausted).ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["grpc-message"] = message;
            return ValueTask.CompletedTask;
        }

        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        return new ValueTask(http.Response.WriteAsync(message, cancellationToken));
    }
}
