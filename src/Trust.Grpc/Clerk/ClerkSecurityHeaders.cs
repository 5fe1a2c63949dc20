namespace Trust.Grpc.Clerk;

/// <summary>
/// Response headers for the clerk page and the JSON API it calls: nothing is cached (the answers
/// carry personal data), nothing is framed, no referrer leaves the page, and the page runs only
/// its own script and style (no inline code, no other origin).
/// </summary>
internal static class ClerkSecurityHeaders
{
    /// <summary>The page's Content-Security-Policy: only this origin, no inline script or style, never framed.</summary>
    public const string PagePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The policy of JSON answers: nothing may be loaded or run from them, never framed.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>Whether a request path gets these headers: the page and the JSON API.</summary>
    public static bool Applies(PathString path) =>
        path.StartsWithSegments(ClerkPageEndpoints.PagePath, StringComparison.Ordinal)
        || path.StartsWithSegments("/v1", StringComparison.Ordinal);

    /// <summary>Adds the headers just before the response starts (so endpoint results cannot drop them).</summary>
    public static void Add(HttpContext context)
    {
        var path = context.Request.Path;
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.CacheControl = "no-store";
            headers.Pragma = "no-cache";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Cross-Origin-Resource-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            var isPage = path.StartsWithSegments(ClerkPageEndpoints.PagePath, StringComparison.Ordinal)
                && !path.StartsWithSegments(ClerkPageEndpoints.ApiPath, StringComparison.Ordinal);
            headers.ContentSecurityPolicy = isPage ? PagePolicy : ApiPolicy;
            return Task.CompletedTask;
        });
    }
}
