using System.Text;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Verification;

/// <summary>
/// Hostile files that try to make the verifier work without bound (huge padding, many revisions,
/// decompression bombs, deep nesting): each is refused or judged with bounded work, and a limit that
/// is reached turns the verdict indeterminate with a reason naming the limit (never valid).
/// Work is bounded by counts and allocation, never by the clock.
/// </summary>
public sealed class ResourceLimitTests
{
    private static PdfVerificationReport Verify(byte[] pdf, PdfVerificationOptions? options = null)
    {
        using var ms = new MemoryStream(pdf, writable: false);
        return PdfSealVerifier.Verify(ms, options ?? new PdfVerificationOptions { CertificateValidator = TestPki.Rsa.Validator });
    }

    /// <summary>Verifies and returns the bytes the verifying thread allocated.</summary>
    private static (PdfVerificationReport Report, long Allocated) Measured(byte[] pdf, PdfVerificationOptions? options = null)
    {
        using var ms = new MemoryStream(pdf, writable: false);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var report = PdfSealVerifier.Verify(ms, options ?? new PdfVerificationOptions { CertificateValidator = TestPki.Rsa.Validator });
        return (report, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Fifty_megabytes_of_whitespace_after_a_header_is_not_a_pdf_and_is_read_only_at_both_ends()
    {
        var pdf = new byte[50 << 20];
        Array.Fill(pdf, (byte)' ');
        "%PDF-1.7\n"u8.CopyTo(pdf);
        var (report, allocated) = Measured(pdf);
        Assert.Equal(PdfDocumentVerdict.Indeterminate, report.Verdict);
        Assert.Equal(["pdf.unreadable"], report.Reasons);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
    }

    [Theory]
    [InlineData("comments-before-eof")]
    [InlineData("comments-after-eof")]
    public void Megabytes_of_comments_at_the_end_of_a_sealed_file_are_not_searched_through(string kind)
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var comments = string.Concat(Enumerable.Repeat("% padding padding padding padding padding padding padding\n", 40_000)); // 2.4 MB
        var eof = Encoding.Latin1.GetString(pdf).LastIndexOf("%%EOF", StringComparison.Ordinal);
        var attacked = kind == "comments-before-eof"
            ? [.. pdf[..eof], .. Encoding.Latin1.GetBytes(comments), .. pdf[eof..]]
            : pdf.Concat(Encoding.Latin1.GetBytes(comments)).ToArray();
        var (report, allocated) = Measured(attacked);
        Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.True(allocated < 64 << 20, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Megabytes_of_white_space_after_the_last_eof_of_a_sealed_file_are_harmless_padding()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var padded = new byte[pdf.Length + (8 << 20)];
        Array.Fill(padded, (byte)' ');
        pdf.CopyTo(padded, 0);
        var report = Verify(padded);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
    }

    [Theory]
    [InlineData("")]
    [InlineData("startxref\n9\n%%EOF\n")]
    [InlineData("trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n999999999\n%%EOF\n")]
    public void Fifty_megabytes_of_whitespace_with_a_plausible_tail_is_not_valid(string tail)
    {
        using var ms = new MemoryStream();
        ms.Write("%PDF-1.7\n"u8);
        var spaces = new byte[1 << 20];
        Array.Fill(spaces, (byte)' ');
        for (var i = 0; i < 50; i++)
        {
            ms.Write(spaces);
        }

        ms.Write(Encoding.ASCII.GetBytes(tail));
        var (report, allocated) = Measured(ms.ToArray());
        Assert.Equal(PdfDocumentVerdict.Indeterminate, report.Verdict);
        Assert.Contains("pdf.unreadable", report.Reasons);
        Assert.Empty(report.Seals);
        Assert.True(allocated < 8 << 20, $"allocated {allocated} bytes"); // no repair search through 50 MB
    }

    [Fact]
    public void A_sealed_file_with_dozens_of_revisions_each_after_megabytes_of_padding_is_judged()
    {
        var pdf = HostilePdfs.WithPaddedRevisions(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa), count: 30, paddingBytes: 2 << 20);
        var report = Verify(pdf);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal(32, report.Revisions);
        Assert.False(report.Seals[0].ModifiedAfter);
    }

    [Fact]
    public void A_sealed_file_with_many_small_revisions_up_to_the_limit_is_judged()
    {
        var pdf = HostilePdfs.WithPaddedRevisions(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa), count: 150, paddingBytes: 0);
        var report = Verify(pdf);
        Assert.Equal(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.Equal(152, report.Revisions);
    }

    [Fact]
    public void Dozens_of_revisions_that_are_only_megabytes_of_spaces_and_an_eof_marker_are_not_searched_through()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        using var ms = new MemoryStream();
        ms.Write(pdf);
        var spaces = new byte[2 << 20];
        Array.Fill(spaces, (byte)' ');
        for (var i = 0; i < 30; i++)
        {
            ms.Write(spaces);
            ms.Write("\n%%EOF\n"u8);
        }

        var (report, allocated) = Measured(ms.ToArray());
        Assert.Equal(32, report.Revisions);
        Assert.NotEqual(PdfDocumentVerdict.Valid, report.Verdict);
        Assert.True(allocated < 1L << 30, $"allocated {allocated} bytes");
    }

