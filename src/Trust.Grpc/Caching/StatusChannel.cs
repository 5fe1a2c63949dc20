using StackExchange.Redis;
using Trust.Grpc.Verification;

namespace Trust.Grpc.Caching;

/// <summary>
/// Tells every node at once that a licence's status changed: after a change commits, this node
/// forgets its cached status and publishes the licence id on the Redis channel
/// <see cref="ChannelName"/>; every node subscribed forgets its cached status of that licence.
/// Best effort by design: when Redis is down or a message is lost, the status bound
/// (<see cref="BoundedStatusSource"/>) still limits how long a stale status is served.
/// </summary>
internal sealed partial class StatusChannel
{
    /// <summary>The pub/sub channel (literal, not a pattern).</summary>
    public const string ChannelName = "trust:v1:status-changed";

    private readonly BoundedStatusSource _status;
    private readonly RedisLink _redis;
    private readonly ILogger<StatusChannel> _logger;

    public StatusChannel(BoundedStatusSource status, RedisLink redis, ILogger<StatusChannel> logger)
    {
        _status = status;
        _redis = redis;
        _logger = logger;
        if (redis.Multiplexer is { } multiplexer)
        {
            // Subscriptions are restored by StackExchange.Redis after a reconnect. Messages missed
            // while disconnected are covered by the bound; forgetting everything on reconnect also
            // drops what was read while the channel was silent.
            multiplexer.GetSubscriber().Subscribe(RedisChannel.Literal(ChannelName), (_, value) =>
            {
                if (value.HasValue)
                {
                    _status.Invalidate(value.ToString());
                }
            }, CommandFlags.FireAndForget);
            multiplexer.ConnectionRestored += (_, _) => _status.InvalidateAll();
        }
    }

    /// <summary>Forgets the status here and tells the other nodes; never waits for Redis.</summary>
    public void Changed(string licenceId)
    {
        _status.Invalidate(licenceId);
        if (_redis.Multiplexer is not { } multiplexer || !multiplexer.IsConnected)
        {
            return;
        }

        _ = PublishAsync(multiplexer, licenceId);
    }

    private async Task PublishAsync(ConnectionMultiplexer multiplexer, string licenceId)
    {
        try
        {
            await multiplexer.GetSubscriber().PublishAsync(RedisChannel.Literal(ChannelName), licenceId).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // Publishing is best effort; the status bound still holds.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            PublishFailed(_logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 101, Level = LogLevel.Warning, Message = "Status change not published on Redis ({ExceptionType}); other nodes see it within the status bound")]
    private static partial void PublishFailed(ILogger logger, string exceptionType);
}
