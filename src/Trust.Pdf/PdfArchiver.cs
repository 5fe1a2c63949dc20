using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Timestamps;
using Trust.Pdf.Internal.Archiving;

namespace Trust.Pdf;

/// <summary>The PAdES level a sealed PDF is extended to (ETSI EN 319 142-1 section 6).</summary>
public enum PdfArchiveLevel
{
    /// <summary>B-LT: the validation data (certificates, CRLs) in a document security store (/DSS).</summary>
    LongTerm = 0,

    /// <summary>B-LTA: B-LT plus a document time-stamp (/DocTimeStamp, ETSI.RFC3161) over the whole file.</summary>
    LongTermArchive = 1,
}

/// <summary>What <see cref="PdfArchiver.Extend(Stream, Stream, PdfArchiveOptions)"/> adds.</summary>
public sealed class PdfArchiveOptions
{
    /// <summary>The level to reach.</summary>
    public PdfArchiveLevel Level { get; init; } = PdfArchiveLevel.LongTermArchive;

    /// <summary>The time-stamp authority for the document time-stamp; required for <see cref="PdfArchiveLevel.LongTermArchive"/>.</summary>
    public ITimestampClient? TimestampClient { get; init; }

    /// <summary>The digest of the document time-stamp's imprint (SHA-256 by default; SM3 for an all-SM PKI).</summary>
    public DigestAlgorithm DigestAlgorithm { get; init; } = DigestAlgorithm.Sha256;

    /// <summary>Certificates added besides those found in the seals and their time-stamps (for example CA certificates), DER.</summary>
    public IReadOnlyList<byte[]> Certificates { get; init; } = [];

    /// <summary>CRLs added to the store, DER.</summary>
    public IReadOnlyList<byte[]> Crls { get; init; } = [];
}

/// <summary>What an extension added.</summary>
/// <param name="Certificates">Certificates in the document security store after the extension.</param>
/// <param name="Crls">CRLs in the document security store after the extension.</param>
/// <param name="DocumentTimestampField">The document time-stamp's field name, when one was added.</param>
/// <param name="DocumentTimestampTime">The document time-stamp's time, when one was added.</param>
public sealed record PdfArchiveResult(int Certificates, int Crls, string? DocumentTimestampField, DateTimeOffset? DocumentTimestampTime);

/// <summary>
/// Extends a sealed PDF for long-term validation (PAdES B-LT and B-LTA, ETSI EN 319 142-1 sections 5.4 and 5.5): one
/// incremental update adds a document security store (ISO 32000-2 section 12.8.4.3) with every certificate of every seal,
/// of their signature time-stamps and the CRLs supplied; for B-LTA a second update adds a document time-stamp over the
/// whole file. The original bytes are copied unchanged, so earlier seals stay valid.
/// </summary>
public static class PdfArchiver
{
    /// <summary>Extends <paramref name="input"/> into <paramref name="output"/> (readable, writable, seekable; it is truncated first).</summary>
    /// <exception cref="TrustFormatException">The input is not a readable, sealed, unencrypted PDF, or an option is missing.</exception>
    /// <exception cref="TimestampException">The TSA refused or its token failed the checks.</exception>
    public static PdfArchiveResult Extend(Stream input, Stream output, PdfArchiveOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        return ArchiveSession.Extend(input, output, options);
    }
}
