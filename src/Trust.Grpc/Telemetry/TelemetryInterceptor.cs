using System.Diagnostics;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Trust.Grpc.V1;

namespace Trust.Grpc.Telemetry;

/// <summary>
/// Records the <see cref="TrustMetrics"/> instruments from what the services answer (verdicts,
/// grant decisions, seal calls) and starts one <c>Trust</c> activity per call, so the services
/// themselves carry no telemetry code.
/// </summary>
internal sealed class TelemetryInterceptor : Interceptor
{
    private const string SealPdfMethod = "/trust.v1.SealService/SealPdf";

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var activity = Start(context);
        if (request is VerifyBatchRequest batch)
        {
            TrustMetrics.BatchSize.Record(batch.Licences.Count);
            activity?.SetTag("trust.batch.size", batch.Licences.Count);
        }

        try
        {
            var response = await continuation(request, context).ConfigureAwait(false);
            Record(response);
            return response;
        }
        catch (Exception ex)
        {
            Fail(activity, ex);
            throw;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var activity = Start(context);
        try
        {
            var response = await continuation(requestStream, context).ConfigureAwait(false);
            Record(response);
            return response;
        }
        catch (Exception ex)
        {
            Fail(activity, ex);
            throw;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var activity = Start(context);
        try
        {
            await continuation(request, new RecordingWriter<TResponse>(responseStream), context).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(activity, ex);
            throw;
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var activity = Start(context);
        var sealing = string.Equals(context.Method, SealPdfMethod, StringComparison.Ordinal);
        try
        {
            await continuation(requestStream, new RecordingWriter<TResponse>(responseStream), context).ConfigureAwait(false);
            if (sealing)
            {
                TrustMetrics.SealUsed(ok: true);
            }
        }
        catch (Exception ex)
        {
            if (sealing)
            {
                TrustMetrics.SealUsed(ok: false);
            }

            Fail(activity, ex);
            throw;
        }
    }

    /// <summary>Counts what one response message says.</summary>
    internal static void Record(object? response)
    {
        switch (response)
        {
            case VerifyBatchResponse batch:
                TrustMetrics.Verified(batch);
                break;
            case VerifyLicenceResponse one:
                TrustMetrics.Verified(one.Result?.Verdict ?? Verdict.Unspecified);
                break;
            case VerifyStreamResponse streamed:
                TrustMetrics.Verified(streamed.Result?.Verdict ?? Verdict.Unspecified);
                break;
            case CheckGrantResponse check:
                TrustMetrics.GrantChecked(check.Allowed);
                break;
            case CheckGrantBatchResponse checks:
                var allowed = checks.Items.Count(i => i.Result?.Allowed == true);
                if (allowed > 0)
                {
                    TrustMetrics.GrantChecked(true, allowed);
                }

                if (checks.Items.Count > allowed)
                {
                    TrustMetrics.GrantChecked(false, checks.Items.Count - allowed);
                }

                break;
        }
    }

    private static Activity? Start(ServerCallContext context)
    {
        var method = context.Method.TrimStart('/');
        var activity = TrustMetrics.Source.StartActivity(method, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("rpc.system", "grpc");
            activity.SetTag("rpc.method", method);
        }

        return activity;
    }

    private static void Fail(Activity? activity, Exception ex)
    {
        if (activity is null)
        {
            return;
        }

        var code = ex is RpcException rpc ? rpc.StatusCode : StatusCode.Unknown;
        activity.SetTag("rpc.grpc.status_code", (int)code);
        activity.SetStatus(ActivityStatusCode.Error, code.ToString());
    }

    /// <summary>Passes messages through to the real stream, counting each.</summary>
    private sealed class RecordingWriter<T>(IServerStreamWriter<T> inner) : IServerStreamWriter<T>
    {
        public WriteOptions? WriteOptions
        {
            get => inner.WriteOptions;
            set => inner.WriteOptions = value;
        }

        public Task WriteAsync(T message)
        {
            Record(message);
            return inner.WriteAsync(message);
        }

        public Task WriteAsync(T message, CancellationToken cancellationToken)
        {
            Record(message);
            return inner.WriteAsync(message, cancellationToken);
        }
    }
}
