namespace Trust.Grpc.Hosting;

/// <content>The <c>Trust:Limits</c> section (issue 7 item 6). Message and batch size stay where they were: <see cref="MaxReceiveMessageSize"/>, <see cref="MaxBatchSize"/>.</content>
internal sealed partial class TrustServerOptions
{
    /// <summary>Size, concurrency and rate limits (<c>Trust:Limits</c>).</summary>
    public LimitsOptions Limits { get; set; } = new();

    /// <summary>Size, concurrency and rate limits of the server, per client where it says so.</summary>
    internal sealed class LimitsOptions
    {
        /// <summary>Largest PDF accepted by SealPdf and VerifyPdf, in bytes (default 512 MiB). Larger: RESOURCE_EXHAUSTED.</summary>
        public long MaxPdfBytes { get; set; } = 512L * 1024 * 1024;

        /// <summary>HTTP/2 streams one connection may have open at once (Kestrel's limit; default 100).</summary>
        public int MaxStreamsPerConnection { get; set; } = 100;

        /// <summary>
        /// Streaming calls (client, server or bidirectional streaming) one client may have open at once,
        /// over all its connections (default 16; 0 = no limit). More: RESOURCE_EXHAUSTED at once, no queueing.
        /// </summary>
        public int MaxConcurrentStreamsPerClient { get; set; } = 16;

        /// <summary>
        /// Requests (calls) one client may make in a burst: the size of its token bucket (default 2,000; 0 = no rate limit).
        /// A streaming call counts once, not per message.
        /// </summary>
        public int RateLimitBurst { get; set; } = 2_000;

        /// <summary>Tokens added to each client's bucket per second (default 1,000), up to <see cref="RateLimitBurst"/>; below 1 means one token every 1/x seconds.</summary>
        public double RateLimitPerSecond { get; set; } = 1_000;
    }
}
