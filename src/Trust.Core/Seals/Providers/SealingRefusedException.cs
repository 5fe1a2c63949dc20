namespace Trust.Core.Seals.Providers;

/// <summary>
/// Two-phase sealing refused to complete: the session is malformed, tampered with or expired, or the returned signature
/// does not fit what was prepared. Nothing was written. <see cref="Reason"/> is one of <see cref="SealingReasons"/>.
/// </summary>
public sealed class SealingRefusedException : TrustException
{
    /// <summary>Creates the exception.</summary>
    public SealingRefusedException(string reason, string message) : base(message) => Reason = reason;

    /// <summary>The reason code, one of <see cref="SealingReasons"/>.</summary>
    public string Reason { get; }
}
