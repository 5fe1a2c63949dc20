using Microsoft.Extensions.Diagnostics.HealthChecks;
using Trust.Storage;

namespace Trust.Grpc.Hosting;

/// <summary>Healthy when the store answers a status lookup (a round trip to SQLite or PostgreSQL).</summary>
internal sealed class StoreHealthCheck : IHealthCheck
{
    private readonly TrustStore _store;

    public StoreHealthCheck(TrustStore store) => _store = store;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            _ = await _store.GetStatusAsync("health-probe", cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("store answers");
        }
#pragma warning disable CA1031 // Any store failure means unhealthy; the reason is the exception type only.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return HealthCheckResult.Unhealthy("store unavailable: " + ex.GetType().Name);
        }
    }
}
