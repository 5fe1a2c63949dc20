using Grpc.AspNetCore.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Trust.Grpc.Caching;

/// <summary>
/// Health as load balancers and operators see it. grpc.health.v1 has no "degraded": the server
/// ("" service) stays SERVING while Redis is down (it still answers correctly), and the service
/// name <c>redis</c> answers NOT_SERVING until Redis is back. <c>GET /healthz</c> on the Web
/// endpoint says <c>ok</c> (200), <c>degraded: ...</c> (200) or <c>unhealthy: ...</c> (503).
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>The check behind the grpc.health.v1 service <c>redis</c> (unhealthy while a configured Redis is unreachable).</summary>
    internal const string RedisLinkCheck = "redis.link";

    /// <summary>Registers the <c>redis</c> checks and the grpc.health.v1 service mapping.</summary>
    public static void AddTrustRedisHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, failureStatus: HealthStatus.Degraded)
            .AddCheck<RedisHealthCheck>(RedisLinkCheck, failureStatus: HealthStatus.Unhealthy);
        services.PostConfigure<GrpcHealthChecksOptions>(o =>
        {
            o.Services.Map("", c => c.Name != RedisLinkCheck);
            o.Services.Map(RedisHealthCheck.Name, c => c.Name == RedisLinkCheck);
        });
    }

    /// <summary>Maps <c>GET /healthz</c>: the overall status of every check but <see cref="RedisLinkCheck"/>.</summary>
    public static void MapTrustHealth(this WebApplication app)
    {
        app.MapGet("/healthz", async (HealthCheckService health, CancellationToken cancellationToken) =>
        {
            var report = await health.CheckHealthAsync(r => r.Name != RedisLinkCheck, cancellationToken).ConfigureAwait(false);
            var problems = string.Join("; ", report.Entries.Where(e => e.Value.Status != HealthStatus.Healthy).Select(e => $"{e.Key}: {e.Value.Description}"));
            return report.Status switch
            {
                HealthStatus.Healthy => Results.Text("ok"),
                HealthStatus.Degraded => Results.Text("degraded: " + problems),
                _ => Results.Text("unhealthy: " + problems, statusCode: StatusCodes.Status503ServiceUnavailable),
            };
        });
    }
}
