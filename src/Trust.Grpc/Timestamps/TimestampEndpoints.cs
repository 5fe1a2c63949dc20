using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Trust.Core.Timestamps;
using Trust.Grpc.Hosting;
using Trust.Grpc.V1;

namespace Trust.Grpc.Timestamps;

/// <summary>The TSA on both endpoints: <c>POST /tsa</c> (RFC 3161 section 3.4, on the Web endpoint) and trust.v1.TimestampService.</summary>
internal static class TimestampEndpoints
{
    public const string QueryMediaType = "application/timestamp-query";
    public const string ReplyMediaType = "application/timestamp-reply";

    public static IServiceCollection AddTrustTimestamps(this IServiceCollection services, TrustBootstrap boot, TrustServerOptions options) =>
        services.AddSingleton(_ => new ServerTimestampAuthority(boot, options));

    /// <summary>
    /// Maps <c>POST /tsa</c>: body a DER TimeStampReq (at most <see cref="TimestampAuthority.MaxRequestBytes"/>), content
    /// type <c>application/timestamp-query</c>; answers <c>application/timestamp-reply</c>. Anonymous, like any public
    /// TSA (the per-client rate limits apply). 415 for another content type, 413 for a larger body, 503 without a TSA key.
    /// </summary>
    public static void MapTrustTimestamps(this WebApplication app)
    {
        app.MapGrpcService<TimestampGrpcService>();
        app.MapPost("/tsa", async (HttpContext http, ServerTimestampAuthority tsa, CancellationToken cancellationToken) =>
        {
            if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), QueryMediaType, StringComparison.OrdinalIgnoreCase))
            {
                return Results.Text("Content-Type must be " + QueryMediaType, statusCode: StatusCodes.Status415UnsupportedMediaType);
            }

            if (tsa.Authority is not { } authority)
            {
                return Results.Text("this server has no time-stamp authority key", statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            var body = new byte[TimestampAuthority.MaxRequestBytes + 1];
            var length = 0;
            int read;
            while (length < body.Length && (read = await http.Request.Body.ReadAsync(body.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
            {
                length += read;
            }

            if (length > TimestampAuthority.MaxRequestBytes)
            {
                return Results.Text($"the request is larger than {TimestampAuthority.MaxRequestBytes} bytes", statusCode: StatusCodes.Status413PayloadTooLarge);
            }

            return Results.Bytes(authority.Respond(body.AsSpan(0, length)), ReplyMediaType);
        }).AllowAnonymous();
    }
}

/// <summary>trust.v1.TimestampService: the same TSA over gRPC.</summary>
/// <remarks>Anonymous, like a public TSA; the per-client rate limits apply.</remarks>
[AllowAnonymous]
internal sealed class TimestampGrpcService(ServerTimestampAuthority tsa) : TimestampService.TimestampServiceBase
{
    public override Task<TimestampResponse> Timestamp(TimestampRequest request, ServerCallContext context)
    {
        var authority = tsa.Authority ?? throw new RpcException(new Status(StatusCode.Unavailable, "this server has no time-stamp authority key"));
        if (request.Query.Length > TimestampAuthority.MaxRequestBytes)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"query: larger than {TimestampAuthority.MaxRequestBytes} bytes"));
        }

        return Task.FromResult(new TimestampResponse { Reply = Google.Protobuf.ByteString.CopyFrom(authority.Respond(request.Query.Span)) });
    }
}
