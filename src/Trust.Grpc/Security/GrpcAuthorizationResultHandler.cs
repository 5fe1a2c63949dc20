using System.Globalization;
using System.Text;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Trust.Grpc.Security;

/// <summary>
/// Turns a refused gRPC call into a gRPC status instead of HTTP 401/403: UNAUTHENTICATED when
/// credentials are missing, malformed, expired or untrusted; PERMISSION_DENIED when the caller
/// lacks the policy's role. The message says which; the refusal is logged (and audited, see
/// <see cref="TrustAccess"/>). Non-gRPC requests get the standard HTTP behaviour.
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
        }

        await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
    }

    private static string Describe(AuthorizationFailure? failure)
    {
        var roles = failure?.FailedRequirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles).ToArray() ?? [];
        return roles.Length > 0 ? "one of the roles " + string.Join(", ", roles) + " is required" : "the caller is not allowed to call this method";
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
