using Trust.Grpc.Clerk;

// In the ASP.NET Core builder namespace, so Program.cs needs one line and no using directive.
namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds the clerk page to the server.</summary>
internal static class ClerkPageApplicationExtensions
{
    /// <summary>
    /// Maps the clerk page at <c>/clerk/</c> with its helper API, and adds the security headers
    /// (no-store, CSP, nosniff, no referrer, no framing) to the page and to the <c>/v1</c> JSON API.
    /// Configuration: <c>Trust:Clerk</c> (see <see cref="ClerkPageOptions"/>).
    /// </summary>
    public static WebApplication MapTrustClerkPage(this WebApplication app) => ClerkPageEndpoints.Map(app);
}
