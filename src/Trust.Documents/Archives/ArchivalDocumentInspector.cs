using Trust.Core;
using Trust.Documents.Ofd;
using Trust.Pdf;
using Trust.Pdf.Internal.Conformance;
using Trust.Pdf.Internal.Reader;

namespace Trust.Documents.Archives;

/// <summary>What one document is at ingest and at every later check: its format, its seals and three of the four properties.</summary>
/// <param name="Format">The archival format name (<c>PDF/A-3B</c>, <c>OFD</c>, <c>XML</c>) or what was found instead (<c>PDF</c>, <c>unknown</c>).</param>
/// <param name="Seals">One report per seal (PDF seals, OFD seals), in the PDF verifier's shape.</param>
/// <param name="SealVerdict">The verifier's verdict over all seals; null when the format carries no seals.</param>
/// <param name="Authenticity">Reasons against authenticity (the document's own seals).</param>
/// <param name="Usability">Reasons against usability.</param>
/// <param name="Security">Reasons against security.</param>
internal sealed record DocumentInspection(
    string Format,
    IReadOnlyList<PdfSealReport> Seals,
    PdfDocumentVerdict? SealVerdict,
    IReadOnlyList<string> Authenticity,
    IReadOnlyList<string> Usability,
    IReadOnlyList<string> Security)
{
    /// <summary>Whether the document passes the three document properties (what ingest requires).</summary>
    public bool Acceptable => Authenticity.Count == 0 && Usability.Count == 0 && Security.Count == 0;
}

/// <summary>
/// The one policy for a document of a package, used by <see cref="ArchivalPackageBuilder"/> at ingest and
/// <see cref="ArchivalPackageChecker"/> later: the archival formats (PDF/A identified by its XMP pdfaid, OFD per
/// GB/T 33190 opened by the OFD reader, well-formed XML), the documents' seals (<see cref="PdfSealVerifier"/>, the OFD
/// verifier) and the security scan (<see cref="ArchivalSecurityScan"/>). Never throws for a bad document.
/// </summary>
internal static class ArchivalDocumentInspector
{
    public const string FormatPdf = "PDF";
    public const string FormatOfd = "OFD";
    public const string FormatXml = "XML";
    public const string FormatUnknown = "unknown";

    public static DocumentInspection Inspect(byte[] data, ArchivalVerificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.AsSpan().IndexOf("%PDF-"u8) is >= 0 and < 1024)
        {
            return Pdf(data, options);
        }

        if (data.AsSpan().StartsWith("PK\x03\x04"u8))
        {
            return Ofd(data, options);
        }

        if (LooksLikeXml(data))
        {
            var usability = ArchivalSecurityScan.WellFormed(data) ? [] : new[] { ArchivalReasons.FileUnreadable };
            return new DocumentInspection(FormatXml, [], null, [], usability, ArchivalSecurityScan.Xml(data));
        }

