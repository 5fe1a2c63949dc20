using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Trust.Grpc.Caching;

/// <summary>
/// <c>redis</c>: Healthy without Redis (in-process cache) or while connected; Degraded while a
/// configured Redis is unreachable: the server still answers correctly from its store, only slower.
/// </summary>
internal sealed class RedisHealthCheck : IHealthCheck
{
    /// <summary>Name of the check (and of the grpc.health.v1 service that turns NOT_SERVING while Redis is unreachable).</summary>
    public const string Name = "redis";

    private readonly RedisLink _redis;

    public RedisHealthCheck(RedisLink redis) => _redis = redis;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(!_redis.IsConfigured ? HealthCheckResult.Healthy("no Redis configured: in-process cache only")
            : _redis.IsConnected ? HealthCheckResult.Healthy("connected")
            : new HealthCheckResult(context.Registration.FailureStatus, "unreachable: answering from the store, revocations seen within the status bound"));
}
