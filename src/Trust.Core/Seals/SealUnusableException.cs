namespace Trust.Core.Seals;

/// <summary>
/// A seal cannot be used to sign: it is revoked, outside its validity window, or the signer is not
/// listed in it. <see cref="Reason"/> carries the same code a verifier would report.
/// </summary>
public sealed class SealUnusableException : TrustException
{
    /// <summary>Creates the exception.</summary>
    public SealUnusableException(string reason, string message) : base(message) => Reason = reason;

    /// <summary>The reason code, one of <see cref="SealReasons"/>.</summary>
    public string Reason { get; }
}
