namespace Trust.Core.Licences;

/// <summary>The outcome of verifying a licence. Anything but <see cref="Valid"/> means do not rely on it.</summary>
public enum LicenceVerdict
{
    /// <summary>Authentic, issued by a trusted issuer, well-formed for its type, in its validity window and not revoked or suspended (<c>valid</c>).</summary>
    Valid = 0,

    /// <summary>Malformed, wrong signature, or not matching its type (<c>invalid</c>).</summary>
    Invalid = 1,

    /// <summary>Authentic but revoked (<c>revoked</c>).</summary>
    Revoked = 2,

    /// <summary>Authentic but suspended (<c>suspended</c>).</summary>
    Suspended = 3,

    /// <summary>Authentic but past its validity window (<c>expired</c>).</summary>
    Expired = 4,

    /// <summary>Authentic but its validity window has not begun (<c>not_yet_valid</c>).</summary>
    NotYetValid = 5,

    /// <summary>
    /// Signed correctly, but the signer does not chain to a trust anchor at issue time, or its
    /// current status cannot be determined (<c>untrusted</c>).
    /// </summary>
    Untrusted = 6,
}

/// <summary>The fixed text forms of <see cref="LicenceVerdict"/> (brief section 11).</summary>
public static class LicenceVerdicts
{
    /// <summary><c>valid|invalid|revoked|suspended|expired|not_yet_valid|untrusted</c>.</summary>
    public static string ToText(LicenceVerdict verdict) => Results.VerdictWords.Licence(verdict);
}
