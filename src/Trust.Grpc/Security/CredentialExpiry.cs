using System.Globalization;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Authentication.Certificate;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Trust.Grpc.Hosting;

namespace Trust.Grpc.Security;

/// <summary>
/// Ends a streaming call (client, server or bidirectional: VerifyStream, SealPdf, VerifyPdf) when the
/// credentials that admitted it expire, with UNAUTHENTICATED naming the expiry, instead of letting a stream
/// opened with a token outlive the token. The handler sees a <see cref="ServerCallContext.CancellationToken"/>
/// that is also cancelled at expiry, so reads, writes and the work in between stop; the cancellation is then
/// reported as UNAUTHENTICATED (logged like every refusal). Expiry is, for a bearer token, its <c>exp</c>
/// plus the configured clock skew (<c>Trust:Auth:ClockSkewSeconds</c>): the stream ends exactly when the
/// same token would no longer open a call. For a client certificate it is the certificate's notAfter
/// (certificate validity is checked without skew). A stream opened with a client certificate is also ended
/// when new CRLs come into force (<see cref="CrlRefresher"/>) and the certificate no longer validates (revoked).
/// </summary>
internal sealed class CredentialExpiryInterceptor : Interceptor
{
    /// <summary>Longest delay a <see cref="CancellationTokenSource"/> timer accepts; credentials valid for longer are not watched (no stream lives 49 days).</summary>
    private static readonly TimeSpan MaxTimer = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly TimeSpan _skew;
    private readonly ILogger<CredentialExpiryInterceptor> _logger;
    private readonly CrlRefresher _crls;
    private readonly Trust.Core.Pki.CertificateValidator _validator;

    public CredentialExpiryInterceptor(TrustServerOptions options, ILogger<CredentialExpiryInterceptor> logger, CrlRefresher crls, Trust.Core.Pki.CertificateValidator validator)
    {
        _skew = TrustAuthentication.ClockSkew(options.Auth);
        _logger = logger;
        _crls = crls;
        _validator = validator;
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var watch = Watch(context);
        if (watch is null)
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }

        try
        {
            return await continuation(requestStream, watch.Context).ConfigureAwait(false);
        }
        catch (Exception ex) when (watch.Expired && ex is not RpcException { StatusCode: StatusCode.Unauthenticated })
        {
            throw watch.Refusal(_logger);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var watch = Watch(context);
        if (watch is null)
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
            return;
        }

        try
        {
            await continuation(request, responseStream, watch.Context).ConfigureAwait(false);
        }
        catch (Exception ex) when (watch.Expired && ex is not RpcException { StatusCode: StatusCode.Unauthenticated })
        {
            throw watch.Refusal(_logger);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var watch = Watch(context);
        if (watch is null)
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
            return;
        }

