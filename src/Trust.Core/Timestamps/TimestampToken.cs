namespace Trust.Core.Timestamps;

/// <summary>The fields of an RFC 3161 time-stamp token (section 2.4.2 TSTInfo) and the TSA certificate that signed it.</summary>
public sealed class TimestampToken
{
    internal TimestampToken()
    {
    }

    /// <summary>The token as DER (a CMS ContentInfo with SignedData).</summary>
    public required ReadOnlyMemory<byte> Encoded { get; init; }

    /// <summary>The time the TSA asserts (<c>genTime</c>).</summary>
    public required DateTimeOffset Time { get; init; }

    /// <summary>The stated accuracy; null when the token states none.</summary>
    public required TimeSpan? Accuracy { get; init; }

    /// <summary>The serial number as upper-case hexadecimal.</summary>
    public required string SerialNumber { get; init; }

    /// <summary>The TSA policy OID.</summary>
    public required string PolicyOid { get; init; }

    /// <summary>The OID of the imprint's digest algorithm.</summary>
    public required string ImprintAlgorithmOid { get; init; }

    /// <summary>The digest of the data stamped.</summary>
    public required ReadOnlyMemory<byte> Imprint { get; init; }

    /// <summary>The nonce echoed from the request (big-endian, unsigned); null when none.</summary>
    public required ReadOnlyMemory<byte>? Nonce { get; init; }

    /// <summary>The TSA certificate found in the token (DER); empty when the token carries none that matches its signer.</summary>
    public required ReadOnlyMemory<byte> TsaCertificate { get; init; }

    /// <summary>The other certificates the token carries (DER).</summary>
    public required IReadOnlyList<byte[]> OtherCertificates { get; init; }

    /// <summary>The TSA's subject name as text (RFC 4514 style); empty when unknown.</summary>
    public required string TsaName { get; init; }
}
