using Trust.Core.Pki;
using Trust.Pdf;

namespace Trust.Fuzz;

/// <summary>
/// The fuzz target over Trust.Pdf: <see cref="PdfSealVerifier.Verify(Stream, PdfVerificationOptions?)"/> on
/// the input bytes (revision reader, byte ranges, CMS, seal, change analysis) with a fixed trust store.
/// The verifier never throws for a hostile PDF, so any escaping exception is a finding. Linked into
/// Trust.Pdf.Tests for the regression replay.
/// </summary>
internal sealed class PdfTarget
{
    /// <summary>The target's name.</summary>
    public const string Name = "pdf";

    private readonly PdfVerificationOptions _options;
    private readonly bool _strict;

    /// <summary>Creates the target with a fixed trust store of <paramref name="anchors"/> (DER root certificates; may be empty).</summary>
    /// <param name="anchors">The trust anchors.</param>
    /// <param name="strict">
    /// Also report an exception that the verifier's last-resort handler turned into <c>verifier.error:&lt;type&gt;</c>
    /// (contained, so not a crash, but code that did not expect the input).
    /// </param>
    public PdfTarget(IEnumerable<byte[]> anchors, bool strict = false)
    {
        _strict = strict;
        _options = new PdfVerificationOptions { CertificateValidator = new CertificateValidator(anchors) };
    }

    /// <summary>Verifies <paramref name="input"/> as a PDF (all checks on).</summary>
    public void Run(byte[] input)
    {
        using var pdf = new MemoryStream(input, writable: false);
        var report = PdfSealVerifier.Verify(pdf, _options);
        _ = report.Seals.Count;
        if (_strict && report.Reasons.FirstOrDefault(r => r.StartsWith("verifier.error:", StringComparison.Ordinal)) is { } error)
        {
            throw new InvalidOperationException("strict: the PDF verifier contained an unexpected exception: " + error);
        }
    }
}