        try
        {
            await continuation(requestStream, responseStream, watch.Context).ConfigureAwait(false);
        }
        catch (Exception ex) when (watch.Expired && ex is not RpcException { StatusCode: StatusCode.Unauthenticated })
        {
            throw watch.Refusal(_logger);
        }
    }

    /// <summary>When the caller's credentials stop being accepted, and what to call them in the message; null for anonymous callers.</summary>
    internal static (DateTimeOffset At, string What)? ExpiryOf(HttpContext http, TimeSpan skew)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        switch (user.Identity.AuthenticationType)
        {
            case JwtBearerDefaults.AuthenticationScheme:
                var exp = user.FindFirst("exp")?.Value;
                return long.TryParse(exp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds is > 0 and < 253402300799
                    ? (DateTimeOffset.FromUnixTimeSeconds(seconds) + skew, "the bearer token expired")
                    : null;
            case CertificateAuthenticationDefaults.AuthenticationScheme when http.Connection.ClientCertificate is { } certificate:
                return (new DateTimeOffset(certificate.NotAfter), "the client certificate expired");
            default:
                return null;
        }
    }

    private ExpiryWatch? Watch(ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (ExpiryOf(http, _skew) is not { } expiry)
        {
            return null;
        }

        var delay = expiry.At - DateTimeOffset.UtcNow;
        var certificate = http.User.Identity?.AuthenticationType == CertificateAuthenticationDefaults.AuthenticationScheme ? http.Connection.ClientCertificate : null;
        if (delay > MaxTimer && certificate is null)
        {
            return null;
        }

        var watch = new ExpiryWatch(context, http, expiry.At, expiry.What, delay > MaxTimer ? null : delay);
        if (certificate is not null)
        {
            watch.WatchRevocation(_crls, _validator, certificate.RawData);
        }

        return watch;
    }

    /// <summary>A call context whose cancellation token also fires at the credentials' expiry.</summary>
    private sealed class ExpiryWatch : IDisposable
    {
        private readonly CancellationTokenSource _expiry;
        private readonly CancellationTokenSource _linked;
        private readonly HttpContext _http;
        private CancellationTokenRegistration _revocation;
        private volatile string _reason;
        private volatile bool _disposed;

        public ExpiryWatch(ServerCallContext inner, HttpContext http, DateTimeOffset at, string what, TimeSpan? delay)
        {
            _http = http;
            _reason = $"{what} at {at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}";
            _expiry = new CancellationTokenSource();
            if (delay is { } wait)
            {
                _expiry.CancelAfter(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
            }

            _linked = CancellationTokenSource.CreateLinkedTokenSource(inner.CancellationToken, _expiry.Token);

            // ServerCallContext.GetHttpContext() on the wrapper finds the HttpContext in the user state.
            inner.UserState[HttpContextKey] = http;
            Context = new ExpiringCallContext(inner, _linked.Token);
        }

        public ServerCallContext Context { get; }

        /// <summary>On every CRL reload, validates the client certificate again and ends the call when it is no longer trusted.</summary>
        public void WatchRevocation(CrlRefresher crls, Trust.Core.Pki.CertificateValidator validator, byte[] certificate)
        {
            _revocation = crls.Changed.Register(() =>
            {
                if (_disposed)
                {
                    return;
                }

                var result = validator.Validate(certificate, [], DateTimeOffset.UtcNow, Trust.Core.Pki.CertificateUsage.TlsClient);
                if (result.IsTrusted)
                {
                    WatchRevocation(crls, validator, certificate);
                    return;
                }

                _reason = $"the client certificate is no longer acceptable ({result.Status}: {string.Join(", ", result.Reasons.Take(3))})";
                try
                {
                    _expiry.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The call ended meanwhile.
                }
            });
        }

        /// <summary>Whether the credentials expired while the call ran (and the client had not cancelled first).</summary>
        public bool Expired => _expiry.IsCancellationRequested && !_http.RequestAborted.IsCancellationRequested;

        public RpcException Refusal(ILogger logger)
        {
            var reason = _reason + "; the stream ends: reconnect with fresh credentials";
            AuthLog.StreamExpired(logger, Context.Method, CallerPrincipal.From(_http).Name, reason);
            return new RpcException(new Status(StatusCode.Unauthenticated, "unauthenticated: " + reason));
        }

        public void Dispose()
        {
            _disposed = true;
            _revocation.Dispose();
            _linked.Dispose();
            _expiry.Dispose();
        }
    }

    /// <summary>The key under which Grpc.AspNetCore's <c>GetHttpContext()</c> looks for the HttpContext of a context it did not create.</summary>
    private const string HttpContextKey = "__HttpContext";

    /// <summary>Delegates everything to the real call context but the cancellation token.</summary>
    private sealed class ExpiringCallContext(ServerCallContext inner, CancellationToken token) : ServerCallContext
    {
        protected override string MethodCore => inner.Method;

        protected override string HostCore => inner.Host;

        protected override string PeerCore => inner.Peer;

        protected override DateTime DeadlineCore => inner.Deadline;

        protected override Metadata RequestHeadersCore => inner.RequestHeaders;

        protected override CancellationToken CancellationTokenCore => token;

        protected override Metadata ResponseTrailersCore => inner.ResponseTrailers;

        protected override Status StatusCore
        {
            get => inner.Status;
            set => inner.Status = value;
        }

        protected override WriteOptions? WriteOptionsCore
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        protected override AuthContext AuthContextCore => inner.AuthContext;

        protected override IDictionary<object, object> UserStateCore => inner.UserState;

        protected override ContextPropagationToken CreatePropagationTokenCore(ContextPropagationOptions? options) => inner.CreatePropagationToken(options);

        protected override Task WriteResponseHeadersAsyncCore(Metadata responseHeaders) => inner.WriteResponseHeadersAsync(responseHeaders);
    }
}
