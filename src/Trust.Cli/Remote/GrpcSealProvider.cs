using System.Collections.Concurrent;
using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Trust.Cli.Remote.V1;
using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Seals.Providers;

namespace Trust.Cli.Remote;

/// <summary>
/// An <see cref="ISealProvider"/> whose seal keys live in a remote seal platform (trust.v1.SealPlatformService, issue 16):
/// <see cref="Sign"/> sends only the to-be-signed structure (TBS_Sign or CMS signed attributes, a few KiB, carrying the
/// document's digest), first authorising exactly its digest, then signing it. Every call carries the bearer token and
/// its own deadline. The sealers check the returned signature with the seal certificate before they use it.
/// </summary>
/// <remarks>
/// Refusals and transport failures surface as <see cref="RemoteSealException"/> with a message fit for the user:
/// the platform's reason for a refusal, "did not answer within N s" for a deadline or an unreachable platform.
/// </remarks>
internal sealed class GrpcSealProvider : ISealProvider, IDisposable
{
    /// <summary>The deadline of each call when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    private readonly GrpcChannel _channel;
    private readonly SealPlatformService.SealPlatformServiceClient _client;
    private readonly Metadata _headers;
    private readonly string _description;
    private readonly ConcurrentDictionary<string, (SealRecord Seal, IReadOnlyList<byte[]> Chain)> _seals = new(StringComparer.Ordinal);

    /// <param name="address">The platform's gRPC endpoint (http:// or https://).</param>
    /// <param name="token">Bearer token with the sealer role and the caller's departments.</param>
    /// <param name="timeout">Deadline of each call.</param>
    /// <param name="documentDescription">What is sealed, for the platform's audit (file name; at most 200 characters).</param>
    public GrpcSealProvider(Uri address, string token, TimeSpan timeout, string documentDescription)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeout, TimeSpan.Zero);
        Address = address;
        Timeout = timeout;
        _description = documentDescription.Length > 200 ? documentDescription[..200] : documentDescription;
        _headers = new Metadata { { "authorization", "Bearer " + token } };
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { ConnectTimeout = timeout, EnableMultipleHttp2Connections = false },
            DisposeHttpClient = true,
        });
        _client = new SealPlatformService.SealPlatformServiceClient(_channel);
    }

    /// <summary>The platform's endpoint.</summary>
    public Uri Address { get; }

    /// <summary>The deadline of each call.</summary>
    public TimeSpan Timeout { get; }

    /// <inheritdoc />
    public IReadOnlyList<SealRecord> ListSeals()
    {
        var response = Call(() => _client.ListPlatformSeals(new ListPlatformSealsRequest(), _headers, Deadline()));
        return [.. response.Seals.Select(s => Fetch(s.SealId).Seal)];
    }

    /// <inheritdoc />
    public SealRecord GetSeal(string sealId) => Fetch(sealId).Seal;

    /// <inheritdoc />
    public IReadOnlyList<byte[]> GetCertificateChain(string sealId) => Fetch(sealId).Chain;

    /// <inheritdoc />
    public byte[] Sign(string sealId, SignatureAlgorithm algorithm, ReadOnlySpan<byte> toBeSigned)
    {
        var certificate = Fetch(sealId).Chain[0];
        var digest = PreparedSeal.ComputeDigest(algorithm, toBeSigned, certificate);
        var authorization = Call(() => _client.AuthorizeSigning(new AuthorizeSigningRequest { SealId = sealId, Digests = { ByteString.CopyFrom(digest) } }, _headers, Deadline()));
        var item = new SigningItem { ToBeSigned = ByteString.CopyFrom(toBeSigned), DocumentDescription = _description };
        var response = Call(() => _client.SignDigests(new SignDigestsRequest { AuthorizationId = authorization.AuthorizationId, Items = { item } }, _headers, Deadline()));
        if (response.Signatures.Count != 1)
        {
            throw new RemoteSealException($"seal platform {Address} returned {response.Signatures.Count} signatures for one item");
        }

        return response.Signatures[0].ToByteArray();
    }

    /// <inheritdoc />
    public void Dispose() => _channel.Dispose();

    private (SealRecord Seal, IReadOnlyList<byte[]> Chain) Fetch(string sealId)
    {
        ArgumentNullException.ThrowIfNull(sealId);
        if (_seals.TryGetValue(sealId, out var cached))
        {
            return cached;
        }

        var seal = Call(() => _client.GetPlatformSeal(new GetPlatformSealRequest { SealId = sealId }, _headers, Deadline()));
        if (seal.CertificateChain.Count == 0)
        {
            throw new RemoteSealException($"seal platform {Address} returned seal {sealId} without a certificate chain");
        }

        SesSeal ses;
        try
        {
            ses = SesSeal.Decode(seal.SesSeal.Span);
        }
        catch (Trust.Core.TrustFormatException ex)
        {
            throw new RemoteSealException($"seal platform {Address} returned an unreadable SES_Seal for {sealId}: {ex.Message}");
        }

        var kind = Enum.IsDefined((SealKind)ses.SealInfo.Property.Type) ? (SealKind)ses.SealInfo.Property.Type : SealKind.Official;
        var record = new SealRecord(seal.SealId, seal.Name, seal.Department, kind, ParseAlgorithm(seal), ses);
        IReadOnlyList<byte[]> chain = [.. seal.CertificateChain.Select(c => c.ToByteArray())];
        return _seals[sealId] = (record, chain);
    }

    private SignatureAlgorithm ParseAlgorithm(PlatformSeal seal) =>
        SignatureAlgorithms.TryParse(seal.Algorithm, out var algorithm)
            ? algorithm
            : throw new RemoteSealException($"seal platform {Address} named an unknown algorithm '{seal.Algorithm}' for seal {seal.SealId}");

    private DateTime Deadline() => DateTime.UtcNow + Timeout;

    private T Call<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (RpcException ex)
        {
            throw Map(ex);
        }
        catch (HttpRequestException ex)
        {
            throw new RemoteSealException($"seal platform {Address} is unreachable: {ex.Message}");
        }
    }

    /// <summary>The user-facing error for a failed call.</summary>
    internal RemoteSealException Map(RpcException ex)
    {
        var seconds = Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return ex.StatusCode switch
        {
            StatusCode.DeadlineExceeded or StatusCode.Cancelled =>
                new RemoteSealException($"seal platform {Address} did not answer within {seconds} s"),
            StatusCode.Unavailable =>
                new RemoteSealException($"seal platform {Address} did not answer within {seconds} s (unavailable: {ex.Status.Detail})"),
            StatusCode.PermissionDenied or StatusCode.FailedPrecondition or StatusCode.NotFound =>
                new RemoteSealException($"seal platform {Address} refused: {ex.Status.Detail}"),
            StatusCode.Unauthenticated =>
                new RemoteSealException($"seal platform {Address} refused the token (--token): {ex.Status.Detail}"),
            _ => new RemoteSealException($"seal platform {Address} failed ({ex.StatusCode}): {ex.Status.Detail}"),
        };
    }
}

/// <summary>A remote seal platform refused, failed or did not answer; the message says which, for the user.</summary>
internal sealed class RemoteSealException(string message) : Exception(message);
