using Trust.Core.Seals.Asn1;

namespace Trust.Core.Seals;

/// <summary>What a seal maker needs to make a seal for a department (GB/T 38540-2020, 7.1).</summary>
public sealed class SealRequest
{
    /// <summary>The seal identifier (<c>esID</c>), ASCII, unique in the registry.</summary>
    public required string EsId { get; init; }

    /// <summary>The kind of seal, written as the <c>type</c> code.</summary>
    public required SealKind Kind { get; init; }

    /// <summary>The seal name, for example <c>某某市市场监督管理局公章</c>.</summary>
    public required string Name { get; init; }

    /// <summary>DER certificates of who may sign with the seal (1 to <see cref="SesLimits.MaxCertificateListEntries"/>).</summary>
    public required IReadOnlyList<ReadOnlyMemory<byte>> SignerCertificates { get; init; }

    /// <summary>
    /// When true the seal lists digests of the signer certificates (<c>certListType</c> 2) instead of
    /// the certificates themselves; the digest is SM3 for an SM2 maker and SHA-256 for an RSA maker.
    /// </summary>
    public bool ListCertificateDigests { get; init; }

    /// <summary>Start of the seal's validity.</summary>
    public required DateTimeOffset ValidFrom { get; init; }

    /// <summary>End of the seal's validity.</summary>
    public required DateTimeOffset ValidTo { get; init; }

    /// <summary>The seal picture: format (<c>PNG</c>, <c>SVG</c>, ...), bytes and size in millimetres, for example 42 x 42.</summary>
    public required SesPictureInfo Picture { get; init; }

    /// <summary>Extensions to write into <c>extDatas</c>, or null for none.</summary>
    public IReadOnlyList<SesExtension>? Extensions { get; init; }
}
