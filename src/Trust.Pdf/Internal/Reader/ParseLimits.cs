using Trust.Core;

namespace Trust.Pdf.Internal.Reader;

/// <summary>
/// The resource limits of one verification (from <see cref="PdfVerificationOptions"/>) and the work
/// spent against them. Every PdfPig document opened while a scope is active decodes its streams
/// through <see cref="LimitingFilterProvider"/> and parses with the nesting limit. The first limit
/// hit is remembered (<see cref="Hit"/>): PdfPig's lenient parser may swallow the exception, the
/// verifier still reports the limit.
/// </summary>
internal sealed class ParseLimits
{
    private static readonly AsyncLocal<ParseLimits?> Ambient = new();
    private readonly TimeProvider _time;
    private readonly long _started;
    private long _decodedTotal;
    private long _objectsRead;

    public ParseLimits(PdfVerificationOptions options)
    {
        MaxInputBytes = Math.Max(0, options.MaxInputBytes);
        MaxRevisions = Math.Max(1, options.MaxRevisions);
        MaxObjects = Math.Max(1, options.MaxObjects);
        MaxStreamDecodedBytes = Math.Max(0, options.MaxStreamDecodedBytes);
        MaxTotalDecodedBytes = Math.Max(0, options.MaxTotalDecodedBytes);
        MaxNestingDepth = Math.Clamp(options.MaxNestingDepth, 8, 1000);
        MaxDuration = options.MaxDuration > TimeSpan.Zero ? options.MaxDuration : TimeSpan.FromMinutes(30);
        _time = options.TimeProvider ?? TimeProvider.System;
        _started = _time.GetTimestamp();
    }

    /// <summary>The limits of the active verification, or fresh default limits (for example while sealing).</summary>
    public static ParseLimits Current => Ambient.Value ?? new ParseLimits(new PdfVerificationOptions());

    public long MaxInputBytes { get; }

    public int MaxRevisions { get; }

    public int MaxObjects { get; }

    public long MaxStreamDecodedBytes { get; }

    public long MaxTotalDecodedBytes { get; }

    public int MaxNestingDepth { get; }

    public TimeSpan MaxDuration { get; }

    /// <summary>Bytes decoded so far.</summary>
    public long DecodedTotal => _decodedTotal;

    /// <summary>The reason of the first limit hit (for example <c>limit.stream_decoded_bytes</c>), or null.</summary>
    public string? Hit { get; private set; }

    /// <summary>Makes these limits the ambient ones until the returned scope is disposed.</summary>
    public IDisposable Enter()
    {
        var previous = Ambient.Value;
        Ambient.Value = this;
        return new Scope(() => Ambient.Value = previous);
    }

    /// <summary>Records the limit and throws <see cref="PdfLimitException"/>.</summary>
    public PdfLimitException Fail(string reason, string message)
    {
        Hit ??= reason;
        return new PdfLimitException(reason, message);
    }

    /// <summary>Throws when a limit was already hit: once refused, no more work is done.</summary>
    public void ThrowIfHit()
    {
        if (Hit is { } hit)
        {
            throw new PdfLimitException(hit, "A resource limit was already reached.");
        }
    }

    /// <summary>
    /// Cross-reference entries all opened revisions may list together: 32 × <see cref="MaxObjects"/>.
    /// Each revision is opened with its whole chain of sections, so many revisions that each re-list
    /// many objects would otherwise cost revisions² × objects.
    /// </summary>
    public long MaxTotalObjectsRead => MaxObjects * 32L;

    /// <summary>Counts the entries of one opened revision against <see cref="MaxTotalObjectsRead"/>.</summary>
    public void AddObjectsRead(long count)
    {
        CheckTime();
        _objectsRead += count;
        if (_objectsRead > MaxTotalObjectsRead)
        {
            throw Fail("limit.objects", $"The revisions list more than {MaxTotalObjectsRead} objects in total.");
        }
    }

    /// <summary>Throws <see cref="PdfLimitException"/> (<c>limit.time</c>) once the verification has run longer than <see cref="MaxDuration"/>.</summary>
    public void CheckTime()
    {
        if (_time.GetElapsedTime(_started) > MaxDuration)
        {
            throw Fail("limit.time", $"The verification took longer than {MaxDuration}.");
        }
    }

    /// <summary>Counts decoded bytes against the total budget.</summary>
    public void AddDecoded(long bytes)
    {
        CheckTime();
        _decodedTotal += bytes;
        if (_decodedTotal > MaxTotalDecodedBytes)
        {
            throw Fail("limit.total_decoded_bytes", $"The streams decode to more than {MaxTotalDecodedBytes} bytes in total.");
        }
    }

    /// <summary>The bytes one more stream may still decode to.</summary>
    public long StreamAllowance => Math.Min(MaxStreamDecodedBytes, Math.Max(0, MaxTotalDecodedBytes - _decodedTotal));

    private sealed class Scope(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}

/// <summary>A resource limit of <see cref="PdfVerificationOptions"/> was reached; <see cref="Reason"/> names it.</summary>
internal sealed class PdfLimitException(string reason, string message) : TrustFormatException(reason, message)
{
    /// <summary>The reason code, for example <c>limit.revisions</c>.</summary>
    public string Reason { get; } = reason;
}
