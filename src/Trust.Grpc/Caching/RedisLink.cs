using StackExchange.Redis;

namespace Trust.Grpc.Caching;

/// <summary>
/// The server's one connection to Redis (the L2 cache and the status channel), or none when
/// <c>Trust:Cache:Redis</c> is empty. Never blocks a request on a dead Redis: operations fail fast
/// while disconnected (<see cref="BacklogPolicy.FailFast"/>), time out after the configured short
/// timeout, and callers check <see cref="IsConnected"/> first. StackExchange.Redis reconnects by
/// itself (<c>AbortOnConnectFail=false</c>), also when Redis is down at start.
/// </summary>
internal sealed class RedisLink : IDisposable
{
    private RedisLink(ConnectionMultiplexer? multiplexer) => Multiplexer = multiplexer;

    /// <summary>The multiplexer, or null without Redis.</summary>
    public ConnectionMultiplexer? Multiplexer { get; }

    /// <summary>Whether Redis is configured.</summary>
    public bool IsConfigured => Multiplexer is not null;

    /// <summary>Whether Redis is configured and connected now.</summary>
    public bool IsConnected => Multiplexer is { IsConnected: true };

    /// <summary>Connects (or starts trying to) as <paramref name="configuration"/> says; no Redis when it is empty.</summary>
    public static RedisLink Connect(string configuration, TimeSpan timeout, TextWriter? log = null)
    {
        if (string.IsNullOrWhiteSpace(configuration))
        {
            return new RedisLink(null);
        }

        var options = ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        var ms = (int)Math.Clamp(timeout.TotalMilliseconds, 50, 10_000);
        options.AsyncTimeout = ms;
        options.SyncTimeout = ms;
        options.ConnectTimeout = Math.Max(ms, 1_000);
        options.ConnectRetry = 1;
        options.KeepAlive = 5;
        options.ReconnectRetryPolicy = new LinearRetry(500);
        options.ClientName ??= "trust-server";
        return new RedisLink(ConnectionMultiplexer.Connect(options, log));
    }

    public void Dispose() => Multiplexer?.Dispose();
}
