using Trust.Core.Evidence;

namespace Trust.Documents.Archives;

/// <summary>
/// An RFC 4998 evidence record kept beside a package (<c>case.zip.ers</c>, written by <c>trust archive renew</c>) as
/// evidence for <see cref="ArchivalPackageChecker"/>: it is checked against the package bytes with
/// <see cref="EvidenceRecordVerifier"/> (the reduced hash tree, every archive time-stamp and its TSA chain, hash
/// algorithms still trusted); a valid record proves the package existed at its first archive time-stamp, so the package
/// seal and the documents' seals are validated as of that time.
/// </summary>
public sealed class EvidenceRecordSidecar : IArchivalEvidence
{
    /// <summary>The file name suffix of a sidecar evidence record.</summary>
    public const string Suffix = ".ers";

    /// <summary>The largest sidecar read (the evidence-record decoder's own limit).</summary>
    public const long MaxBytes = 4L << 20;

    private readonly ReadOnlyMemory<byte> _record;

    /// <summary>Evidence from the DER bytes of an evidence record.</summary>
    /// <param name="record">The DER evidence record.</param>
    public EvidenceRecordSidecar(ReadOnlyMemory<byte> record) => _record = record;

    /// <summary>The sidecar of <paramref name="packagePath"/> (<c>PATH.ers</c>) when it exists; null otherwise.</summary>
    /// <exception cref="Core.TrustFormatException">The sidecar is larger than <see cref="MaxBytes"/> (field <c>ers</c>).</exception>
    public static EvidenceRecordSidecar? Find(string packagePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(packagePath);
        var path = packagePath + Suffix;
        if (!File.Exists(path))
        {
            return null;
        }

        if (new FileInfo(path).Length > MaxBytes)
        {
            throw new Core.TrustFormatException("ers", $"{path} is larger than {MaxBytes} bytes");
        }

        return new EvidenceRecordSidecar(File.ReadAllBytes(path));
    }

    /// <inheritdoc />
    public ArchivalEvidenceResult Verify(ArchivalEvidenceContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var verifier = new EvidenceRecordVerifier(context.Verification.CertificateValidator);
        using var data = new MemoryStream(context.Package.ToArray(), writable: false);
        var result = verifier.VerifyEncoded(_record, data, context.ValidationTime);
        return new ArchivalEvidenceResult("rfc4998", result.IsValid ? result.ProvenSince : null, result.Reasons);
    }
}
