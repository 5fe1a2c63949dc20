using Trust.Grpc.Security;

namespace Trust.Grpc.Clerk;

/// <summary>Who may call the clerk page's helper API.</summary>
internal static class ClerkAuthorization
{
    /// <summary>
    /// Requires a signed-in caller allowed to check grants (<see cref="TrustPolicies.GrantCheck"/>: clerks,
    /// and verifier platforms and administrators) on every endpoint of <paramref name="group"/>:
    /// no bearer token gives 401, another role 403.
    /// </summary>
    public static void RequireClerk(RouteGroupBuilder group) => group.RequireAuthorization(TrustPolicies.GrantCheck);
}
