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

    /// <summary>Creates the target with a fixed trust store of <paramref name="anchors"/> (DER root certificates; may be empty).</summary>
    public PdfTarget(IEnumerable<byte[]> anchors)
    {
        _options = new PdfVerificationOptions { CertificateValidator = new CertificateValidator(anchors) };
    }

    /// <summary>Verifies <paramref name="input"/> as a PDF (all checks on).</summary>
    public void Run(byte[] input)
    {
        using var pdf = new MemoryStream(input, writable: false);
        var report = PdfSealVerifier.Verify(pdf, _options);
        _ = report.Seals.Count;
    }
}
