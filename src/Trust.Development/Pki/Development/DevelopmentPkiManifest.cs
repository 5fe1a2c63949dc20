using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Trust.Core.Pki.Development;

/// <summary>
/// The machine-readable description of a development PKI (<c>pki.json</c>). Paths are relative
/// to the PKI folder and use forward slashes. Development material only.
/// </summary>
public sealed class DevelopmentPkiManifest
{
    /// <summary>
    /// Format marker of this manifest. Version 2: every signing certificate carries its signer role profile
    /// (<see cref="SignerRoles"/>); a version 1 PKI's certificates have none and nothing they sign would verify.
    /// </summary>
    public const string CurrentFormat = "trust-dev-pki/2";

    /// <summary>Format marker (<see cref="CurrentFormat"/>).</summary>
    [JsonPropertyName("format")]
    public string Format { get; init; } = CurrentFormat;

    /// <summary>Always true: everything listed is development material.</summary>
    [JsonPropertyName("development_only")]
    public bool DevelopmentOnly { get; init; } = true;

    /// <summary>A warning for humans who open the file.</summary>
    [JsonPropertyName("warning")]
    public string Warning { get; init; } = "DEVELOPMENT MATERIAL ONLY: these keys protect nothing. Never use them in production.";

    /// <summary>When the PKI was created (UTC).</summary>
    [JsonPropertyName("created")]
    public DateTimeOffset Created { get; init; }

    /// <summary>The environment variable that holds the key passphrase.</summary>
    [JsonPropertyName("passphrase_env")]
    public string PassphraseEnvironmentVariable { get; init; } = DevelopmentPki.PassphraseVariable;

    /// <summary>The documented development passphrase, when the keys were encrypted with it; null when the environment variable supplied another.</summary>
    [JsonPropertyName("default_passphrase")]
    public string? DefaultPassphrase { get; init; }

    /// <summary>PBKDF2 iterations used for the encrypted keys.</summary>
    [JsonPropertyName("pbkdf2_iterations")]
    public int Pbkdf2Iterations { get; init; }

    /// <summary>Root and issuing certification authorities.</summary>
    [JsonPropertyName("cas")]
    public IList<PkiAuthority> Authorities { get; init; } = [];

    /// <summary>Departments with their certificates and licence-issuer keys.</summary>
    [JsonPropertyName("departments")]
    public IList<PkiDepartment> Departments { get; init; } = [];

    /// <summary>Other certified keys: seal makers, grant signing, status list signing, TLS.</summary>
    [JsonPropertyName("keys")]
    public IList<PkiCertifiedKey> Keys { get; init; } = [];

    /// <summary>How many seals were asked for (<c>--seals</c>); contributors create them.</summary>
    [JsonPropertyName("seals_requested")]
    public int SealsRequested { get; init; }

    /// <summary>What contributors (<see cref="IPkiContributor"/>) added, one property per contributor (for example <c>seals</c>).</summary>
    [JsonPropertyName("extensions")]
    public JsonObject Extensions { get; init; } = [];

    /// <summary>The certified key with purpose id <paramref name="id"/>, or null.</summary>
    public PkiCertifiedKey? FindKey(string id) => Keys.FirstOrDefault(k => k.Id == id);

    /// <summary>The CA with id <paramref name="id"/>, or null.</summary>
    public PkiAuthority? FindAuthority(string id) => Authorities.FirstOrDefault(a => a.Id == id);

