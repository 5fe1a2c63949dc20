using Trust.Core.Crypto;
using Trust.Core.Seals.Asn1;

namespace Trust.Documents;

/// <summary>What a licence file is sealed with: the seal (GB/T 38540 SES_Seal), the signer's key and certificates.</summary>
public sealed class LicenceFileSealOptions
{
    /// <summary>The seal; its picture is drawn at the seal's place on the page (bottom right, over the issuing department).</summary>
    public required SesSeal Seal { get; init; }

    /// <summary>The signer's private key (its certificate must be in the seal's certificate list).</summary>
    public required SigningKey Key { get; init; }

    /// <summary>The signer's certificate first, then issuing CAs (DER).</summary>
    public required IReadOnlyList<byte[]> CertificateChain { get; init; }

    /// <summary>The department shown for the seal; default the seal's name.</summary>
    public string? Department { get; init; }

    /// <summary>Clock for the signing time; default the system clock.</summary>
    public TimeProvider? TimeProvider { get; init; }
}
