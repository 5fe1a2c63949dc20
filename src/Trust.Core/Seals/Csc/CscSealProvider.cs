using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Seals.Providers;

namespace Trust.Core.Seals.Csc;

/// <summary>
/// A seal provider whose keys live in a remote signing service speaking the Cloud Signature Consortium API v2
/// (<c>credentials/list</c>, <c>credentials/info</c>, <c>credentials/authorize</c>, <c>signatures/signHash</c>) with a bearer
/// token. Seals come from a <see cref="SealRegistry"/>; each seal is mapped to a CSC credential by configuration. The data
/// to be signed is hashed here (SHA-256) and only the hash is sent; every signature is authorised for exactly its hash
/// (one SAD per signature) and is verified with the credential's certificate before it is returned.
/// RSA (sha256WithRSAEncryption, PKCS#1 v1.5) and ECDSA P-256 (ecdsa-with-SHA256; DER or raw r‖s, high s rewritten to low s)
/// keys are supported; SM2 is not part of CSC.
/// </summary>
/// <remarks>
/// Failures raise <see cref="SealingRefusedException"/> with <see cref="CscReasons.RemoteRefused"/> (the service answered
/// with an error, <c>error</c>/<c>error_description</c> quoted), <see cref="CscReasons.RemoteUnavailable"/> (no answer in
/// time, connection failed, HTTP 5xx) or <see cref="CscReasons.RemoteMalformed"/> (the answer is not the JSON the API
/// defines), or the signature reasons of <see cref="SealingReasons"/> when the returned signature does not verify.
/// </remarks>
public sealed class CscSealProvider : ISealProvider, IDisposable
{
    /// <summary>id-sha256 (RFC 5754).</summary>
    public const string Sha256Oid = "2.16.840.1.101.3.4.2.1";

    /// <summary>sha256WithRSAEncryption (RFC 4055).</summary>
    public const string RsaSha256Oid = "1.2.840.113549.1.1.11";

    /// <summary>ecdsa-with-SHA256 (RFC 5758).</summary>
    public const string EcdsaSha256Oid = "1.2.840.10045.4.3.2";

    private const int MaxCertificates = 10;

    private readonly SealRegistry _registry;
    private readonly CscSealProviderOptions _options;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, IReadOnlyList<byte[]>> _chains = new(StringComparer.Ordinal);

    /// <summary>Creates a provider.</summary>
    /// <param name="registry">The seals.</param>
    /// <param name="options">The service, token and seal → credential map.</param>
    /// <param name="handler">The HTTP handler (TLS settings, client certificate); a default one when null. Not disposed by the provider.</param>
    /// <exception cref="ArgumentException">The service URI is not absolute HTTP(S), the token is empty, or the timeout is not positive.</exception>
    public CscSealProvider(SealRegistry registry, CscSealProviderOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(options.ServiceUri);
        ArgumentNullException.ThrowIfNull(options.Credentials);
        if (!options.ServiceUri.IsAbsoluteUri || options.ServiceUri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The CSC service URI must be absolute http or https, not {options.ServiceUri}.", nameof(options));
        }

        if (string.IsNullOrWhiteSpace(options.AccessToken))
        {
            throw new ArgumentException("The CSC access token is empty.", nameof(options));
        }

        if (options.Timeout <= TimeSpan.Zero || options.MaxResponseBytes < 1024)
        {
            throw new ArgumentException("The CSC timeout must be positive and the response limit at least 1024 bytes.", nameof(options));
        }

        _registry = registry;
        _options = options;
        _http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        _http.Timeout = System.Threading.Timeout.InfiniteTimeSpan;
    }

