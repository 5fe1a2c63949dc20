namespace Trust.RemoteSealing;

/// <summary>What went wrong with a call to a seal platform.</summary>
public enum SealPlatformFailure
{
    /// <summary>The platform refused (another department's seal, a used or expired authorisation, a revoked seal, no such seal).</summary>
    Refused,

    /// <summary>The platform did not accept the credentials (token or client certificate).</summary>
    Unauthenticated,

    /// <summary>The platform could not be reached or closed the connection (gRPC UNAVAILABLE).</summary>
    Unavailable,

    /// <summary>The platform did not answer within the deadline of the call (gRPC DEADLINE_EXCEEDED).</summary>
    DeadlineExceeded,

    /// <summary>The platform answered with something unusable (no certificate chain, an unreadable SES_Seal, a wrong count of signatures).</summary>
    Malformed,

    /// <summary>Any other failure of the call.</summary>
    Failed,
}

/// <summary>A seal platform refused, failed or did not answer; <see cref="Exception.Message"/> says which, fit for a user.</summary>
public sealed class SealPlatformException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="failure">What went wrong.</param>
    /// <param name="message">The message for the user (names the platform).</param>
    public SealPlatformException(SealPlatformFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    /// <summary>What went wrong.</summary>
    public SealPlatformFailure Failure { get; }
}
