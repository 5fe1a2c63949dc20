using System.Text;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Verification;

/// <summary>
/// Incremental updates that consist of (almost) nothing but a cross-reference section and trailer.
/// Every entry of such a section is a change and is judged like any other: the verifier never says
/// valid with <c>modified_after: false</c> when what the page shows differs from what the seal covered.
/// </summary>
public sealed class XrefOnlyUpdateTests
{
    /// <summary>Page 4 draws content 5 with font 3; 6 is prepared content, 7 an information dictionary, 8 a second catalog.</summary>
    private static byte[] Document() => TestPdfs.Assemble(
    [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
        "<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 700 Td (Pay 100 EUR) Tj ET\nendstream",
        "<< /Length 45 >>\nstream\nBT /F1 24 Tf 72 700 Td (Pay 9000 EUR) Tj ET\nendstream",
        "<< /Title (Invoice) >>",
        "<< /Type /Catalog /Pages 2 0 R /PageMode /UseNone >>",
    ]);

    private static long OffsetOf(byte[] pdf, string header) =>
        Encoding.Latin1.GetString(pdf).IndexOf("\n" + header, StringComparison.Ordinal) + 1;

    /// <summary>Appends optional new bytes, then a section with the given subsections and a trailer.</summary>
    private static byte[] Update(byte[] pdf, Func<long, string> newBytes, Func<long, string> subsections, string? size = null, string? root = null, string? info = null)
    {
        var (prev, lastSize, lastRoot) = HostilePdfs.Tail(pdf);
        var body = newBytes(pdf.Length);
        var xref = pdf.Length + Encoding.Latin1.GetByteCount(body);
        var trailer = $"<< /Size {size ?? lastSize.ToString(System.Globalization.CultureInfo.InvariantCulture)} /Root {root ?? lastRoot} /Prev {prev}{(info is null ? string.Empty : " /Info " + info)} >>";
        var tail = $"{body}xref\n{subsections(pdf.Length)}trailer\n{trailer}\nstartxref\n{xref}\n%%EOF\n";
        return [.. pdf, .. Encoding.Latin1.GetBytes(tail)];
    }

    private const string Entry0 = "0 1\n0000000000 65535 f\r\n";

