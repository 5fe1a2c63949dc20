namespace Trust.Core.Pki.Development;

/// <summary>What a development bearer token says about its holder. See <see cref="DevelopmentTokens.Mint(string, DevelopmentTokenRequest)"/>.</summary>
public sealed class DevelopmentTokenRequest
{
    /// <summary>Longest lifetime a development token may have (one day).</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(1);

    /// <summary>The holder (JWT <c>sub</c>), for example <c>clerk-0042</c>. Required, at most 128 characters.</summary>
    public string Subject { get; set; } = "";

    /// <summary>Roles (JWT <c>role</c>): <c>admin</c>, <c>issuer</c>, <c>sealer</c>, <c>verifier</c>, <c>clerk</c>. At least one.</summary>
    public IList<string> Roles { get; } = new List<string>();

    /// <summary>Department codes (JWT <c>dept</c>) that scope the issuer and sealer roles.</summary>
    public IList<string> Departments { get; } = new List<string>();

    /// <summary>How long the token is valid (default 60 minutes, at most <see cref="MaxLifetime"/>).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(60);

    /// <summary>Issue time (default: now); tests set it in the past to make expired tokens.</summary>
    public DateTimeOffset? Now { get; set; }

    /// <summary>The <c>iss</c> claim (default <see cref="DevelopmentTokens.Issuer"/>).</summary>
    public string Issuer { get; set; } = DevelopmentTokens.Issuer;

    /// <summary>The <c>aud</c> claim (default <see cref="DevelopmentTokens.Audience"/>).</summary>
    public string Audience { get; set; } = DevelopmentTokens.Audience;
}
