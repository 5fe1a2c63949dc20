namespace Trust.Grpc.Clerk;

/// <summary>Who may call the clerk page's helper API.</summary>
internal static class ClerkAuthorization
{
    /// <summary>Requires a signed-in clerk on every endpoint of <paramref name="group"/>.</summary>
    public static void RequireClerk(RouteGroupBuilder group)
    {
        // TEMPORARY until the authentication branch lands: no authentication is configured yet.
        _ = group;
    }
}
