using System.Security.Claims;
using Grpc.Core;

namespace Trust.Grpc.Security;

/// <summary>
/// The authenticated caller of a request, read from the claims that the bearer or certificate
/// scheme produced. Use it inside handlers for department scope
/// (<c>CallerPrincipal.From(context).CanSealFor(seal.Department)</c>) and for log/audit names.
/// </summary>
internal sealed class CallerPrincipal
{
    private readonly HashSet<string> _roles;
    private readonly HashSet<string> _departments;

    private CallerPrincipal(ClaimsPrincipal user)
    {
        User = user;
        IsAuthenticated = user.Identity?.IsAuthenticated == true;
        _roles = IsAuthenticated ? [.. user.FindAll(TrustClaims.Role).Select(c => c.Value)] : [];
        _departments = IsAuthenticated ? new HashSet<string>(user.FindAll(TrustClaims.Department).Select(c => c.Value), StringComparer.Ordinal) : [];
        var subject = IsAuthenticated ? user.FindFirst(TrustClaims.Subject)?.Value : null;
        Subject = string.IsNullOrEmpty(subject) ? null : subject;
        Name = !IsAuthenticated ? "anonymous" : string.IsNullOrEmpty(subject) ? "unnamed" : Truncate(subject);
        Scheme = user.Identity?.AuthenticationType ?? "none";
    }

    /// <summary>The underlying principal.</summary>
    public ClaimsPrincipal User { get; }

    /// <summary>Whether the caller presented valid credentials.</summary>
    public bool IsAuthenticated { get; }

    /// <summary>The full subject (token <c>sub</c> or certificate CN) for comparisons, such as "does this grant name this clerk"; null when anonymous or absent.</summary>
    public string? Subject { get; }

    /// <summary>For logs and the audit log: the subject (token <c>sub</c> or certificate CN), <c>anonymous</c> without credentials.</summary>
    public string Name { get; }

    /// <summary>The authentication scheme that admitted the caller (<c>Bearer</c>, <c>Certificate</c>), <c>none</c> for anonymous callers.</summary>
    public string Scheme { get; }

    /// <summary>The caller's roles.</summary>
    public IReadOnlySet<string> Roles => _roles;

    /// <summary>Department codes that scope the caller's issuer and sealer roles.</summary>
    public IReadOnlySet<string> Departments => _departments;

    /// <summary>Whether the caller is an administrator.</summary>
    public bool IsAdmin => _roles.Contains(TrustRoles.Admin);

    /// <summary>The caller of a gRPC call.</summary>
    public static CallerPrincipal From(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return From(context.GetHttpContext());
    }

    /// <summary>The caller of an HTTP request.</summary>
    public static CallerPrincipal From(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return new CallerPrincipal(context.User);
    }

    /// <summary>Whether the caller has <paramref name="role"/>.</summary>
    public bool HasRole(string role) => _roles.Contains(role);

    /// <summary>Whether the caller has <paramref name="role"/> for <paramref name="department"/> (admin: always).</summary>
    public bool HasRoleFor(string role, string department) => IsAdmin || (_roles.Contains(role) && _departments.Contains(department));

    /// <summary>Whether the caller may issue licences of, and change the status of licences issued by, <paramref name="department"/>.</summary>
    public bool CanIssueFor(string department) => HasRoleFor(TrustRoles.Issuer, department);

    /// <summary>Whether the caller may use the seals of <paramref name="department"/>.</summary>
    public bool CanSealFor(string department) => HasRoleFor(TrustRoles.Sealer, department);

    private static string Truncate(string value) => value.Length <= 128 ? value : value[..128];
}
