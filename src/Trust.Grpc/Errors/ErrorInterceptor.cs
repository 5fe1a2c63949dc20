using Grpc.Core;
using Grpc.Core.Interceptors;
using Trust.Core;

namespace Trust.Grpc.Errors;

/// <summary>
/// Turns exceptions into gRPC statuses so that clients never see a stack trace:
/// <see cref="TrustFormatException"/> → INVALID_ARGUMENT with its message (which names the field),
/// a request message that is not valid protobuf → INVALID_ARGUMENT,
/// <see cref="TrustKeyException"/> and anything unexpected → INTERNAL with a fixed message,
/// cancellation by the client or its deadline → CANCELLED. Logged without request values (the
/// exception message of an unexpected error may hold data, so only its type and stack are logged).
/// </summary>
internal sealed class ErrorInterceptor : Interceptor
{
    private readonly ILogger<ErrorInterceptor> _logger;

    public ErrorInterceptor(ILogger<ErrorInterceptor> logger) => _logger = logger;

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(requestStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(requestStream, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    private RpcException Map(Exception ex, ServerCallContext context)
    {
        var method = context.Method;
        switch (ex)
        {
            case TrustFormatException format:
                Log.InvalidArgument(_logger, method, format.Field);
                return new RpcException(new Status(StatusCode.InvalidArgument, format.Message));
            case var _ when MalformedMessageMiddleware.IsMalformedMessage(ex):
                // A client or bidirectional stream's message that is not valid protobuf (read inside the handler).
                Log.InvalidArgument(_logger, method, "request");
                return new RpcException(new Status(StatusCode.InvalidArgument, MalformedMessageMiddleware.Message));
            case TrustKeyException:
                Log.KeyProblem(_logger, method, ex.GetType().Name);
                return new RpcException(new Status(StatusCode.Internal, "the server could not use a signing key"));
            case OperationCanceledException when context.CancellationToken.IsCancellationRequested:
                Log.Cancelled(_logger, method);
                return new RpcException(new Status(StatusCode.Cancelled, "cancelled"));
            default:
                Log.Unexpected(_logger, method, ex.GetType().Name, ex.StackTrace);
                return new RpcException(new Status(StatusCode.Internal, "internal error"));
        }
    }
}
