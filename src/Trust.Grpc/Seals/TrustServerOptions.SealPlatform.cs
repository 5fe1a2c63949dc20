namespace Trust.Grpc.Hosting;

/// <content>Sealing through a remote seal platform (<c>Trust:SealPlatform:*</c>).</content>
internal sealed partial class TrustServerOptions
{
    /// <summary>Where the server's seal signatures come from: its own department keys (default) or a remote seal platform.</summary>
    public SealPlatformOptions SealPlatform { get; set; } = new();

    /// <summary>
    /// The <c>Trust:SealPlatform</c> section. With <see cref="Address"/> set, everything the server seals (SealPdf, the JSON
    /// route, licence files as PDF or OFD) is signed by that platform through trust.v1.SealPlatformService: only the
    /// to-be-signed structure (the document's digest and the SES_Seal) leaves the server, and the PKI folder needs no seal
    /// private key. Checked at start (see <see cref="Seals.SealPlatformSettings"/>).
    /// </summary>
    internal sealed class SealPlatformOptions
    {
        /// <summary>The platform's gRPC endpoint (<c>https://HOST:PORT</c>, or <c>http://</c> on a trusted network), or null: seal with local keys.</summary>
        public string? Address { get; set; }

        /// <summary>Bearer token (role <c>sealer</c>, the departments whose seals this server uses).</summary>
        public string? Token { get; set; }

        /// <summary>A file holding the bearer token (instead of <see cref="Token"/>; read at start).</summary>
        public string? TokenFile { get; set; }

        /// <summary>PEM client certificate for mutual TLS (role and departments as <c>urn:trust:role:</c> / <c>urn:trust:dept:</c> SAN URIs), or a PKCS#12 file without <see cref="ClientKey"/>.</summary>
        public string? ClientCertificate { get; set; }

        /// <summary>PEM private key of <see cref="ClientCertificate"/>; an encrypted key is opened with the PKI passphrase (<c>TRUST_PKI_PASSPHRASE</c>).</summary>
        public string? ClientKey { get; set; }

        /// <summary>PEM roots the platform's TLS certificate must chain to; default the system trust store.</summary>
        public string? Ca { get; set; }

        /// <summary>Deadline of each call to the platform, in seconds (default 30; a seal makes two or three calls).</summary>
        public double TimeoutSeconds { get; set; } = 30;
    }
}
