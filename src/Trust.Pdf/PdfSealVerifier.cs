using Trust.Pdf.Internal.Verification;

namespace Trust.Pdf;

/// <summary>
/// Verifies the seals (signatures) of a PDF: byte-range structure against universal signature
/// forgery and signature wrapping, the CMS signature, the signer certificate at signing time, and
/// the changes every later revision made (incremental saving and shadow attacks). Never throws
/// for a malformed or hostile PDF: it returns a report whose verdict is invalid or indeterminate.
/// </summary>
public static class PdfSealVerifier
{
    /// <summary>Verifies a PDF read from a seekable stream (not closed).</summary>
    public static PdfVerificationReport Verify(Stream pdf, PdfVerificationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        if (!pdf.CanSeek || !pdf.CanRead)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(pdf));
        }

        try
        {
            return DocumentVerification.Verify(pdf, options ?? new PdfVerificationOptions());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not ArgumentException)
        {
            return new PdfVerificationReport
            {
                Verdict = PdfDocumentVerdict.Indeterminate,
                Seals = [],
                Revisions = 0,
                Skipped = [],
                Reasons = ["verifier.error:" + ex.GetType().Name],
            };
        }
    }

    /// <summary>Verifies the PDF file at <paramref name="path"/>.</summary>
    public static PdfVerificationReport Verify(string path, PdfVerificationOptions? options)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Verify(file, options);
    }
}
