using System.Text.Json;
using Grpc.Core;
using Trust.Core.Storage;

namespace Trust.Grpc.Security;

/// <summary>
/// Refuses calls the same way everywhere: PERMISSION_DENIED with a clear message, logged with
/// the principal and the reason, and appended to the audit log (action <c>access.denied</c>).
/// Anonymous and invalid-credential refusals (UNAUTHENTICATED) are logged but not audited, so that
/// unauthenticated floods cannot grow the audit chain. Use it in handlers for department scope:
/// <code>await access.RequireDepartmentAsync(context, TrustRoles.Sealer, seal.Department);</code>
/// </summary>
internal sealed class TrustAccess
{
    /// <summary>Audit action of a refused, authenticated call.</summary>
    public const string DeniedAction = "access.denied";

    private readonly IAuditLog _audit;
    private readonly ILogger<TrustAccess> _logger;
    private readonly bool _auditRefusals;

    public TrustAccess(IAuditLog audit, ILogger<TrustAccess> logger, Hosting.TrustServerOptions options)
    {
        _audit = audit;
        _logger = logger;
        _auditRefusals = options.Auth.AuditRefusals;
    }

    /// <summary>Throws PERMISSION_DENIED unless the caller has <paramref name="role"/> for <paramref name="department"/> (admins pass).</summary>
    /// <exception cref="RpcException">PERMISSION_DENIED (logged and audited).</exception>
    public async Task RequireDepartmentAsync(ServerCallContext context, string role, string department)
    {
        var caller = CallerPrincipal.From(context);
        if (!caller.HasRoleFor(role, department))
        {
            throw await DenyAsync(context, $"the {role} role for department {department} is required").ConfigureAwait(false);
        }
    }

    /// <summary>Logs and audits a refusal and returns the PERMISSION_DENIED exception to throw.</summary>
    public async Task<RpcException> DenyAsync(ServerCallContext context, string reason)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.GetHttpContext();
        await RecordDeniedAsync(http, context.Method, reason, context.CancellationToken).ConfigureAwait(false);
        return new RpcException(new Status(StatusCode.PermissionDenied, "permission denied: " + reason));
    }

    /// <summary>Logs (and audits, for authenticated callers) a PERMISSION_DENIED refusal of <paramref name="method"/>.</summary>
    public async Task RecordDeniedAsync(HttpContext http, string method, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var caller = CallerPrincipal.From(http);
        AuthLog.PermissionDenied(_logger, method, caller.Name, caller.Scheme, reason);
        if (!_auditRefusals || !caller.IsAuthenticated)
        {
            return;
        }

        var details = JsonSerializer.Serialize(new Dictionary<string, string> { ["method"] = method, ["reason"] = reason, ["scheme"] = caller.Scheme });
        try
        {
            await _audit.AppendAsync(DeniedAction, caller.Name, method, details, DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The refusal stands whether or not the audit write worked.
            AuthLog.AuditFailed(_logger, method, ex.GetType().Name);
        }
    }

    /// <summary>Logs an UNAUTHENTICATED refusal.</summary>
    public void RecordUnauthenticated(string method, string reason) => AuthLog.Unauthenticated(_logger, method, "anonymous", reason);
}
