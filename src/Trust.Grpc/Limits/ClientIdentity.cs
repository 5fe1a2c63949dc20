using System.Security.Claims;

namespace Trust.Grpc.Limits;

/// <summary>
/// Who a call comes from, for per-client limits and for audit records: the authenticated principal's name when
/// there is one (<c>principal:NAME</c>), else the remote IP address (<c>ip:ADDRESS</c>). Never a header the
/// client chooses freely.
/// </summary>
internal static class ClientIdentity
{
    /// <summary>The partition key / actor text of the caller of <paramref name="http"/>.</summary>
    public static string Of(HttpContext http)
    {
        var user = http.User;
        if (user.Identity is { IsAuthenticated: true } identity)
        {
            // "sub" first: JWT bearer and client-certificate principals carry the subject there.
            var name = user.FindFirst("sub")?.Value ?? identity.Name ?? user.FindFirst(ClaimTypes.NameIdentifier)?.Value ?? "unnamed";
            return "principal:" + name;
        }

        return "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