    [Fact]
    public void More_revisions_than_the_limit_are_refused_before_any_parsing()
    {
        var pdf = HostilePdfs.WithPaddedRevisions(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa), count: 20, paddingBytes: 0);
        var report = Verify(pdf, new PdfVerificationOptions { CertificateValidator = TestPki.Rsa.Validator, MaxRevisions = 10 });
        Assert.Equal(PdfDocumentVerdict.Indeterminate, report.Verdict);
        Assert.Contains("limit.revisions", report.Reasons);
        Assert.Empty(report.Seals);
    }

    [Fact]
    public void Objects_read_over_all_revisions_are_bounded_too()
    {
        // Each revision is opened with its whole chain of sections: 40 revisions of ~30 objects stay under a
        // per-revision limit of 60 but read more than 32 × 60 entries in total.
        var pdf = HostilePdfs.WithPaddedRevisions(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa), count: 40, paddingBytes: 0);
        var report = Verify(pdf, new PdfVerificationOptions { CertificateValidator = TestPki.Rsa.Validator, MaxObjects = 60 });
        Assert.Equal(PdfDocumentVerdict.Indeterminate, report.Verdict);
        Assert.Contains("limit.objects", report.Reasons);
        Assert.Equal(PdfDocumentVerdict.Valid, Verify(pdf).Verdict);
    }

    public static TheoryData<string, long> Bombs => new()
    {
        { "xref-stream", 2L << 30 },
        { "object-stream", 2L << 30 },
        { "xref-stream-update-of-a-sealed-file", 2L << 30 },
    };

    [Theory]
    [MemberData(nameof(Bombs))]
    public void Decompression_bombs_are_refused_while_inflating_without_spending_the_memory(string kind, long inflatedBytes)
    {
        var pdf = kind switch
        {
            "xref-stream" => HostilePdfs.XrefStreamBomb(inflatedBytes),
            "object-stream" => HostilePdfs.ObjectStreamBomb(inflatedBytes),
            _ => HostilePdfs.WithXrefStreamBombUpdate(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa), inflatedBytes),
        };
        Assert.True(pdf.Length < 4 << 20, $"the bomb is {pdf.Length} bytes");
        var (report, allocated) = Measured(pdf);
        Assert.True(report.Verdict == PdfDocumentVerdict.Indeterminate && report.Reasons.Contains("limit.stream_decoded_bytes"), $"alloc {allocated} {report.Verdict}: {string.Join(", ", report.Reasons)}; seals: {string.Join(", ", report.Seals.Select(s => s.Verdict + " " + string.Join(" ", s.Reasons) + string.Join(" ", s.ChangesAfter)))}");
        Assert.True(allocated < 256L << 20, $"allocated {allocated} bytes for a stream inflating to {inflatedBytes}");
    }

    [Fact]
    public void The_object_stream_bomb_is_a_few_kilobytes()
    {
        Assert.True(HostilePdfs.ObjectStreamBomb(2L << 30).Length < 64 * 1024);
    }

    [Fact]
    public void A_stream_within_the_limit_still_decodes()
    {
        // The same structures with a harmless size: the limit does not refuse honest files.
        var report = Verify(HostilePdfs.ObjectStreamBomb(1 << 20));
        Assert.DoesNotContain(report.Reasons, r => r.StartsWith("limit.", StringComparison.Ordinal));
    }

    [Fact]
    public void The_total_decoded_bytes_limit_counts_across_streams()
    {
        var report = Verify(HostilePdfs.ObjectStreamBomb(8 << 20), new PdfVerificationOptions { MaxTotalDecodedBytes = 4 << 20 });
        Assert.Equal(PdfDocumentVerdict.Indeterminate, report.Verdict);
        Assert.Contains(report.Reasons, r => r is "limit.total_decoded_bytes" or "limit.stream_decoded_bytes");
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("<< /A ", " >>")]
    public void Objects_nested_100000_deep_do_not_overflow_the_stack(string open, string close)
    {
        var report = Verify(HostilePdfs.DeeplyNested(100_000, open, close));
        Assert.True(report.Verdict == PdfDocumentVerdict.Indeterminate && report.Reasons.Contains("limit.nesting_depth"), $"{report.Verdict}: {string.Join(", ", report.Reasons)}");
    }

    [Fact]
    public void A_sealed_file_whose_later_revision_nests_100000_deep_is_not_valid()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var deep = new string('[', 100_000) + new string(']', 100_000);
        var attacked = Increment.Append(pdf, new Dictionary<int, string> { [3] = $"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Deep {deep} >>" });
        var report = Verify(attacked);
        Assert.True(report.Verdict == PdfDocumentVerdict.Indeterminate && report.Reasons.Contains("limit.nesting_depth"), $"{report.Verdict}: {string.Join(", ", report.Reasons)}");
    }

    public static TheoryData<string, string> Limits => new()
    {
        { "input", "limit.input_size" },
        { "objects", "limit.objects" },
        { "stream", "limit.stream_decoded_bytes" },
        { "depth", "limit.nesting_depth" },
    };

    [Theory]
    [MemberData(nameof(Limits))]
    public void Each_limit_of_the_options_turns_the_verdict_indeterminate_and_is_named(string limit, string reason)
    {
        var sealedPdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var (pdf, options) = limit switch
        {
            "input" => (sealedPdf, new PdfVerificationOptions { CertificateValidator = TestPki.Rsa.Validator, MaxInputBytes = sealedPdf.Length - 1 }),
            "objects" => (sealedPdf, new PdfVerificationOptions { CertificateValidator = TestPki.Rsa.Validator, MaxObjects = 4 }),
            "stream" => (HostilePdfs.ObjectStreamBomb(2 << 20), new PdfVerificationOptions { MaxStreamDecodedBytes = 1 << 20 }),
            _ => (Sealing.Seal(HostilePdfs.DeeplyNested(40), TestPki.Rsa), new PdfVerificationOptions { CertificateValidator = TestPki.Rsa.Validator, MaxNestingDepth = 16 }),
        };
        if (limit != "stream")
        {
            Assert.Equal(PdfDocumentVerdict.Valid, Verify(pdf).Verdict); // the same file within the default limits
        }

        var report = Verify(pdf, options);
        Assert.Equal(PdfDocumentVerdict.Indeterminate, report.Verdict);
        Assert.Contains(reason, report.Reasons);
    }

    [Fact]
    public void An_update_with_thousands_of_listed_objects_without_endobj_and_unlisted_headers_is_judged_with_a_bounded_report()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var (prev, size, root) = HostilePdfs.Tail(pdf);
        using var ms = new MemoryStream();
        ms.Write(pdf);
        void W(string s) => ms.Write(Encoding.Latin1.GetBytes(s));
        const int listed = 20_000;
        var offsets = new long[listed];
        for (var i = 0; i < listed; i++)
        {
            offsets[i] = ms.Position;
            W($"{size + i} 0 obj\n<< /N {i} >>\n{size + listed + i} 0 obj\n"); // no endobj; an unlisted header follows each
        }

        var xref = ms.Position;
        W($"xref\n{size} {listed}\n");
        foreach (var o in offsets)
        {
            W($"{o:D10} 00000 n\r\n");
        }

        W($"trailer\n<< /Size {size + listed} /Root {root} /Prev {prev} >>\nstartxref\n{xref}\n%%EOF\n");
        var report = Verify(ms.ToArray());
        Assert.Equal(PdfDocumentVerdict.Modified, report.Verdict);
        var unreferenced = report.Seals[0].ChangesAfter.Count(c => c.Kind == "unreferenced-object");
        Assert.Equal(101, unreferenced); // 100 named, then one summary: the report does not grow with the attack
    }

    [FsCheck.Xunit.Property(MaxTest = 40)]
    public bool Nesting_of_any_depth_never_crashes_and_is_never_valid(ushort depth, bool dictionaries)
    {
        var report = Verify(dictionaries ? HostilePdfs.DeeplyNested(depth * 2, "<< /A ", " >>") : HostilePdfs.DeeplyNested(depth * 2));
        return report.Verdict != PdfDocumentVerdict.Valid;
    }
}
