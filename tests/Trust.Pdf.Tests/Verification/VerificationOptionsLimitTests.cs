using Trust.Core.Results;
using Trust.Pdf.Tests.Support;

namespace Trust.Pdf.Tests.Verification;

/// <summary>
/// <see cref="PdfVerificationOptions"/> as one limits object: the time limit (driven by a clock the test controls, never
/// by the wall clock), range validation of every limit, and copying the limits into per-call options.
/// </summary>
public sealed class VerificationOptionsLimitTests
{
    /// <summary>A clock that moves <paramref name="step"/> forward each time it is read.</summary>
    private sealed class SteppingClock(TimeSpan step) : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref _ticks, step.Ticks);
    }

    private static PdfVerificationReport Verify(byte[] pdf, PdfVerificationOptions options)
    {
        using var ms = new MemoryStream(pdf, writable: false);
        return PdfSealVerifier.Verify(ms, options);
    }

    [Fact]
    public void A_verification_that_runs_past_its_time_limit_stops_indeterminate_naming_the_limit()
    {
        var pdf = Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa);
        var report = Verify(pdf, new PdfVerificationOptions
        {
            CertificateValidator = TestPki.Rsa.Validator,
            MaxDuration = TimeSpan.FromSeconds(1),
            TimeProvider = new SteppingClock(TimeSpan.FromHours(1)),
        });
        Assert.Equal(PdfDocumentVerdict.Indeterminate, report.Verdict);
        Assert.Contains(LimitReasons.Time, report.Reasons);
        Assert.DoesNotContain(report.Seals, s => s.Verdict == PdfDocumentVerdict.Valid);
        Assert.Equal(Core.Results.Indication.Indeterminate, report.Outcome.Indication);

        // The same file with a clock that barely moves is valid.
        var valid = Verify(pdf, new PdfVerificationOptions
        {
            CertificateValidator = TestPki.Rsa.Validator,
            MaxDuration = TimeSpan.FromSeconds(1),
            TimeProvider = new SteppingClock(TimeSpan.FromTicks(1)),
        });
        Assert.Equal(PdfDocumentVerdict.Valid, valid.Verdict);
    }

    public static TheoryData<string, PdfVerificationOptions> OutOfRange => new()
    {
        { nameof(PdfVerificationOptions.MaxInputBytes), new PdfVerificationOptions { MaxInputBytes = 0 } },
        { nameof(PdfVerificationOptions.MaxInputBytes), new PdfVerificationOptions { MaxInputBytes = PdfVerificationOptions.MaxInputBytesCap + 1 } },
        { nameof(PdfVerificationOptions.MaxRevisions), new PdfVerificationOptions { MaxRevisions = -1 } },
        { nameof(PdfVerificationOptions.MaxObjects), new PdfVerificationOptions { MaxObjects = int.MaxValue } },
        { nameof(PdfVerificationOptions.MaxStreamDecodedBytes), new PdfVerificationOptions { MaxStreamDecodedBytes = 0 } },
        { nameof(PdfVerificationOptions.MaxTotalDecodedBytes), new PdfVerificationOptions { MaxTotalDecodedBytes = long.MaxValue } },
        { nameof(PdfVerificationOptions.MaxNestingDepth), new PdfVerificationOptions { MaxNestingDepth = 7 } },
        { nameof(PdfVerificationOptions.MaxDuration), new PdfVerificationOptions { MaxDuration = TimeSpan.Zero } },
        { nameof(PdfVerificationOptions.MaxDuration), new PdfVerificationOptions { MaxDuration = TimeSpan.FromDays(2) } },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void A_limit_out_of_its_range_is_refused_before_any_work_naming_the_property(string property, PdfVerificationOptions options)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Verify(TestPdfs.Simple(), options));
        Assert.Equal(property, ex.ParamName);
    }

    [Fact]
    public void The_defaults_pass_validation_and_limits_are_copied_into_per_call_options()
    {
        new PdfVerificationOptions().Validate();
        var limits = new PdfVerificationOptions { MaxInputBytes = 10, MaxRevisions = 2, MaxObjects = 3, MaxStreamDecodedBytes = 4, MaxTotalDecodedBytes = 5, MaxNestingDepth = 9, MaxDuration = TimeSpan.FromSeconds(7), SkipCertificateValidation = true };
        var validator = TestPki.Rsa.Validator;
        var call = new PdfVerificationOptions { CertificateValidator = validator }.WithLimitsOf(limits);
        Assert.Same(validator, call.CertificateValidator);
        Assert.False(call.SkipCertificateValidation); // only limits are taken
        Assert.Equal((10L, 2, 3, 4L, 5L, 9, TimeSpan.FromSeconds(7)), (call.MaxInputBytes, call.MaxRevisions, call.MaxObjects, call.MaxStreamDecodedBytes, call.MaxTotalDecodedBytes, call.MaxNestingDepth, call.MaxDuration));
        var report = Verify(Sealing.Seal(TestPdfs.Simple(), TestPki.Rsa), call);
        Assert.Equal([LimitReasons.InputSize], report.Reasons);
    }
}