    public static TheoryData<string, string, bool> Cases => new()
    {
        // case, change kind the report must name, whether what the page shows may differ
        { "free-entry", "xref.entry_freed", true },
        { "repointed-into-signed-bytes", "xref-repointed", true },
        { "repointed-at-offset-zero", "xref-repointed", true },
        { "repointed-past-the-end", "xref-repointed", true },
        { "repointed-to-new-bytes", "page-content", true },
        { "generation-change", "xref.generation_changed", true },
        { "object-number-reuse", "page-content", true },
        { "size-shrink", "trailer.size_shrunk", true },
        { "root-change", "catalog-replaced", true },
        { "info-change", "trailer.info_changed", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_entry_of_an_xref_only_update_is_judged_and_named(string kind, string expectedChange, bool visible)
    {
        var pdf = Sealing.Seal(Document(), TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Valid, VerificationTests.Verify(pdf, TestPki.Rsa).Verdict);
        var prepared = OffsetOf(pdf, "6 0 obj");
        const string evil = "BT /F1 24 Tf 72 700 Td (Pay 900 EUR) Tj ET";
        var attacked = kind switch
        {
            "free-entry" => Update(pdf, _ => string.Empty, _ => Entry0 + "5 1\n0000000000 00001 f\r\n"),
            "repointed-into-signed-bytes" => Update(pdf, _ => string.Empty, _ => $"5 1\n{prepared:D10} 00000 n\r\n"),
            "repointed-at-offset-zero" => Update(pdf, _ => string.Empty, _ => "5 1\n0000000000 00000 n\r\n"),
            "repointed-past-the-end" => Update(pdf, _ => string.Empty, at => $"5 1\n{at + 5000:D10} 00000 n\r\n"),
            "repointed-to-new-bytes" => Update(pdf, _ => $"5 0 obj\n<< /Length {evil.Length} >>\nstream\n{evil}\nendstream\nendobj\n", at => $"5 1\n{at:D10} 00000 n\r\n"),
            "generation-change" => Update(pdf, _ => "5 1 obj\n<< /Length 44 >>\nstream\nBT /F1 24 Tf 72 700 Td (Pay 100 EUR) Tj ET\nendstream\nendobj\n", at => $"5 1\n{at:D10} 00001 n\r\n"),
            "object-number-reuse" => Update(pdf, _ => "5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>\nendobj\n", at => $"5 1\n{at:D10} 00000 n\r\n"),
            "size-shrink" => Update(pdf, _ => string.Empty, _ => Entry0, size: "3"),
            "root-change" => Update(pdf, _ => string.Empty, _ => Entry0, root: "8 0 R"),
            _ => Update(pdf, _ => string.Empty, _ => Entry0, info: "7 0 R"),
        };
        var report = VerificationTests.Verify(attacked, TestPki.Rsa);
        var seal = Assert.Single(report.Seals);
        Assert.Contains(seal.ChangesAfter, c => c.Kind == expectedChange && c.Revision == 3);
        if (visible)
        {
            Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
            Assert.True(seal.ModifiedAfter, string.Join("; ", seal.ChangesAfter));
            Assert.Contains(seal.ChangesAfter, c => c.Kind == expectedChange && !c.Permitted);
        }
        else
        {
            Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
            Assert.Contains(seal.ChangesAfter, c => c.Kind == expectedChange && c.Permitted);
        }
    }

    [Fact]
    public void An_empty_xref_only_update_changes_nothing()
    {
        var pdf = Sealing.Seal(Document(), TestPki.Rsa);
        var report = VerificationTests.Verify(Update(pdf, _ => string.Empty, _ => Entry0), TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.False(report.Seals[0].ModifiedAfter);
    }

    [Fact]
    public void A_free_entry_in_an_xref_stream_update_is_named()
    {
        var pdf = Sealing.Seal(Document(), TestPki.Rsa);
        var (prev, size, root) = HostilePdfs.Tail(pdf);
        // Cross-reference stream (object `size`) with /Index [5 1 size 1]: object 5 free, itself in use.
        var at = pdf.Length;
        byte[] rows = [0, 0, 0, 0, 0, 0, 1, 1, (byte)(at >> 24), (byte)(at >> 16), (byte)(at >> 8), (byte)at, 0, 0];
        var head = Encoding.Latin1.GetBytes($"{size} 0 obj\n<< /Type /XRef /Size {size + 1} /Index [5 1 {size} 1] /W [1 4 2] /Root {root} /Prev {prev} /Length {rows.Length} >>\nstream\n");
        var tail = Encoding.Latin1.GetBytes($"\nendstream\nendobj\nstartxref\n{at}\n%%EOF\n");
        var report = VerificationTests.Verify([.. pdf, .. head, .. rows, .. tail], TestPki.Rsa);
        Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Contains(report.Seals[0].ChangesAfter, c => c.Kind == "xref.entry_freed" && c.ObjectNumber == 5 && !c.Permitted);
    }

    [Fact]
    public void A_redefinition_hidden_in_the_body_of_a_listed_object_is_named()
    {
        // Object 40 is listed; before its endobj sits an unlisted redefinition of page content 5 that a
        // reader rebuilding the cross-reference data by scanning would take.
        var pdf = Sealing.Seal(Document(), TestPki.Rsa);
        const string evil = "BT /F1 24 Tf 72 700 Td (Pay 900 EUR) Tj ET";
        var attacked = Update(
            pdf,
            _ => $"40 0 obj\n<< /Padding true >>\n5 0 obj\n<< /Length {evil.Length} >>\nstream\n{evil}\nendstream\nendobj\n",
            at => $"40 1\n{at:D10} 00000 n\r\n",
            size: "41");
        var report = VerificationTests.Verify(attacked, TestPki.Rsa);
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        Assert.Contains(report.Seals[0].ChangesAfter, c => c.Kind == "unreferenced-object" && c.ObjectNumber == 5 && !c.Permitted);
    }

    private static readonly Lazy<byte[]> SealedDocument = new(() => Sealing.Seal(Document(), TestPki.Rsa));

    /// <summary>
    /// Random xref-only updates over objects in use: each entry is free, or in use with another generation,
    /// or points into the signed bytes, past the end of the file or at offset 0, or repeats the current entry.
    /// Whenever one entry differs from the current one, the verdict is not valid.
    /// </summary>
    [FsCheck.Xunit.Property(MaxTest = 60)]
    public bool A_random_xref_only_update_that_changes_an_entry_is_never_valid(int seed)
    {
        var pdf = SealedDocument.Value;
        var text = Encoding.Latin1.GetString(pdf);
        var random = new Random(seed);
        var subsections = new StringBuilder(Entry0);
        var changed = false;
        foreach (var n in Enumerable.Range(1, 8).Where(_ => random.Next(3) == 0).DefaultIfEmpty(5))
        {
            var current = text.LastIndexOf($"\n{n} 0 obj", StringComparison.Ordinal) + 1;
            var (offset, gen, type) = random.Next(6) switch
            {
                0 => (0L, 1, 'f'),
                1 => ((long)current, 1 + random.Next(3), 'n'),
                2 => (random.NextInt64(1, pdf.Length), 0, 'n'),
                3 => (pdf.Length + 1000L + random.Next(1000), 0, 'n'),
                4 => (0L, 0, 'n'),
                _ => ((long)current, 0, 'n'),
            };
            changed |= offset != current || gen != 0 || type != 'n';
            subsections.Append(System.Globalization.CultureInfo.InvariantCulture, $"{n} 1\n{offset:D10} {gen:D5} {type}\r\n");
        }

        var report = VerificationTests.Verify(Update(pdf, _ => string.Empty, _ => subsections.ToString()), TestPki.Rsa);
        if (changed && report.Verdict == PdfDocumentVerdict.Valid)
        {
            Assert.Fail(subsections + " => " + report.Verdict + ": " + string.Join("; ", report.Seals.SelectMany(s => s.ChangesAfter)) + string.Join(",", report.Reasons));
        }

        return !changed || report.Verdict != PdfDocumentVerdict.Valid;
    }
}
