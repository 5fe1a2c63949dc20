namespace Trust.Core.Seals.Csc;

/// <summary>Reason codes of <see cref="Providers.SealingRefusedException"/> raised by <see cref="CscSealProvider"/>.</summary>
public static class CscReasons
{
    /// <summary>The remote signing service answered with an error (bad token, SAD refused, hash not authorised).</summary>
    public const string RemoteRefused = "sealing.remote_refused";

    /// <summary>The remote signing service could not be reached, did not answer in time, or failed (HTTP 5xx).</summary>
    public const string RemoteUnavailable = "sealing.remote_unavailable";

    /// <summary>The remote signing service's answer is not what its API defines (not JSON, wrong types, oversized).</summary>
    public const string RemoteMalformed = "sealing.remote_malformed";
}
