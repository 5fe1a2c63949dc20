namespace Trust.Grpc.Hosting;

/// <content>Authentication settings (<c>Trust:Auth:*</c>).</content>
internal sealed partial class TrustServerOptions
{
    /// <summary>Authentication and authorisation settings.</summary>
    public AuthOptions Auth { get; set; } = new();

    /// <summary>The <c>Trust:Auth</c> section.</summary>
    internal sealed class AuthOptions
    {
        /// <summary>
        /// Accepted JWT issuer (<c>iss</c>). Development default: the development token issuer
        /// (<c>urn:trust:development</c>); production: required.
        /// </summary>
        public string? Issuer { get; set; }

        /// <summary>Accepted JWT audience (<c>aud</c>), default <c>trust</c>.</summary>
        public string Audience { get; set; } = Core.Pki.Development.DevelopmentTokens.Audience;

        /// <summary>OIDC authority whose discovery document and keys sign the tokens (production).</summary>
        public string? Authority { get; set; }

        /// <summary>PEM file of public keys (EC P-256/P-384 or RSA) that sign the tokens, instead of an authority.</summary>
        public string? SigningKeyFile { get; set; }

        /// <summary>Whether the development token-signing key of the PKI folder is trusted (development mode only; default true).</summary>
        public bool DevelopmentTokens { get; set; } = true;

        /// <summary>Clock skew allowed on <c>exp</c>/<c>nbf</c>, in seconds (default 30).</summary>
        public int ClockSkewSeconds { get; set; } = 30;

        /// <summary>Largest accepted token, in bytes (default 8 KiB).</summary>
        public int MaxTokenBytes { get; set; } = 8 * 1024;

        /// <summary>
        /// How often, in seconds, the PKI's CRL file (<c>crl/all.pem</c>) is checked for changes
        /// (modification time and length) and re-read when it changed, and CRL staleness
        /// (<c>nextUpdate</c>) is re-examined (default 60; at least 1).
        /// </summary>
        public int CrlRefreshSeconds { get; set; } = 60;

        /// <summary>Whether PERMISSION_DENIED refusals are appended to the audit log (default true).</summary>
        public bool AuditRefusals { get; set; } = true;
    }
}
