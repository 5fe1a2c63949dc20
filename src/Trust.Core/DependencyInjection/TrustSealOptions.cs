using Trust.Core.Seals;
using Trust.Core.Seals.Providers;

namespace Trust.Core.DependencyInjection;

/// <summary>
/// What <see cref="Microsoft.Extensions.DependencyInjection.TrustServiceCollectionExtensions.AddTrustSeals"/> builds the
/// GB/T 38540 seal services from: the seals (<see cref="SealRegistry"/>), the departments' signing keys
/// (<see cref="KeySealProvider"/>), the CA certificates for chain building and the seal extensions understood.
/// Certificate trust comes from <see cref="TrustVerificationOptions"/> (<c>AddTrustVerification</c>). Validated when
/// first used and, under a generic host, on start.
/// </summary>
public sealed class TrustSealOptions
{
    /// <summary>The seals the registry knows (<c>SES_Seal</c> with identity, department and algorithm); identifiers unique.</summary>
    public IList<SealRecord> Seals { get; } = [];

    /// <summary>
    /// Seal signing keys, one per department, each with its certificate chain (leaf first). Empty: no
    /// <see cref="ISealProvider"/> is registered by these options (register your own, for example a
    /// <see cref="Seals.Csc.CscSealProvider"/>, to sign); verification does not need keys.
    /// </summary>
    public IList<SealKeyEntry> Keys { get; } = [];

    /// <summary>Whether disposing the container disposes <see cref="Keys"/> (the provider owns them).</summary>
    public bool OwnsKeys { get; set; }

    /// <summary>Candidate issuing CA certificates (DER) for chain building by <see cref="SealSignatureVerifier"/>.</summary>
    public IList<ReadOnlyMemory<byte>> Intermediates { get; } = [];

    /// <summary>OIDs of seal extensions the verifier understands; a critical extension not listed fails verification.</summary>
    public ISet<string> KnownExtensions { get; } = new HashSet<string>(StringComparer.Ordinal);
}
