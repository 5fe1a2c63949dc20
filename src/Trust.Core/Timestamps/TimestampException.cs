namespace Trust.Core.Timestamps;

/// <summary>
/// A time-stamp authority refused a request, could not be reached, or answered with a token that failed the
/// client's checks (imprint, nonce, TSA certificate and chain). <see cref="Reasons"/> holds <c>timestamp.*</c> codes.
/// </summary>
public sealed class TimestampException : TrustException
{
    /// <summary>Creates the exception.</summary>
    public TimestampException(string message, IReadOnlyList<string> reasons, Exception? innerException = null)
        : base(message, innerException)
    {
        Reasons = reasons ?? [];
    }

    /// <summary>The reason codes (<see cref="TimestampReasons"/>).</summary>
    public IReadOnlyList<string> Reasons { get; }
}
