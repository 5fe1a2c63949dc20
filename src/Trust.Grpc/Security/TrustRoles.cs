namespace Trust.Grpc.Security;

/// <summary>
/// Role names (brief section 8, issue 7 item 5). A caller has any number of roles and department
/// codes; the departments scope the <see cref="Issuer"/> and <see cref="Sealer"/> roles only.
/// </summary>
internal static class TrustRoles
{
    /// <summary>Everything, every department.</summary>
    public const string Admin = "admin";

    /// <summary>Issues licences and changes their status, for its own departments.</summary>
    public const string Issuer = "issuer";

    /// <summary>Uses seals, only its own departments' seals.</summary>
    public const string Sealer = "sealer";

    /// <summary>Intake platforms and archives: verifies licences and seals, creates and checks grants.</summary>
    public const string Verifier = "verifier";

    /// <summary>A clerk at a service window: sees licences only through a grant naming it.</summary>
    public const string Clerk = "clerk";

    /// <summary>All role names.</summary>
    public static readonly IReadOnlyList<string> All = [Admin, Issuer, Sealer, Verifier, Clerk];
}

/// <summary>Claim types the server reads (JWT claim names; client certificates are mapped to the same).</summary>
internal static class TrustClaims
{
    /// <summary>The caller's identity: JWT <c>sub</c>, or the client certificate's subject common name.</summary>
    public const string Subject = "sub";

    /// <summary>A role (one claim per role; a JWT carries a string or an array).</summary>
    public const string Role = "role";

    /// <summary>A department code that scopes issuer and sealer (one claim per department).</summary>
    public const string Department = "dept";

    /// <summary>SAN URI prefix in client certificates that names a role: <c>urn:trust:role:verifier</c>.</summary>
    public const string RoleUriPrefix = "urn:trust:role:";

    /// <summary>SAN URI prefix in client certificates that names a department: <c>urn:trust:dept:SAMR</c>.</summary>
    public const string DepartmentUriPrefix = "urn:trust:dept:";
}

/// <summary>
/// Authorisation policy names: put <c>[Authorize(Policy = TrustPolicies.X)]</c> on every gRPC
/// method. Policies check the role only; department scope and "only through a grant" are checked
/// inside the handler with <see cref="CallerPrincipal"/> and <see cref="TrustAccess"/>.
/// A trust.v1 method without any attribute still needs an authenticated caller (fallback policy).
/// </summary>
internal static class TrustPolicies
{
    /// <summary>Issue licences, revoke/suspend/resume them: issuer (own department, checked in the handler) or admin.</summary>
    public const string LicenceIssue = "trust.licence.issue";

    /// <summary>Get and verify licences (one, batch, stream): verifier, issuer or admin.</summary>
    public const string LicenceRead = "trust.licence.read";

    /// <summary>Seal a PDF or a file: sealer (own department's seals, checked in the handler) or admin.</summary>
    public const string SealUse = "trust.seal.use";

    /// <summary>List seals, verify sealed PDFs: sealer, verifier, issuer or admin.</summary>
    public const string SealRead = "trust.seal.read";

    /// <summary>Create and revoke authorisation grants (intake platforms): verifier or admin.</summary>
    public const string GrantManage = "trust.grant.manage";

    /// <summary>Check grants: clerk (only grants naming it, checked in the handler), verifier or admin.</summary>
    public const string GrantCheck = "trust.grant.check";

    /// <summary>Administration: admin only.</summary>
    public const string Admin = "trust.admin";

    /// <summary>Any authenticated caller.</summary>
    public const string Authenticated = "trust.authenticated";

    /// <summary>The roles each policy admits.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Roles = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [LicenceIssue] = [TrustRoles.Issuer, TrustRoles.Admin],
        [LicenceRead] = [TrustRoles.Verifier, TrustRoles.Issuer, TrustRoles.Admin],
        [SealUse] = [TrustRoles.Sealer, TrustRoles.Admin],
        [SealRead] = [TrustRoles.Sealer, TrustRoles.Verifier, TrustRoles.Issuer, TrustRoles.Admin],
        [GrantManage] = [TrustRoles.Verifier, TrustRoles.Admin],
        [GrantCheck] = [TrustRoles.Clerk, TrustRoles.Verifier, TrustRoles.Admin],
        [Admin] = [TrustRoles.Admin],
    };
}
