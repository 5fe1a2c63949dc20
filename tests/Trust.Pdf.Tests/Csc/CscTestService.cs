using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Trust.Pdf.Tests.Csc;

/// <summary>
/// A small Cloud Signature Consortium API v2 service on 127.0.0.1 (Kestrel, random port): credentials/list, credentials/info,
/// credentials/authorize (SAD bound to the hashes, single use) and signatures/signHash, with RSA and ECDSA P-256 keys.
/// Knobs make it misbehave: tamper with signatures, hang, or answer a raw body.
/// </summary>
internal sealed class CscTestService : IAsyncDisposable
{
    public const string Token = "test-token-7f3a";

    private readonly WebApplication _app;
    private readonly Dictionary<string, Credential> _credentials;
    private readonly ConcurrentDictionary<string, Grant> _grants = new(StringComparer.Ordinal);

    private CscTestService(WebApplication app, Dictionary<string, Credential> credentials)
    {
        _app = app;
        _credentials = credentials;
    }

    public Uri BaseUri { get; private set; } = null!;

    /// <summary>Flip a bit of every returned signature.</summary>
    public bool TamperSignatures { get; set; }

    /// <summary>Wait this long before answering (a hanging service).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When set and it returns a body for a method, that body is answered with HTTP 200 instead.</summary>
    public Func<string, string?>? RawAnswer { get; set; }

    /// <summary>Every request: method and body size.</summary>
    public ConcurrentQueue<(string Method, int Bytes)> Requests { get; } = new();

    public static async Task<CscTestService> StartAsync(IReadOnlyDictionary<string, (AsymmetricAlgorithm Key, IReadOnlyList<byte[]> Chain)> credentials)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var service = new CscTestService(app, credentials.ToDictionary(c => c.Key, c => new Credential(c.Value.Key, c.Value.Chain), StringComparer.Ordinal));
        app.MapPost("/csc/v2/{**method}", service.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        service.BaseUri = new Uri(address.TrimEnd('/') + "/csc/v2/");
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, string method)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        Requests.Enqueue((method, (int)buffer.Length));
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        if (context.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await Answer(context, 401, new JsonObject { ["error"] = "invalid_token", ["error_description"] = "The access token is not valid" });
            return;
        }

        if (RawAnswer?.Invoke(method) is { } raw)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(raw, context.RequestAborted);
            return;
        }

        JsonObject body;
        try
        {
            body = JsonNode.Parse(buffer.ToArray()) as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            await Error(context, "invalid_request", "The request is not a JSON object");
            return;
        }

        switch (method)
        {
            case "credentials/list":
                await Answer(context, 200, new JsonObject { ["credentialIDs"] = new JsonArray(_credentials.Keys.Select(k => (JsonNode)k).ToArray()) });
                return;
            case "credentials/info":
                {
                    if (!TryCredential(body, out var id, out var credential))
                    {
                        await Error(context, "invalid_request", "Invalid parameter credentialID");
                        return;
                    }

                    var algo = credential.Key is RSA ? "1.2.840.113549.1.1.1" : "1.2.840.10045.2.1";
                    await Answer(context, 200, new JsonObject
                    {
                        ["key"] = new JsonObject { ["status"] = "enabled", ["algo"] = new JsonArray(algo), ["len"] = credential.Key.KeySize },
                        ["cert"] = new JsonObject
                        {
                            ["status"] = "valid",
                            ["certificates"] = new JsonArray(credential.Chain.Select(c => (JsonNode)Convert.ToBase64String(c)).ToArray()),
                        },
                        ["authMode"] = "explicit",
                        ["SCAL"] = "2",
                        ["multisign"] = 1,
                    });
                    _ = id;
                    return;
                }

            case "credentials/authorize":
                {
                    if (!TryCredential(body, out var id, out _)
                        || body["numSignatures"]?.GetValueKind() != JsonValueKind.Number
                        || body["hashes"] is not JsonArray hashes
                        || hashes.Count != body["numSignatures"]!.GetValue<int>()
                        || body["hashAlgorithmOID"]?.ToString() != "2.16.840.1.101.3.4.2.1")
                    {
                        await Error(context, "invalid_request", "Invalid authorisation request (credentialID, numSignatures, hashes, hashAlgorithmOID)");
                        return;
                    }

                    var sad = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
                    _grants[sad] = new Grant(id, hashes.Select(h => h!.ToString()).ToHashSet(StringComparer.Ordinal));
                    await Answer(context, 200, new JsonObject { ["SAD"] = sad, ["expiresIn"] = 60 });
                    return;
                }

            case "signatures/signHash":
                {
                    if (!TryCredential(body, out var id, out var credential) || body["hashes"] is not JsonArray hashes || body["SAD"] is null)
                    {
                        await Error(context, "invalid_request", "Invalid signHash request");
                        return;
                    }

                    if (!_grants.TryRemove(body["SAD"]!.ToString(), out var grant) || grant.Credential != id)
                    {
                        await Error(context, "invalid_request", "Invalid SAD (unknown, already used, or for another credential)");
                        return;
                    }

                    var signatures = new JsonArray();
                    foreach (var hash in hashes.Select(h => h!.ToString()))
                    {
                        if (!grant.Hashes.Contains(hash))
                        {
                            await Error(context, "invalid_request", "Hash is not authorised by the SAD");
                            return;
                        }

                        var digest = Convert.FromBase64String(hash);
                        var value = credential.Key switch
                        {
                            RSA rsa when body["signAlgo"]?.ToString() == "1.2.840.113549.1.1.11" => rsa.SignHash(digest, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
                            ECDsa ec when body["signAlgo"]?.ToString() == "1.2.840.10045.4.3.2" => ec.SignHash(digest, DSASignatureFormat.Rfc3279DerSequence),
                            _ => null,
                        };
                        if (value is null)
                        {
                            await Error(context, "invalid_request", "signAlgo does not fit the key");
                            return;
                        }

                        if (TamperSignatures)
                        {
                            value[value.Length / 2] ^= 0x10;
                        }

                        signatures.Add((JsonNode)Convert.ToBase64String(value));
                    }

                    await Answer(context, 200, new JsonObject { ["signatures"] = signatures });
                    return;
                }

            default:
                await Error(context, "invalid_request", "Unknown method");
                return;
        }
    }

    private bool TryCredential(JsonObject body, out string id, out Credential credential)
    {
        id = body["credentialID"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.ToString() : "";
        return _credentials.TryGetValue(id, out credential!);
    }

    private static Task Error(HttpContext context, string error, string description) =>
        Answer(context, 400, new JsonObject { ["error"] = error, ["error_description"] = description });

    private static async Task Answer(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private sealed record Credential(AsymmetricAlgorithm Key, IReadOnlyList<byte[]> Chain);

    private sealed record Grant(string Credential, HashSet<string> Hashes);
}
