using System.Globalization;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Trust.Grpc.Security;

/// <summary>
/// Turns a refused gRPC call into a gRPC status instead of HTTP 401/403: UNAUTHENTICATED when
/// credentials are missing, malformed, expired or untrusted; PERMISSION_DENIED when the caller
/// lacks the policy's role. The message says which; the refusal is logged (and audited, see
/// <see cref="TrustAccess"/>). Requests to the JSON API (<c>/v1/...</c>, HTTP/JSON transcoding) get HTTP 401/403
/// with the body transcoding uses for every other error, the google.rpc.Status JSON shape
/// <c>{"code": 16, "message": "unauthenticated: ...", "details": []}</c> (code 7 with 403), so a JSON client
/// learns the same reason a gRPC client does. Other non-gRPC requests get the standard HTTP behaviour.
/// </summary>
internal sealed class GrpcAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private const string NoCredentials = "no credentials: send a bearer token (authorization: Bearer ...) or a client certificate over TLS";

    private readonly AuthorizationMiddlewareResultHandler _default = new();
    private readonly TrustAccess _access;

    public GrpcAuthorizationResultHandler(TrustAccess access) => _access = access;

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Succeeded)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
            return;
        }

        var method = context.Request.Path.Value ?? "";
        var grpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
        if (authorizeResult.Challenged)
        {
            var reason = context.Items[TrustAuthentication.FailureItem] as string ?? NoCredentials;
            _access.RecordUnauthenticated(method, reason);
            if (grpc)
            {
                WriteStatus(context, StatusCode.Unauthenticated, "unauthenticated: " + reason);
                return;
            }

            if (IsJsonRoute(context))
            {
                // RFC 6750 section 3: the challenge; error="invalid_token" when a token was sent and refused.
                context.Response.Headers.WWWAuthenticate = context.Request.Headers.Authorization.Count > 0 ? "Bearer error=\"invalid_token\"" : "Bearer";
                await WriteJsonStatusAsync(context, StatusCodes.Status401Unauthorized, StatusCode.Unauthenticated, "unauthenticated: " + reason).ConfigureAwait(false);
                return;
            }
        }
        else if (authorizeResult.Forbidden)
        {
            var reason = Describe(authorizeResult.AuthorizationFailure);
            await _access.RecordDeniedAsync(context, method, reason, context.RequestAborted).ConfigureAwait(false);
            if (grpc)
            {
                WriteStatus(context, StatusCode.PermissionDenied, "permission denied: " + reason);
                return;
            }

            if (IsJsonRoute(context))
            {
                await WriteJsonStatusAsync(context, StatusCodes.Status403Forbidden, StatusCode.PermissionDenied, "permission denied: " + reason).ConfigureAwait(false);
                return;
            }
        }

        await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
    }

    private static string Describe(AuthorizationFailure? failure)
    {
        var roles = failure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToArray() ?? [];
        return roles.Length > 0 ? "one of the roles " + string.Join(", ", roles) + " is required" : "the caller is not allowed to call this method";
    }

    private static bool IsJsonRoute(HttpContext context) =>
        context.Request.Path.StartsWithSegments(JsonApi.JsonApiExtensions.RoutePrefix, StringComparison.Ordinal);

    /// <summary>The JSON API's error body (google.rpc.Status in the proto3 JSON mapping, as JSON transcoding writes it), not stored by browsers or proxies.</summary>
    private static async Task WriteJsonStatusAsync(HttpContext context, int httpStatus, StatusCode code, string message)
    {
        context.Response.StatusCode = httpStatus;
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.Pragma = "no-cache";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var body = JsonSerializer.Serialize(new { code = (int)code, message, details = Array.Empty<object>() });
        await context.Response.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>A trailers-only gRPC response (gRPC over HTTP/2: status and message in the headers).</summary>
    private static void WriteStatus(HttpContext context, StatusCode code, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = PercentEncode(message);
    }

    /// <summary>grpc-message is percent-encoded UTF-8: bytes outside 0x20..0x7E and '%' itself (gRPC over HTTP/2, "Responses").</summary>
    private static string PercentEncode(string message)
    {
        var builder = new StringBuilder(message.Length);
        foreach (var b in Encoding.UTF8.GetBytes(message))
        {
            if (b is >= 0x20 and <= 0x7E && b != (byte)'%')
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