    /// <summary>The credential identifiers the service lists for this token (<c>credentials/list</c>).</summary>
    /// <exception cref="SealingRefusedException">The service refused, did not answer in time, or answered malformed JSON.</exception>
    public IReadOnlyList<string> ListCredentials()
    {
        using var doc = Call("credentials/list", w => w.WriteNumber("maxResults", 100));
        var ids = Array(doc.RootElement, "credentialIDs", 10_000, "credentials/list");
        return ids.Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : throw Malformed("credentials/list", "credentialIDs holds a non-string")).ToArray();
    }

    /// <inheritdoc />
    public IReadOnlyList<SealRecord> ListSeals() => _registry.List().Where(s => _options.Credentials.ContainsKey(s.Id)).ToArray();

    /// <inheritdoc />
    public SealRecord GetSeal(string sealId)
    {
        ArgumentNullException.ThrowIfNull(sealId);
        _ = CredentialOf(sealId);
        return _registry.GetUsable(sealId);
    }

    /// <summary>The credential's certificate chain from <c>credentials/info</c> (asked once, then cached).</summary>
    /// <exception cref="KeyNotFoundException">No credential is configured for the seal.</exception>
    /// <exception cref="SealingRefusedException">The service refused, did not answer in time, or answered malformed JSON.</exception>
    public IReadOnlyList<byte[]> GetCertificateChain(string sealId)
    {
        ArgumentNullException.ThrowIfNull(sealId);
        var credential = CredentialOf(sealId);
        if (_chains.TryGetValue(credential, out var cached))
        {
            return cached;
        }

        using var doc = Call("credentials/info", w =>
        {
            w.WriteString("credentialID", credential);
            w.WriteString("certificates", "chain");
            w.WriteBoolean("certInfo", false);
        });
        var cert = Object(doc.RootElement, "cert", "credentials/info");
        var list = Array(cert, "certificates", MaxCertificates, "credentials/info");
        if (list.Count == 0)
        {
            throw Malformed("credentials/info", "cert.certificates is empty");
        }

        var chain = new byte[list.Count][];
        for (var i = 0; i < list.Count; i++)
        {
            chain[i] = Base64(list[i], "credentials/info", $"cert.certificates[{i}]");
        }

        try
        {
            _ = PublicKeyPem.FromCertificate(chain[0]);
        }
        catch (TrustException ex)
        {
            throw Malformed("credentials/info", "cert.certificates[0] is not a usable certificate: " + ex.Message);
        }

        _chains[credential] = chain;
        return chain;
    }

    /// <inheritdoc />
    /// <exception cref="SealingRefusedException">
    /// The service refused (<see cref="CscReasons.RemoteRefused"/>), was unavailable or slow (<see cref="CscReasons.RemoteUnavailable"/>),
    /// answered malformed JSON (<see cref="CscReasons.RemoteMalformed"/>), or the signature does not verify (<see cref="SealingReasons"/>).
    /// </exception>
    public byte[] Sign(string sealId, SignatureAlgorithm algorithm, ReadOnlySpan<byte> toBeSigned)
    {
        ArgumentNullException.ThrowIfNull(sealId);
        _ = GetSeal(sealId);
        var signAlgo = algorithm switch
        {
            SignatureAlgorithm.RsaPkcs1Sha256 => RsaSha256Oid,
            SignatureAlgorithm.EcdsaP256Sha256 => EcdsaSha256Oid,
            _ => throw new TrustKeyException($"{SignatureAlgorithms.DisplayName(algorithm)} cannot be signed through a CSC service; use RSA PKCS#1 v1.5 or ECDSA P-256 with SHA-256."),
        };
        var credential = CredentialOf(sealId);
        var certificate = GetCertificateChain(sealId)[0];
        if (PublicKeyPem.FromCertificate(certificate).KeyAlgorithm != SignatureAlgorithms.KeyAlgorithmOf(algorithm))
        {
            throw new TrustKeyException($"The certificate of credential {credential} does not hold a key for {SignatureAlgorithms.DisplayName(algorithm)}.");
        }

        var hash = Convert.ToBase64String(Digest.Hash(DigestAlgorithm.Sha256, toBeSigned));
        string sad;
        using (var doc = Call("credentials/authorize", w =>
        {
            w.WriteString("credentialID", credential);
            w.WriteNumber("numSignatures", 1);
            w.WriteStartArray("hashes");
            w.WriteStringValue(hash);
            w.WriteEndArray();
            w.WriteString("hashAlgorithmOID", Sha256Oid);
            if (_options.Pin is { } pin)
            {
                w.WriteString("PIN", pin);
            }
        }))
        {
            sad = String(doc.RootElement, "SAD", "credentials/authorize");
        }

        byte[] value;
        using (var doc = Call("signatures/signHash", w =>
        {
            w.WriteString("credentialID", credential);
            w.WriteString("SAD", sad);
            w.WriteStartArray("hashes");
            w.WriteStringValue(hash);
            w.WriteEndArray();
            w.WriteString("hashAlgorithmOID", Sha256Oid);
            w.WriteString("signAlgo", signAlgo);
        }))
        {
            var signatures = Array(doc.RootElement, "signatures", 1, "signatures/signHash");
            value = signatures.Count == 1
                ? Base64(signatures[0], "signatures/signHash", "signatures[0]")
                : throw Malformed("signatures/signHash", "signatures holds no value");
        }

        if (algorithm == SignatureAlgorithm.EcdsaP256Sha256)
        {
            // (r, s) and (r, n - s) are both valid; Trust writes and accepts the low-s form only, which many HSMs do not produce.
            if (value.Length == EcSignatureEncoding.RawLength)
            {
                Crypto.Ecdsa.EcdsaLowS.NormaliseRaw(value);
            }
            else
            {
                value = Crypto.Ecdsa.EcdsaLowS.NormaliseDer(value);
            }
        }

        return SignatureValues.Check(certificate, algorithm, toBeSigned, value);
    }

    /// <summary>Disposes the HTTP client.</summary>
    public void Dispose() => _http.Dispose();

    private string CredentialOf(string sealId) =>
        _options.Credentials.TryGetValue(sealId, out var credential)
            ? credential
            : throw new KeyNotFoundException($"No CSC credential is configured for seal {sealId}.");

    private JsonDocument Call(string method, Action<Utf8JsonWriter> body)
    {
        var payload = new MemoryStream();
        using (var writer = new Utf8JsonWriter(payload))
        {
            writer.WriteStartObject();
            body(writer);
            writer.WriteEndObject();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_options.ServiceUri, method));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.AccessToken);
        request.Content = new ByteArrayContent(payload.ToArray());
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var timeout = new CancellationTokenSource(_options.Timeout);
        byte[] bytes;
        HttpStatusCode status;
        try
        {
            using var response = _http.Send(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = response.StatusCode;
            if (response.Content.Headers.ContentLength > _options.MaxResponseBytes)
            {
                throw Malformed(method, $"the answer is {response.Content.Headers.ContentLength} bytes, more than {_options.MaxResponseBytes}");
            }

            using var stream = response.Content.ReadAsStream(timeout.Token);
            bytes = ReadLimited(stream, method, timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new SealingRefusedException(CscReasons.RemoteUnavailable, $"The CSC service did not answer {method} within {_options.Timeout.TotalSeconds:0.###} s.");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new SealingRefusedException(CscReasons.RemoteUnavailable, $"The CSC service could not be reached for {method}: {ex.Message}");
        }

        if ((int)status >= 500)
        {
            throw new SealingRefusedException(CscReasons.RemoteUnavailable, $"The CSC service failed on {method} with HTTP {(int)status}{ErrorText(bytes)}.");
        }

        if (status != HttpStatusCode.OK)
        {
            throw new SealingRefusedException(CscReasons.RemoteRefused, $"The CSC service refused {method} with HTTP {(int)status}{ErrorText(bytes)}.");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            throw Malformed(method, $"the answer is not JSON ({ex.Message})");
        }

        if (doc.RootElement.ValueKind != JsonValueKind.Object)
        {
            doc.Dispose();
            throw Malformed(method, "the answer is not a JSON object");
        }

        return doc;
    }

    private byte[] ReadLimited(Stream stream, string method, CancellationToken token)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = stream.ReadAsync(chunk, token).AsTask().GetAwaiter().GetResult()) > 0)
        {
            if (buffer.Length + read > _options.MaxResponseBytes)
            {
                throw Malformed(method, $"the answer is longer than {_options.MaxResponseBytes} bytes");
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>" (error: text)" from a CSC error body (<c>error</c>, <c>error_description</c>), cut short and stripped of control characters.</summary>
    private static string ErrorText(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 4 });
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String)
            {
                var text = error.GetString()!;
                if (doc.RootElement.TryGetProperty("error_description", out var description) && description.ValueKind == JsonValueKind.String)
                {
                    text += ": " + description.GetString();
                }

                return " (" + Clean(text) + ")";
            }
        }
        catch (JsonException)
        {
        }

        return "";
    }

    private static string Clean(string text)
    {
        var sb = new StringBuilder(Math.Min(text.Length, 200));
        foreach (var c in text.Take(200))
        {
            sb.Append(char.IsControl(c) ? '?' : c);
        }

        return sb.ToString();
    }

    private static SealingRefusedException Malformed(string method, string what) =>
        new(CscReasons.RemoteMalformed, $"The CSC service's answer to {method} is malformed: {what}.");

    private static JsonElement Object(JsonElement parent, string name, string method) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object
            ? value
            : throw Malformed(method, $"'{name}' is missing or not an object");

    private static string String(JsonElement parent, string name, string method) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= 4096 } text
            ? text
            : throw Malformed(method, $"'{name}' is missing, empty, too long or not a string");

    private static List<JsonElement> Array(JsonElement parent, string name, int max, string method)
    {
        if (!parent.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.Array)
        {
            throw Malformed(method, $"'{name}' is missing or not an array");
        }

        var length = value.GetArrayLength();
        return length <= max ? value.EnumerateArray().ToList() : throw Malformed(method, $"'{name}' holds {length} items, more than {max}");
    }

    private static byte[] Base64(JsonElement value, string method, string name)
    {
        if (value.ValueKind == JsonValueKind.String && value.TryGetBytesFromBase64(out var bytes) && bytes.Length > 0)
        {
            return bytes;
        }

        throw Malformed(method, $"{name} is not a non-empty base64 string");
    }
}
