namespace Trust.Core.Keys.Pkcs11;

/// <summary>
/// Where a PKCS#11 private key lives: the module (shared library), the token label, and the
/// key's label and/or id; and where its user PIN comes from.
/// </summary>
public sealed class Pkcs11KeyOptions
{
    /// <summary>Path of the PKCS#11 module, for example <c>/usr/lib/softhsm/libsofthsm2.so</c>.</summary>
    public required string LibraryPath { get; init; }

    /// <summary>The token's label (CK_TOKEN_INFO.label, trailing blanks ignored).</summary>
    public required string TokenLabel { get; init; }

    /// <summary>The private key's CKA_LABEL; at least one of <see cref="KeyLabel"/> and <see cref="KeyId"/> is needed.</summary>
    public string? KeyLabel { get; init; }

    /// <summary>The private key's CKA_ID as hexadecimal, for example <c>01a2</c>.</summary>
    public string? KeyId { get; init; }

    /// <summary>Name of the environment variable holding the user PIN.</summary>
    public string? PinEnvironmentVariable { get; init; }

    /// <summary>Path of a file whose first line is the user PIN.</summary>
    public string? PinFile { get; init; }

    /// <summary>Reads the PIN from <see cref="PinEnvironmentVariable"/> or, if that is not given, <see cref="PinFile"/>.</summary>
    /// <exception cref="TrustKeyException">Neither source is configured, or the source is empty or missing.</exception>
    internal string ReadPin()
    {
        if (!string.IsNullOrEmpty(PinEnvironmentVariable))
        {
            return KeyPassphrase.FromEnvironment(PinEnvironmentVariable, "PIN");
        }

        if (!string.IsNullOrEmpty(PinFile))
        {
            return KeyPassphrase.FromFile(PinFile, "PIN");
        }

        throw new TrustKeyException("No PKCS#11 PIN source: set PinEnvironmentVariable or PinFile.");
    }

    /// <summary>Describes the key for messages, without secrets.</summary>
    internal string Describe() =>
        KeyLabel is null ? $"id {KeyId}" : KeyId is null ? $"'{KeyLabel}'" : $"'{KeyLabel}' (id {KeyId})";
}
