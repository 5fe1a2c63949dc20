namespace Trust.Core.Results;

/// <summary>
/// The reason codes of a resource limit of a verifier's options (<c>limit.*</c>, all indeterminate in
/// <see cref="ReasonCatalog"/>): the input is of the format but exceeds what this verifier was configured to accept,
/// so the verifier could not decide. Input that is not the format at all (above the format's own maximum) is a format
/// error instead.
/// </summary>
public static class LimitReasons
{
    /// <summary>The input is larger than the configured maximum.</summary>
    public const string InputSize = "limit.input_size";

    /// <summary>The input nests arrays, maps, tags or constructed values deeper than the configured maximum.</summary>
    public const string NestingDepth = "limit.nesting_depth";

    /// <summary>The input carries more certificates than the configured maximum (an x5chain, a seal's certificate list).</summary>
    public const string Certificates = "limit.certificates";

    /// <summary>A status list has more entries than the configured maximum.</summary>
    public const string Entries = "limit.entries";

    /// <summary>A document has more objects (PDF cross-reference entries, OFD package entries) than the configured maximum.</summary>
    public const string Objects = "limit.objects";

    /// <summary>A document's compressed parts decode to more bytes in total than the configured maximum.</summary>
    public const string TotalDecodedBytes = "limit.total_decoded_bytes";

    /// <summary>A seal picture is larger than the configured maximum.</summary>
    public const string PictureSize = "limit.picture_size";

    /// <summary>The verification took longer than the configured maximum.</summary>
    public const string Time = "limit.time";

    /// <summary>
    /// The catalogued reason that stands for a refused verdict: <c>check.indeterminate</c> when every reason is a limit
    /// (the verifier did not decide), else <c>check.failed</c>.
    /// </summary>
    internal static string RefusalFloor(IReadOnlyCollection<string> reasons) =>
        reasons.Count > 0 && reasons.All(r => r.StartsWith("limit.", StringComparison.Ordinal)) ? "check.indeterminate" : "check.failed";

    /// <summary>Throws when <paramref name="value"/> lies outside <paramref name="min"/>..<paramref name="max"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Out of range; names <paramref name="name"/>.</exception>
    internal static void CheckRange(long value, long min, long max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
        }
    }

    /// <summary>Throws when <paramref name="value"/> lies outside <paramref name="min"/>..<paramref name="max"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Out of range; names <paramref name="name"/>.</exception>
    internal static void CheckRange(TimeSpan value, TimeSpan min, TimeSpan max, string name)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");
        }
    }
}
