using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Trust.Core.Crypto;
using Trust.Core.Pki.Development;
using Trust.Core.Seals.Asn1;

namespace Trust.Core.Seals;

/// <summary>One development seal as listed in <c>pki.json</c> under <c>extensions.seals</c>.</summary>
/// <param name="Id">The seal identifier (<c>esID</c>).</param>
/// <param name="Name">The seal name.</param>
/// <param name="Department">The owning department's code (see the manifest's departments).</param>
/// <param name="Kind">The seal kind code (<see cref="SealKind"/>).</param>
/// <param name="Algorithm">Display name of the signer's algorithm, for example <c>SM2-SM3</c>.</param>
/// <param name="File">Path of the DER <c>SES_Seal</c>, relative to the PKI folder.</param>
public sealed record DevelopmentSealEntry(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("department")] string Department,
    [property: JsonPropertyName("kind")] int Kind,
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("file")] string File);

/// <summary>
/// Adds the development seals to a development PKI (<c>trust pki init</c>): makes
/// <see cref="DevelopmentPkiOptions.Seals"/> seals for the manifest's departments with the
/// <c>seal-maker-sm2</c> and <c>seal-maker-rsa</c> keys (see <see cref="DevelopmentSeals"/>), writes each
/// as <c>seals/{id}.ses</c> (DER <c>SES_Seal</c>) and lists them in the manifest under <c>extensions.seals</c>.
/// </summary>
public sealed class SealPkiContributor : IPkiContributor
{
    /// <summary>The manifest extension name and folder.</summary>
    public const string ExtensionName = "seals";

    /// <inheritdoc />
    public string Name => ExtensionName;

    /// <inheritdoc />
    public void Contribute(PkiContributionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var manifest = context.Manifest;
        var count = context.Options.Seals;
        if (count == 0 || manifest.Departments.Count == 0)
        {
            return;
        }

        var sm2Key = manifest.FindKey("seal-maker-sm2") ?? throw new TrustException("The development PKI has no seal-maker-sm2 key.");
        var rsaKey = manifest.FindKey("seal-maker-rsa");
        using var sm2Signing = context.LoadKey(sm2Key.Key);
        using var rsaSigning = rsaKey is null ? null : context.LoadKey(rsaKey.Key);
        var time = new FixedTime(context.Options.Now ?? manifest.Created);
        var sm2Maker = new SealMaker(context.LoadCertificate(sm2Key.Certificate), sm2Signing, DevelopmentSeals.VendorId, time);
        var rsaMaker = rsaKey is null ? null : new SealMaker(context.LoadCertificate(rsaKey.Certificate), rsaSigning!, DevelopmentSeals.VendorId, time);
        var departments = manifest.Departments
            .Select(d => new DevelopmentSealDepartment(d.Code, d.NameZh, context.LoadCertificate(d.Certificate)))
            .ToList();
        var now = time.GetUtcNow();
        var seals = DevelopmentSeals.Create(departments, sm2Maker, rsaMaker, count, now.AddMinutes(-5), now.AddYears(5).AddDays(-1));

        var list = new JsonArray();
        foreach (var seal in seals)
        {
            var file = context.WriteFile($"{ExtensionName}/{seal.Id}.ses", seal.Seal.Encode());
            var entry = new DevelopmentSealEntry(seal.Id, seal.Name, seal.Department, (int)seal.Kind, SignatureAlgorithms.DisplayName(seal.Algorithm), file);
            list.Add(JsonSerializer.SerializeToNode(entry));
        }

        manifest.Extensions[ExtensionName] = list;
    }

    /// <summary>The seal entries of a development PKI manifest (empty when it has none).</summary>
    /// <exception cref="TrustFormatException">The <c>extensions.seals</c> entry is malformed.</exception>
    public static IReadOnlyList<DevelopmentSealEntry> ReadEntries(DevelopmentPkiManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (!manifest.Extensions.TryGetPropertyValue(ExtensionName, out var node) || node is null)
        {
            return [];
        }

        try
        {
            return node.Deserialize<List<DevelopmentSealEntry>>() ?? [];
        }
        catch (JsonException ex)
        {
            throw new TrustFormatException("pki.json extensions.seals", "malformed seal list", null, ex);
        }
    }

    /// <summary>Loads the seals of the development PKI in <paramref name="pkiDirectory"/> into a registry.</summary>
    /// <exception cref="TrustFormatException">A seal file is missing or malformed.</exception>
    public static SealRegistry LoadRegistry(string pkiDirectory, DevelopmentPkiManifest manifest, ISealRevocationSource? revocations = null)
    {
        ArgumentNullException.ThrowIfNull(pkiDirectory);
        var root = Path.GetFullPath(pkiDirectory);
        var records = new List<SealRecord>();
        foreach (var entry in ReadEntries(manifest))
        {
            var path = Path.GetFullPath(Path.Combine(root, entry.File));
            if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || !System.IO.File.Exists(path))
            {
                throw new TrustFormatException(entry.File, "the seal file is missing or outside the PKI folder");
            }

            var info = new FileInfo(path);
            if (info.Length > SesLimits.MaxSealBytes)
            {
                throw new TrustFormatException(entry.File, "the seal file is too large");
            }

            var seal = SesSeal.Decode(System.IO.File.ReadAllBytes(path));
            var algorithm = entry.Algorithm == SignatureAlgorithms.DisplayName(SignatureAlgorithm.Sm2Sm3) ? SignatureAlgorithm.Sm2Sm3 : SignatureAlgorithm.RsaPkcs1Sha256;
            records.Add(new SealRecord(entry.Id, entry.Name, entry.Department, (SealKind)entry.Kind, algorithm, seal));
        }

        return new SealRegistry(records, revocations);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