        return new DocumentInspection(FormatUnknown, [], null, [], [ArchivalReasons.FormatNotArchival], [ArchivalReasons.NotChecked]);
    }

    private static DocumentInspection Pdf(byte[] data, ArchivalVerificationOptions options)
    {
        var usability = new List<string>();
        var format = FormatPdf;
        try
        {
            using var stream = new MemoryStream(data, writable: false);
            using var reader = PdfRevisionReader.Open(stream);
            if (PdfAProfile.Claimed(reader) is not { } claim)
            {
                usability.Add(ArchivalReasons.FormatNotArchival + ":pdf_without_pdfa_identification");
            }
            else
            {
                format = $"PDF/A-{claim.Part}{claim.Conformance}";
                if (PdfAClaimProblem(claim.Part, claim.Conformance, Header(data), reader.IsEncrypted) is { } problem)
                {
                    usability.Add(ArchivalReasons.PdfAClaimInconsistent + ":" + problem);
                }
            }
        }
        catch (TrustException)
        {
            usability.Add(ArchivalReasons.FileUnreadable);
        }

        PdfVerificationReport report;
        using (var stream = new MemoryStream(data, writable: false))
        {
            report = PdfSealVerifier.Verify(stream, new PdfVerificationOptions
            {
                CertificateValidator = options.CertificateValidator,
                SealRegistry = options.SealRegistry,
                SealRevocations = options.SealRevocations,
                ValidationTime = options.ValidationTime,
            });
        }

        var authenticity = report.Seals.Count == 0 ? [] : SealReasons(report.Verdict, report.Outcome.Reasons);
        return new DocumentInspection(format, report.Seals, report.Seals.Count == 0 ? null : report.Verdict, authenticity, usability, ArchivalSecurityScan.Pdf(data));
    }

    private static DocumentInspection Ofd(byte[] data, ArchivalVerificationOptions options)
    {
        Dictionary<string, byte[]> parts;
        try
        {
            parts = OfdZip.Read(data).ToDictionary(p => p.Path, p => p.Data, StringComparer.Ordinal);
        }
        catch (TrustFormatException)
        {
            return new DocumentInspection(FormatUnknown, [], null, [ArchivalReasons.NotChecked], [ArchivalReasons.FileUnreadable], [ArchivalReasons.NotChecked]);
        }

        var usability = new List<string>();
        if (!parts.TryGetValue("OFD.xml", out var root) || !ArchivalSecurityScan.WellFormed(root) || root.AsSpan().IndexOf("DocBody"u8) < 0)
        {
            usability.Add(ArchivalReasons.FormatNotArchival + ":zip_without_ofd_document");
        }

        var result = OfdVerifier.Verify(data, options.CertificateValidator, options.SealRevocations, options.Intermediates, options.SealRegistry, validationTime: options.ValidationTime);
        var authenticity = result.Seals.Count == 0 ? [] : SealReasons(result.Verdict, [.. result.Reasons, .. result.Seals.SelectMany(s => s.Reasons)]);
        return new DocumentInspection(FormatOfd, result.Seals, result.Seals.Count == 0 ? null : result.Verdict, authenticity, usability, ArchivalSecurityScan.Ofd(parts));
    }

    private static List<string> SealReasons(PdfDocumentVerdict verdict, IEnumerable<string> reasons)
    {
        var result = new List<string>();
        switch (verdict)
        {
            case PdfDocumentVerdict.Valid:
                return result;
            case PdfDocumentVerdict.Indeterminate or PdfDocumentVerdict.Unsigned:
                result.Add(ArchivalReasons.SealIndeterminate + ":" + PdfVerdicts.ToText(verdict));
                break;
            default:
                result.Add(ArchivalReasons.SealNotValid + ":" + PdfVerdicts.ToText(verdict));
                break;
        }

        result.AddRange(reasons.Distinct(StringComparer.Ordinal));
        return result;
    }

    /// <summary>ISO 19005 parts 1-4: the conformance levels each part defines, the header version each allows, no encryption.</summary>
    private static string? PdfAClaimProblem(string part, string conformance, string? header, bool encrypted)
    {
        var levels = part switch
        {
            "1" => "AB",
            "2" or "3" => "ABU",
            "4" => "EF",
            _ => null,
        };
        if (levels is null)
        {
            return "part_" + part;
        }

        if (part == "4" ? conformance.Length > 0 && !levels.Contains(conformance, StringComparison.Ordinal) : conformance.Length != 1 || !levels.Contains(conformance, StringComparison.Ordinal))
        {
            return "conformance_" + (conformance.Length == 0 ? "missing" : conformance);
        }

        if (header is not null && (part == "4" ? !header.StartsWith("2.", StringComparison.Ordinal) : !header.StartsWith("1.", StringComparison.Ordinal) || (part == "1" && string.CompareOrdinal(header, "1.4") > 0)))
        {
            return "header_" + header;
        }

        return encrypted ? "encrypted" : null;
    }

    private static string? Header(byte[] data)
    {
        var at = data.AsSpan(0, Math.Min(data.Length, 1024)).IndexOf("%PDF-"u8);
        return at < 0 || at + 8 > data.Length ? null : System.Text.Encoding.ASCII.GetString(data, at + 5, 3);
    }

    private static bool LooksLikeXml(byte[] data)
    {
        var span = data.AsSpan();
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        span = span.TrimStart(" \t\r\n"u8);
        return span.StartsWith("<"u8);
    }
}
