using System.Collections.Frozen;

namespace Trust.Core.Crypto.Internal;

/// <summary>
/// Maps algorithm enums, names and OIDs to their facts and key providers. Each algorithm
/// registers itself from its own file through a partial method (the pattern of .NET's
/// <c>CmsSignature</c>): adding an algorithm is adding a file, not editing switches.
/// </summary>
internal static partial class AlgorithmRegistry
{
    private static readonly FrozenDictionary<KeyAlgorithm, KeyAlgorithmProvider> ByKey;
    private static readonly FrozenDictionary<SignatureAlgorithm, SignatureAlgorithmInfo> BySignature;
    private static readonly FrozenDictionary<string, SignatureAlgorithm> ByOid;
    private static readonly FrozenDictionary<string, SignatureAlgorithm> ByName;
    private static readonly FrozenDictionary<long, SignatureAlgorithm> ByCoseLabel;
    private static readonly FrozenDictionary<string, SignatureAlgorithm> ByCmsOid;

    static AlgorithmRegistry()
    {
        var providers = new List<KeyAlgorithmProvider>();
        RegisterSm2(providers);
        RegisterRsa(providers);
        RegisterEcdsaP256(providers);

        ByKey = providers.ToFrozenDictionary(p => p.Kind);
        var signatures = providers.SelectMany(p => p.Signatures).OrderBy(s => s.Algorithm).ToList();
        BySignature = signatures.ToFrozenDictionary(s => s.Algorithm);
        ByOid = signatures.ToFrozenDictionary(s => s.Oid, s => s.Algorithm, StringComparer.Ordinal);
        ByName = signatures.ToFrozenDictionary(s => s.Name, s => s.Algorithm, StringComparer.OrdinalIgnoreCase);
        ByCoseLabel = signatures.ToFrozenDictionary(s => s.CoseLabel, s => s.Algorithm);
        ByCmsOid = signatures
            .SelectMany(s => s.Cms.AcceptedAliases.Prepend(s.Cms.Oid).Select(oid => (Oid: oid, s.Algorithm)))
            .ToFrozenDictionary(e => e.Oid, e => e.Algorithm, StringComparer.Ordinal); // throws at start on a duplicate
        AllSignatureAlgorithms = signatures.Select(s => s.Algorithm).ToArray();
        AllKeyAlgorithms = providers.Select(p => p.Kind).Order().ToArray();
    }

    static partial void RegisterSm2(List<KeyAlgorithmProvider> providers);

    static partial void RegisterRsa(List<KeyAlgorithmProvider> providers);

    static partial void RegisterEcdsaP256(List<KeyAlgorithmProvider> providers);

    internal static IReadOnlyList<SignatureAlgorithm> AllSignatureAlgorithms { get; }

    internal static IReadOnlyList<KeyAlgorithm> AllKeyAlgorithms { get; }

    internal static SignatureAlgorithmInfo Get(SignatureAlgorithm algorithm) =>
        BySignature.TryGetValue(algorithm, out var info)
            ? info
            : throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown signature algorithm.");

    internal static bool TryGet(SignatureAlgorithm algorithm, out SignatureAlgorithmInfo info) =>
        BySignature.TryGetValue(algorithm, out info!);

    internal static KeyAlgorithmProvider Get(KeyAlgorithm algorithm) =>
        ByKey.TryGetValue(algorithm, out var provider)
            ? provider
            : throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "Unknown key algorithm.");

    internal static bool TryGetByOid(string oid, out SignatureAlgorithm algorithm) => ByOid.TryGetValue(oid, out algorithm);

    internal static bool TryGetByName(string name, out SignatureAlgorithm algorithm) => ByName.TryGetValue(name, out algorithm);

    internal static bool TryGetByCoseLabel(long label, out SignatureAlgorithm algorithm) => ByCoseLabel.TryGetValue(label, out algorithm);

    /// <summary>The scheme whose CMS signature OID or accepted alias is <paramref name="oid"/> (<see cref="CmsSignatureForm"/>).</summary>
    internal static bool TryGetByCmsOid(string oid, out SignatureAlgorithm algorithm) => ByCmsOid.TryGetValue(oid, out algorithm);

    /// <summary>The OID of a message digest: SM3 (GB/T 32905, GM/T 0006) or SHA-256 (RFC 5754 section 2.2).</summary>
    internal static string DigestOid(DigestAlgorithm digest) => digest switch
    {
        DigestAlgorithm.Sm3 => SignatureAlgorithms.Sm3Oid,
        DigestAlgorithm.Sha256 => Oids.Sha256,
        _ => throw new ArgumentOutOfRangeException(nameof(digest), digest, "Unknown digest algorithm."),
    };

    /// <summary>The provider whose AlgorithmIdentifier this is, or null.</summary>
    internal static KeyAlgorithmProvider? FindByAlgorithmIdentifier(string algorithmOid, string? parameterOid)
    {
        foreach (var provider in ByKey.Values)
        {
            if (provider.Recognises(algorithmOid, parameterOid))
            {
                return provider;
            }
        }

        return null;
    }
}
