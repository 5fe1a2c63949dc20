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

    /// <summary>
    /// Parses a PKCS#11 URI (RFC 7512) such as
    /// <c>pkcs11:token=seals;object=seal-1;id=%0a%01?module-path=/usr/lib/softhsm/libsofthsm2.so&amp;pin-source=/run/secrets/pin</c>.
    /// Path attributes used: <c>token</c>, <c>object</c> (key label), <c>id</c>; query attributes:
    /// <c>module-path</c>, <c>pin-source</c> (a file path or <c>file:</c> URI, RFC 7512 section 2.4) and the
    /// vendor extension <c>x-pin-env</c> (an environment variable name). <c>pin-value</c> is refused:
    /// a PIN does not belong on a command line.
    /// </summary>
    /// <param name="uri">The URI.</param>
    /// <param name="defaultLibraryPath">Module used when the URI has no <c>module-path</c>.</param>
    /// <exception cref="TrustKeyException">Not a PKCS#11 URI, missing token or module, or an attribute Trust does not accept.</exception>
    public static Pkcs11KeyOptions Parse(string uri, string? defaultLibraryPath = null)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.StartsWith("pkcs11:", StringComparison.OrdinalIgnoreCase) || uri.Length > 4096)
        {
            throw new TrustKeyException("A PKCS#11 key reference must be a 'pkcs11:' URI (RFC 7512).");
        }

        var body = uri["pkcs11:".Length..];
        var queryStart = body.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? body : body[..queryStart];
        var query = queryStart < 0 ? string.Empty : body[(queryStart + 1)..];
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        Collect(path, ';', attributes);
        Collect(query, '&', attributes);

        if (attributes.ContainsKey("pin-value"))
        {
            throw new TrustKeyException("pin-value is not accepted in a PKCS#11 URI; use pin-source (a file) or x-pin-env.");
        }

        var pinSource = attributes.GetValueOrDefault("pin-source");
        if (pinSource is not null && pinSource.StartsWith("file:", StringComparison.Ordinal))
        {
            pinSource = Uri.TryCreate(pinSource, UriKind.Absolute, out var fileUri) && fileUri.IsFile
                ? fileUri.LocalPath
                : throw new TrustKeyException("The PKCS#11 URI's pin-source is not a usable file: URI.");
        }

        var library = attributes.GetValueOrDefault("module-path") ?? defaultLibraryPath
            ?? throw new TrustKeyException("The PKCS#11 URI names no module-path and no default module is configured.");
        var token = attributes.GetValueOrDefault("token")
            ?? throw new TrustKeyException("The PKCS#11 URI names no token.");
        var id = attributes.TryGetValue("id", out var rawId) ? Convert.ToHexString(System.Text.Encoding.Latin1.GetBytes(rawId)) : null;
        return new Pkcs11KeyOptions
        {
            LibraryPath = library,
            TokenLabel = token,
            KeyLabel = attributes.GetValueOrDefault("object"),
            KeyId = id,
            PinFile = pinSource,
            PinEnvironmentVariable = attributes.GetValueOrDefault("x-pin-env"),
        };
    }

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

    private static void Collect(string part, char separator, Dictionary<string, string> into)
    {
        foreach (var pair in part.Split(separator, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new TrustKeyException("A PKCS#11 URI attribute lacks 'name=value'.");
            }

            var name = pair[..equals].ToLowerInvariant();
            string value;
            try
            {
                // RFC 7512 section 2.3: values are percent-encoded bytes; the id attribute is binary.
                value = name == "id" ? PercentDecodeLatin1(pair[(equals + 1)..]) : Uri.UnescapeDataString(pair[(equals + 1)..]);
            }
            catch (Exception ex) when (ex is FormatException or OverflowException or ArgumentException)
            {
                throw new TrustKeyException($"The PKCS#11 URI attribute '{name}' is not percent-encoded correctly.", ex);
            }

            if (!into.TryAdd(name, value))
            {
                throw new TrustKeyException($"The PKCS#11 URI repeats the attribute '{name}'.");
            }
        }
    }

    private static string PercentDecodeLatin1(string value)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '%')
            {
                if (i + 2 >= value.Length)
                {
                    throw new FormatException("Truncated percent escape.");
                }

                bytes.Add(Convert.ToByte(value.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.Add(checked((byte)value[i]));
            }
        }

        return System.Text.Encoding.Latin1.GetString(bytes.ToArray());
    }
}
