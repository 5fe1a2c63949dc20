using Trust.Core.Crypto;
using Trust.Core.Seals.Asn1;
using Trust.Core.Seals.Providers;

namespace Trust.Documents;

/// <summary>
/// What a licence file is sealed with: the seal (GB/T 38540 SES_Seal), the signer's certificates, and either the signer's
/// key (<see cref="Key"/>) or a seal provider that signs elsewhere (<see cref="Provider"/> with <see cref="SealId"/>: only
/// the to-be-signed structure reaches it, and its signature is checked with the certificate before use).
/// </summary>
public sealed class LicenceFileSealOptions
{
    /// <summary>The seal; its picture is drawn at the seal's place on the page (bottom right, over the issuing department).</summary>
    public required SesSeal Seal { get; init; }

    /// <summary>The signer's private key (its certificate must be in the seal's certificate list), or null with <see cref="Provider"/>.</summary>
    public SigningKey? Key { get; init; }

    /// <summary>A seal provider (a seal platform, an HSM) that signs with seal <see cref="SealId"/>, or null with <see cref="Key"/>.</summary>
    public ISealProvider? Provider { get; init; }

    /// <summary>The seal of <see cref="Provider"/> to sign with.</summary>
    public string? SealId { get; init; }

    /// <summary>The signer's certificate first, then issuing CAs (DER).</summary>
    public required IReadOnlyList<byte[]> CertificateChain { get; init; }

    /// <summary>The department shown for the seal; default the seal's name.</summary>
    public string? Department { get; init; }

    /// <summary>Clock for the signing time; default the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
