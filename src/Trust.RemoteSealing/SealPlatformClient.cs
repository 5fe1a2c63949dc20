using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Seals.Providers;
using Trust.RemoteSealing.V1;

namespace Trust.RemoteSealing;

/// <summary>
/// A connection to a seal platform (trust.v1.SealPlatformService): fetches seals and their certificate chains (cached)
/// and signs to-be-signed structures (TBS_Sign or CMS signed attributes, a few KiB carrying the document's digest,
/// never the document), each time first authorising exactly their digests. One instance per platform; thread-safe.
/// <see cref="ForDocument"/> gives the <see cref="ISealProvider"/> the sealers use.
/// </summary>
/// <remarks>
/// Every call carries the credentials and its own deadline (<see cref="SealPlatformClientOptions.Timeout"/>). Refusals
/// and transport failures are <see cref="SealPlatformException"/>s whose message names the platform and says what
/// happened: the platform's reason for a refusal, "did not answer within N s" for a deadline or an unreachable platform.
/// </remarks>
public sealed class SealPlatformClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly SealPlatformService.SealPlatformServiceClient _client;
    private readonly Metadata _headers;
    private readonly ConcurrentDictionary<string, (SealRecord Seal, IReadOnlyList<byte[]> Chain)> _seals = new(StringComparer.Ordinal);

    /// <summary>Connects lazily (the first call opens the connection).</summary>
    /// <exception cref="ArgumentException">The options are not valid (see <see cref="SealPlatformClientOptions.Validate"/>).</exception>
    public SealPlatformClient(SealPlatformClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Address = options.Address;
        Timeout = options.Timeout;
        _headers = [];
        if (!string.IsNullOrWhiteSpace(options.Token))
        {
            _headers.Add("authorization", "Bearer " + options.Token);
        }

        var handler = new SocketsHttpHandler { ConnectTimeout = options.Timeout, EnableMultipleHttp2Connections = false };
        if (options.ClientCertificate is { } certificate)
        {
            handler.SslOptions.ClientCertificates = [certificate];
            handler.SslOptions.LocalCertificateSelectionCallback = (_, _, _, _, _) => certificate;
        }

        if (options.TrustedRoots is { Count: > 0 } roots)
        {
            var anchors = roots.ToArray();
            handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, chain, errors) => TrustedByRoots(presented, chain, errors, anchors);
        }

        _channel = GrpcChannel.ForAddress(options.Address, new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = true });
        _client = new SealPlatformService.SealPlatformServiceClient(_channel);
    }

    /// <summary>The platform's endpoint.</summary>
    public Uri Address { get; }

    /// <summary>The deadline of each call.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The provider the sealers use, recording <paramref name="documentDescription"/> in the platform's audit (cut to 200 characters).</summary>
    public GrpcSealProvider ForDocument(string documentDescription) => new(this, documentDescription);

    /// <summary>The identifiers of the seals this caller may use.</summary>
    /// <exception cref="SealPlatformException">The platform refused or did not answer.</exception>
    public IReadOnlyList<string> ListSealIds() =>
        [.. Call(() => _client.ListPlatformSeals(new ListPlatformSealsRequest(), _headers, Deadline())).Seals.Select(s => s.SealId)];

    /// <summary>A seal (SES_Seal and picture), fetched once and then cached.</summary>
    /// <exception cref="SealPlatformException">The platform refused, did not answer, or answered with an unusable seal.</exception>
    public SealRecord GetSeal(string sealId) => Fetch(sealId).Seal;

    /// <summary>The seal's signer certificate chain (signer first, DER), fetched once and then cached.</summary>
    /// <exception cref="SealPlatformException">The platform refused, did not answer, or answered with an unusable seal.</exception>
    public IReadOnlyList<byte[]> GetCertificateChain(string sealId) => Fetch(sealId).Chain;

    /// <summary>
    /// Signs a batch with one authorisation for all its digests (one AuthorizeSigning and one SignDigests call). The values
    /// are returned as the platform sent them: check each (the sealers do) before use.
    /// </summary>
    /// <param name="sealId">The seal.</param>
    /// <param name="algorithm">The seal's algorithm (<see cref="SealRecord.Algorithm"/>).</param>
    /// <param name="items">The to-be-signed structures and a description of each document (1 to the platform's batch limit, 1000 by default).</param>
    /// <exception cref="SealPlatformException">The platform refused, did not answer, or returned another count of signatures.</exception>
    public IReadOnlyList<byte[]> SignBatch(string sealId, SignatureAlgorithm algorithm, IReadOnlyList<SealSigningItem> items)
    {
        ArgumentNullException.ThrowIfNull(sealId);
        ArgumentNullException.ThrowIfNull(items);
        var certificate = Fetch(sealId).Chain[0];
        var authorize = new AuthorizeSigningRequest { SealId = sealId };
        var sign = new SignDigestsRequest();
        foreach (var item in items)
        {
            authorize.Digests.Add(ByteString.CopyFrom(PreparedSeal.ComputeDigest(algorithm, item.ToBeSigned.Span, certificate)));
            var description = item.DocumentDescription.Length > 200 ? item.DocumentDescription[..200] : item.DocumentDescription;
            sign.Items.Add(new SigningItem { ToBeSigned = ByteString.CopyFrom(item.ToBeSigned.Span), DocumentDescription = description });
        }

        var authorization = Call(() => _client.AuthorizeSigning(authorize, _headers, Deadline()));
        sign.AuthorizationId = authorization.AuthorizationId;
        var response = Call(() => _client.SignDigests(sign, _headers, Deadline()));
        if (response.Signatures.Count != items.Count)
        {
            throw new SealPlatformException(SealPlatformFailure.Malformed, $"seal platform {Address} returned {response.Signatures.Count} signatures for {items.Count} items");
        }

        return [.. response.Signatures.Select(s => s.ToByteArray())];
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
            throw new SealPlatformException(SealPlatformFailure.Malformed, $"seal platform {Address} returned seal {sealId} without a certificate chain");
        }

        SesSeal ses;
        try
        {
            ses = SesSeal.Decode(seal.SesSeal.Span);
        }
        catch (Trust.Core.TrustFormatException ex)
        {
            throw new SealPlatformException(SealPlatformFailure.Malformed, $"seal platform {Address} returned an unreadable SES_Seal for {sealId}: {ex.Message}");
        }

        if (!SignatureAlgorithms.TryParse(seal.Algorithm, out var algorithm))
        {
            throw new SealPlatformException(SealPlatformFailure.Malformed, $"seal platform {Address} named an unknown algorithm '{seal.Algorithm}' for seal {seal.SealId}");
        }

        var kind = Enum.IsDefined((SealKind)ses.SealInfo.Property.Type) ? (SealKind)ses.SealInfo.Property.Type : SealKind.Official;
        var record = new SealRecord(seal.SealId, seal.Name, seal.Department, kind, algorithm, ses);
        IReadOnlyList<byte[]> chain = [.. seal.CertificateChain.Select(c => c.ToByteArray())];
        return _seals[sealId] = (record, chain);
    }

    private DateTime Deadline() => DateTime.UtcNow + Timeout;

    internal T Call<T>(Func<T> call)
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
            throw new SealPlatformException(SealPlatformFailure.Unavailable, $"seal platform {Address} is unreachable: {ex.Message}");
        }
    }

    /// <summary>The user-facing error for a failed call.</summary>
    internal SealPlatformException Map(RpcException ex)
    {
        var seconds = Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return ex.StatusCode switch
        {
            StatusCode.DeadlineExceeded or StatusCode.Cancelled =>
                new SealPlatformException(SealPlatformFailure.DeadlineExceeded, $"seal platform {Address} did not answer within {seconds} s"),
            StatusCode.Unavailable =>
                new SealPlatformException(SealPlatformFailure.Unavailable, $"seal platform {Address} did not answer within {seconds} s (unavailable: {ex.Status.Detail})"),
            StatusCode.PermissionDenied or StatusCode.FailedPrecondition or StatusCode.NotFound =>
                new SealPlatformException(SealPlatformFailure.Refused, $"seal platform {Address} refused: {ex.Status.Detail}"),
            StatusCode.Unauthenticated =>
                new SealPlatformException(SealPlatformFailure.Unauthenticated, $"seal platform {Address} refused the credentials (token or client certificate): {ex.Status.Detail}"),
            _ => new SealPlatformException(SealPlatformFailure.Failed, $"seal platform {Address} failed ({ex.StatusCode}): {ex.Status.Detail}"),
        };
    }

    private static bool TrustedByRoots(X509Certificate? presented, X509Chain? _, SslPolicyErrors errors, X509Certificate2[] roots)
    {
        if (presented is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        // Self-signed certificates of the file are the roots; the others help build the path (issuing CAs).
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        foreach (var certificate in roots)
        {
            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? chain.ChainPolicy.CustomTrustStore : chain.ChainPolicy.ExtraStore).Add(certificate);
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        return chain.Build(leaf);
    }
}