    /// <summary>Reads <c>pki.json</c> from <paramref name="directory"/>.</summary>
    /// <exception cref="TrustFormatException">The file is missing or malformed, or its format is not <see cref="CurrentFormat"/> (a PKI made before signer role profiles).</exception>
    public static DevelopmentPkiManifest Load(string directory)
    {
        var path = Path.Combine(directory, DevelopmentPki.ManifestFileName);
        if (!File.Exists(path))
        {
            throw new TrustFormatException(path, "no development PKI manifest here (run 'trust pki init')");
        }

        try
        {
            var manifest = JsonSerializer.Deserialize<DevelopmentPkiManifest>(File.ReadAllText(path))
                ?? throw new TrustFormatException(path, "the manifest is empty");
            if (!string.Equals(manifest.Format, CurrentFormat, StringComparison.Ordinal))
            {
                throw new TrustFormatException(path + " format",
                    $"this development PKI is '{manifest.Format}', made before signer role profiles ({CurrentFormat}): its certificates " +
                    "entitle no key to sign licences, grants or seals. Create it again ('trust pki init --out DIR --force', or delete the folder " +
                    "and the server creates a new one on start).");
            }

            return manifest;
        }
        catch (JsonException ex)
        {
            throw new TrustFormatException(path, "the manifest is not valid JSON", ex.BytePositionInLine, ex);
        }
    }

    /// <summary>The manifest as indented JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, WriteOptions);

    private static readonly JsonSerializerOptions WriteOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}

/// <summary>A certification authority of the development PKI.</summary>
/// <param name="Id">Identifier, for example <c>sm2-root</c>.</param>
/// <param name="Algorithm"><c>SM2</c>, <c>RSA</c> or <c>ECDSA-P256</c>.</param>
/// <param name="Certificate">Certificate PEM path.</param>
/// <param name="Key">Encrypted private key PEM path.</param>
/// <param name="Issuer">Id of the issuing CA; null for a root.</param>
/// <param name="Crl">CRL PEM path.</param>
public sealed record PkiAuthority(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("cert")] string Certificate,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("issuer")] string? Issuer,
    [property: JsonPropertyName("crl")] string Crl);

/// <summary>A department of the development PKI.</summary>
/// <param name="Code">Short code, for example <c>SAMR</c> or <c>PSB-01</c>.</param>
/// <param name="NameZh">Chinese name.</param>
/// <param name="NameEn">English name.</param>
/// <param name="Algorithm"><c>SM2</c> or <c>RSA</c>.</param>
/// <param name="Certificate">The department's certificate PEM path (signs seals and documents).</param>
/// <param name="Key">Encrypted private key PEM path.</param>
/// <param name="Issuer">Id of the issuing CA.</param>
/// <param name="LicenceIssuerCertificate">The department's licence-issuer certificate PEM path.</param>
/// <param name="LicenceIssuerKey">The licence-issuer encrypted private key PEM path.</param>
/// <param name="LicenceIssuerAlgorithm">The licence issuer's key: <c>SM2</c> for SM2 departments (SM2-SM3 licences), <c>RSA</c> (2048 bits) for RSA departments (RS256 licences).</param>
public sealed record PkiDepartment(
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("name_zh")] string NameZh,
    [property: JsonPropertyName("name_en")] string NameEn,
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("cert")] string Certificate,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("issuer")] string Issuer,
    [property: JsonPropertyName("licence_issuer_cert")] string LicenceIssuerCertificate,
    [property: JsonPropertyName("licence_issuer_key")] string LicenceIssuerKey,
    [property: JsonPropertyName("licence_issuer_algorithm")] string LicenceIssuerAlgorithm);

/// <summary>A certified key for one purpose.</summary>
/// <param name="Id">Identifier, for example <c>grant-signing</c>, <c>seal-maker-sm2</c>, <c>tls-server</c>.</param>
/// <param name="Purpose">What the key is for, in words.</param>
/// <param name="Algorithm"><c>SM2</c>, <c>RSA</c> or <c>ECDSA-P256</c>.</param>
/// <param name="Certificate">Certificate PEM path.</param>
/// <param name="Key">Encrypted private key PEM path.</param>
/// <param name="Issuer">Id of the issuing CA.</param>
public sealed record PkiCertifiedKey(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("purpose")] string Purpose,
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("cert")] string Certificate,
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("issuer")] string Issuer);
