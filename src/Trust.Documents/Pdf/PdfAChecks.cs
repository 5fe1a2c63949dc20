using Trust.Pdf.Internal.Conformance;

namespace Trust.Documents.Pdf;

/// <summary>
/// The PDF/A rules a seal's incremental update must keep (Trust.Pdf's focused check; its ISO 19005-2 clauses are the
/// same in ISO 19005-3 for everything a seal writes), applied to a sealed licence PDF.
/// </summary>
internal static class PdfAChecks
{
    /// <summary>Violations of the update starting at <paramref name="incrementStart"/>, as "clause: message".</summary>
    public static IReadOnlyList<string> SealIncrement(byte[] pdf, long incrementStart) =>
        [.. PdfAIncrementCheck.Check(pdf, incrementStart).Select(v => $"{v.Clause}: {v.Message}")];
}
