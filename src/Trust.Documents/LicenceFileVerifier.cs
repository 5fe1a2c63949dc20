using Trust.Core;
using Trust.Core.Licences;
using Trust.Core.Results;
using Trust.Documents.Ofd;
using Trust.Documents.Pdf;
using Trust.Pdf;

namespace Trust.Documents;

/// <summary>
/// Verifies a licence file of either format, detected from its bytes: every seal (PDF: <see cref="PdfSealVerifier"/>
/// with its change analysis; OFD: reference check values, files added or changed after each seal, and the
/// SES_Signature with every check of GB/T 38540-2020 section 8), the embedded licence (<see cref="LicenceVerifier"/>)
/// and that the page is the page rendered from the embedded licence. Never throws for a bad file.
/// </summary>
public static class LicenceFileVerifier
{
    /// <summary>Reason: the file carries no embedded licence (or more than one).</summary>
    public const string LicenceMissing = "licence_file.licence_missing";

    /// <summary>Reason: the embedded licence does not verify (its verdict follows the colon).</summary>
    public const string LicenceNotValid = "licence_file.licence_not_valid";

    /// <summary>Reason: the visible page is not the page of the embedded licence.</summary>
    public const string PageMismatch = "licence_file.page_mismatch";

    /// <summary>Reason: neither a PDF nor an OFD file.</summary>
    public const string UnknownFormat = "licence_file.unknown_format";

    /// <summary>Verifies <paramref name="file"/> within the limits of <paramref name="options"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit of <paramref name="options"/> is out of its range (<see cref="LicenceFileVerificationOptions.Validate"/>).</exception>
    public static async Task<LicenceFileReport> VerifyAsync(byte[] file, LicenceFileVerificationOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var time = options.TimeProvider ?? TimeProvider.System;
        var started = time.GetTimestamp();
        var format = LicenceFileFormats.Detect(file);
        if (format is null)
        {
            return Refused(null, UnknownFormat);
        }

        if (file.LongLength > options.MaxInputBytes)
        {
            return Refused(format, LimitReasons.InputSize);
        }

        PdfDocumentVerdict sealVerdict;
        IReadOnlyList<PdfSealReport> seals;
        int revisions;
        var reasons = new List<string>();
        EmbeddedContent content;
        IReadOnlyList<PdfTimestampReport> archiveTimestamps;
        bool hasValidationData;
        if (format == LicenceFileFormat.Pdf)
        {
            using (var stream = new MemoryStream(file, writable: false))
            {
                var remaining = options.MaxDuration - time.GetElapsedTime(started);
                if (remaining <= TimeSpan.Zero)
                {
                    return Refused(format, LimitReasons.Time);
                }

                var report = PdfSealVerifier.Verify(stream, new PdfVerificationOptions
                {
                    CertificateValidator = options.CertificateValidator,
                    SealRegistry = options.SealRegistry,
                    SealRevocations = options.SealRevocations,
                    MaxInputBytes = options.MaxInputBytes,
                    MaxDuration = remaining,
                    TimeProvider = options.TimeProvider,
                    ValidationTime = options.ValidationTime,
                });
                archiveTimestamps = report.DocumentTimestamps;
                hasValidationData = report.HasValidationData;
                sealVerdict = report.Verdict;
                seals = report.Seals;
                revisions = report.Revisions;
                reasons.AddRange(report.Reasons);
            }

            content = PdfLicenceContent.Read(file);
        }
        else
        {
            var report = OfdVerifier.Verify(file, options, () => time.GetElapsedTime(started) > options.MaxDuration);
            if (report.Limit is { } limit)
            {
                return Refused(format, limit);
            }

            archiveTimestamps = report.ArchiveTimestamps;
            hasValidationData = report.HasValidationData;
            sealVerdict = report.Verdict;
            seals = report.Seals;
            revisions = report.Seals.Count;
            reasons.AddRange(report.Reasons);
            content = report.Content;
        }

        if (time.GetElapsedTime(started) > options.MaxDuration)
        {
            return Refused(format, LimitReasons.Time);
        }

        LicenceFileLicence licence;
        var licenceOk = false;
        if (content.Licence is not { } licenceBytes)
        {
            reasons.Add(LicenceMissing);
            licence = new LicenceFileLicence(null, null, false);
        }
        else
        {
            var result = await options.Licences.VerifyAsync(licenceBytes, cancellationToken).ConfigureAwait(false);
            var matches = false;
            if (result.Licence is { } signed)
            {
                try
                {
                    var rendered = RenderedPage.For(signed, options.Catalog);
                    matches = content.PageMatches(rendered);
                }
                catch (TrustFormatException)
                {
                    matches = false;
                }
            }

            if (!result.IsValid)
            {
                reasons.Add(LicenceNotValid + ":" + result.VerdictText);
            }

            if (!matches)
            {
                reasons.Add(PageMismatch);
            }

            licenceOk = result.IsValid && matches;
            licence = new LicenceFileLicence(result.LicenceId ?? result.Licence?.Id, result, matches);
        }

        var verdict = sealVerdict;
        if (!licenceOk && sealVerdict is PdfDocumentVerdict.Valid or PdfDocumentVerdict.Indeterminate or PdfDocumentVerdict.Modified)
        {
            verdict = PdfDocumentVerdict.Invalid;
        }

        return new LicenceFileReport
        {
            Format = format,
            Verdict = verdict,
            Seals = seals,
            Revisions = revisions,
            Licence = licence,
            Reasons = reasons,
            ArchiveTimestamps = archiveTimestamps,
            HasValidationData = hasValidationData,
        };
    }

    /// <summary>A file not verified: not a licence file format, or over a limit of the options (indeterminate, the reason names it).</summary>
    private static LicenceFileReport Refused(LicenceFileFormat? format, string reason) => new()
    {
        Format = format,
        Verdict = PdfDocumentVerdict.Indeterminate,
        Seals = [],
        Revisions = 0,
        Licence = new LicenceFileLicence(null, null, false),
        Reasons = [reason],
    };
}

/// <summary>The embedded licence bytes and a check of the page against a rendering.</summary>
internal sealed class EmbeddedContent(byte[]? licence, Func<RenderedPage, bool> pageMatches)
{
    public static EmbeddedContent None { get; } = new(null, _ => false);

    public byte[]? Licence { get; } = licence;

    public bool PageMatches(RenderedPage rendered) => pageMatches(rendered);
}
