using System.Globalization;
using Google.Protobuf;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Microsoft.AspNetCore.Http.Features;
using Trust.Grpc.Limits;

namespace Trust.Grpc.Errors;

/// <summary>
/// Reports a request message that is not valid protocol buffers (or not a valid gRPC frame) as INVALID_ARGUMENT.
/// grpc-dotnet deserializes a unary or server-streaming request before any interceptor runs and reports a failure
/// as UNKNOWN ("Exception was thrown by handler."), keeping the exception in <see cref="Status.DebugException"/>
/// (Grpc.AspNetCore.Server's HttpContextServerCallContext.ProcessHandlerError). After the call, and before
/// Kestrel sends the response's final headers, this middleware rewrites that status. Messages read by a handler
/// (client and bidirectional streaming) are mapped by <see cref="ErrorInterceptor"/>.
/// </summary>
internal sealed class MalformedMessageMiddleware
{
    /// <summary>The status message of a malformed request.</summary>
    public const string Message = "request: not a valid protocol buffers message of the method's request type";

    private readonly RequestDelegate _next;
    private readonly ILogger<MalformedMessageMiddleware> _logger;

    public MalformedMessageMiddleware(RequestDelegate next, ILogger<MalformedMessageMiddleware> logger)
    {
        _next = next;
        _logger = logger;
    }

    /// <summary>Whether <paramref name="exception"/> says the request bytes could not be parsed.</summary>
    public static bool IsMalformedMessage(Exception? exception) =>
        exception is InvalidProtocolBufferException or InvalidDataException;

    public async Task InvokeAsync(HttpContext http)
    {
        await _next(http).ConfigureAwait(false);
        var call = http.Features.Get<IServerCallContextFeature>()?.ServerCallContext;
        if (call is null || call.Status.StatusCode != StatusCode.Unknown || !IsMalformedMessage(call.Status.DebugException))
        {
            return;
        }

        var destination = http.Response.HasStarted ? http.Features.Get<IHttpResponseTrailersFeature>()?.Trailers : http.Response.Headers;
        if (destination is null || destination.IsReadOnly)
        {
            return;
        }

        LimitsLog.Malformed(_logger, http.Request.Path, ClientIdentity.Of(http), call.Status.DebugException!.GetType().Name);
        destination["grpc-status"] = ((int)StatusCode.InvalidArgument).ToString(CultureInfo.InvariantCulture);
        destination["grpc-message"] = Message;
    }
}
