using System.IO.Compression;
using Trust.Core.Results;
using Trust.Documents.Tests.Support;
using Trust.Pdf;
using Trust.Pdf.Tests.Support;

namespace Trust.Documents.Tests.Files;

/// <summary>
/// The limits of <see cref="LicenceFileVerificationOptions"/>: a licence file over a configured limit is indeterminate
/// with the limit named, before the work; the defaults accept the valid files; out-of-range limits are refused.
/// </summary>
public sealed class LicenceFileLimitTests
{
    private static readonly Lazy<byte[]> Ofd = new(() => LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Ofd, TestPki.Sm2));

    private static readonly Lazy<byte[]> Pdf = new(() => LicenceFiles.RenderAndSeal(LicenceFiles.Issue("BL"), LicenceFileFormat.Pdf, TestPki.Sm2));

    /// <summary>A clock that moves <paramref name="step"/> forward each time it is read.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
    }

    private static byte[] File(LicenceFileFormat format) => format == LicenceFileFormat.Ofd ? Ofd.Value : Pdf.Value;

    private static LicenceFileReport Verify(byte[] file, long? maxInputBytes = null, int? maxEntries = null, long? maxExpanded = null, TimeProvider? clock = null) =>
        LicenceFileVerifier.VerifyAsync(file, new LicenceFileVerificationOptions
        {
            Licences = LicenceFiles.Fixture.Verifier,
            CertificateValidator = TestPki.Sm2.Validator,
            MaxInputBytes = maxInputBytes ?? LicenceFileVerificationOptions.DefaultMaxInputBytes,
            MaxOfdEntries = maxEntries ?? 4096,
            MaxOfdExpandedBytes = maxExpanded ?? (256L << 20),
            MaxDuration = TimeSpan.FromSeconds(1),
            TimeProvider = clock ?? new SteppingClock(TimeSpan.FromTicks(1)),
        }).GetAwaiter().GetResult();

    private static void AssertRefused(LicenceFileReport report, string reason)
    {
        Assert.Equal(PdfDocumentVerdict.Indeterminate, report.Verdict);
        Assert.Equal([reason], report.Reasons);
        Assert.Empty(report.Seals);
        Assert.Null(report.Licence.Verification);
        Assert.Equal(Indication.Indeterminate, report.Outcome.Indication);
    }

    [Theory]
    [InlineData(LicenceFileFormat.Ofd)]
    [InlineData(LicenceFileFormat.Pdf)]
    public void A_file_larger_than_the_configured_size_is_refused_and_the_same_file_within_it_is_valid(LicenceFileFormat format)
    {
        var file = File(format);
        AssertRefused(Verify(file, maxInputBytes: file.Length - 1), LimitReasons.InputSize);
        var report = Verify(file, maxInputBytes: file.Length);
        Assert.True(report.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", report.Reasons));
    }

    [Theory]
    [InlineData(LicenceFileFormat.Ofd)]
    [InlineData(LicenceFileFormat.Pdf)]
    public void A_verification_past_its_time_limit_is_indeterminate_naming_the_limit(LicenceFileFormat format) =>
        AssertRefused(Verify(File(format), clock: new SteppingClock(TimeSpan.FromHours(1))), LimitReasons.Time);

    [Fact]
    public void An_ofd_package_with_more_entries_or_expanded_bytes_than_configured_is_refused_before_inflating()
    {
        var file = Ofd.Value;
        using var zip = new ZipArchive(new MemoryStream(file, writable: false), ZipArchiveMode.Read);
        var entries = zip.Entries.Count;
        var expanded = zip.Entries.Sum(e => e.Length);
        AssertRefused(Verify(file, maxEntries: entries - 1), LimitReasons.Objects);
        AssertRefused(Verify(file, maxExpanded: expanded - 1), LimitReasons.TotalDecodedBytes);
        Assert.Equal(PdfDocumentVerdict.Valid, Verify(file, maxEntries: entries, maxExpanded: expanded).Verdict);
    }

    [Theory]
    [InlineData("MaxInputBytes")]
    [InlineData("MaxOfdEntries")]
    [InlineData("MaxOfdExpandedBytes")]
    [InlineData("MaxDuration")]
    public void A_limit_out_of_its_range_is_refused_naming_the_property(string property)
    {
        var options = new LicenceFileVerificationOptions
        {
            Licences = LicenceFiles.Fixture.Verifier,
            CertificateValidator = TestPki.Sm2.Validator,
            MaxInputBytes = property == "MaxInputBytes" ? LicenceFileVerificationOptions.MaxInputBytesCap + 1 : LicenceFileVerificationOptions.DefaultMaxInputBytes,
            MaxOfdEntries = property == "MaxOfdEntries" ? 0 : 4096,
            MaxOfdExpandedBytes = property == "MaxOfdExpandedBytes" ? (256L << 20) + 1 : 256L << 20,
            MaxDuration = property == "MaxDuration" ? TimeSpan.Zero : TimeSpan.FromMinutes(5),
        };
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => LicenceFileVerifier.VerifyAsync(Ofd.Value, options).GetAwaiter().GetResult());
        Assert.Equal(property, ex.ParamName);
    }
}
