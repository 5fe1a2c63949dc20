namespace Trust.Core.Seals.Csc;

/// <summary>How <see cref="CscSealProvider"/> reaches a Cloud Signature Consortium API v2 service and which credential signs for which seal.</summary>
public sealed class CscSealProviderOptions
{
    /// <summary>The service's API base, ending in <c>/csc/v2/</c> (for example <c>https://signer.example/csc/v2/</c>).</summary>
    public required Uri ServiceUri { get; init; }

    /// <summary>The OAuth 2.0 bearer access token sent with every call (scope <c>service</c> / <c>credential</c>).</summary>
    public required string AccessToken { get; init; }

    /// <summary>Seal identifier (of the <see cref="SealRegistry"/>) to CSC credential identifier.</summary>
    public required IReadOnlyDictionary<string, string> Credentials { get; init; }

    /// <summary>The PIN sent to <c>credentials/authorize</c> for credentials in explicit authorisation mode; none when null.</summary>
    public string? Pin { get; init; }

    /// <summary>How long one call may take, connection included; 30 seconds by default.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The largest response body accepted; 1 MiB by default.</summary>
    public int MaxResponseBytes { get; init; } = 1 << 20;
}
