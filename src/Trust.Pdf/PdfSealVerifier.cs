using Trust.Pdf.Internal.Reader;
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
    /// <exception cref="ArgumentException">The stream is not readable and seekable.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit of <paramref name="options"/> is out of its range (<see cref="PdfVerificationOptions.Validate"/>).</exception>
    public static PdfVerificationReport Verify(Stream pdf, PdfVerificationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        if (!pdf.CanSeek || !pdf.CanRead)
        {
            throw new ArgumentException("The stream must be readable and seekable.", nameof(pdf));
        }

        options ??= new PdfVerificationOptions();
        options.Validate();
        var limits = new ParseLimits(options);
        using var scope = limits.Enter();
        try
        {
            if (InputCheck.Refusal(pdf, limits) is { } refusal)
            {
                return Refused(refusal);
            }

            using var timed = new TimedStream(pdf, limits);
            var report = DocumentVerification.Verify(timed, options);
            return limits.Hit is { } hit ? Limited(report, hit) : report;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not ArgumentException)
        {
            return limits.Hit is { } hit ? Refused(hit) : Refused("verifier.error:" + ex.GetType().Name);
        }
    }

    private static PdfVerificationReport Refused(string reason) => new()
    {
        Verdict = PdfDocumentVerdict.Indeterminate,
        Seals = [],
        Revisions = 0,
        Skipped = [],
        Reasons = [reason],
    };

    /// <summary>A limit was reached during the work: nothing short of the full analysis may say valid (or unsigned).</summary>
    private static PdfVerificationReport Limited(PdfVerificationReport report, string reason) => new()
    {
        Verdict = PdfDocumentVerdict.Indeterminate,
        Seals = [.. report.Seals.Select(s => s.Verdict is PdfDocumentVerdict.Valid ? WithVerdict(s, PdfDocumentVerdict.Indeterminate, reason) : s)],
        Revisions = report.Revisions,
        Skipped = report.Skipped,
        Reasons = [.. report.Reasons, reason],
    };

    private static PdfSealReport WithVerdict(PdfSealReport s, PdfDocumentVerdict verdict, string reason) => new()
    {
        FieldName = s.FieldName,
        SealId = s.SealId,
        SealName = s.SealName,
        Department = s.Department,
        Signer = s.Signer,
        Algorithm = s.Algorithm,
        SubFilter = s.SubFilter,
        SigningTime = s.SigningTime,
        Integrity = s.Integrity,
        CoversRevision = s.CoversRevision,
        CoversWholeDocument = s.CoversWholeDocument,
        ModifiedAfter = s.ModifiedAfter,
        ChangesAfter = s.ChangesAfter,
        CertificateStatus = s.CertificateStatus,
        Reasons = [.. s.Reasons, reason],
        Verdict = verdict,
    };

    /// <summary>Verifies the PDF file at <paramref name="path"/>.</summary>
    public static PdfVerificationReport Verify(string path, PdfVerificationOptions? options)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Verify(file, options);
    }
}
