using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Trust.Application.Seals;
using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;
using Trust.Grpc.Seals;
using Trust.Grpc.Security;
using Trust.Grpc.V1;
using Trust.Storage;

namespace Trust.Grpc.Services;

/// <summary>
/// trust.v1.SealPlatformService: the server as a seal platform for other systems. Decisions are made by
/// <see cref="SealPlatform"/>; this class maps callers, messages and refusals. Revocation is checked against the
/// store before authorising and before signing. Each signature is appended to the audit log (<c>seal.platform_use</c>).
/// </summary>
internal sealed class SealPlatformGrpcService : SealPlatformService.SealPlatformServiceBase
{
    /// <summary>Audit action of a platform signature.</summary>
    public const string PlatformUseAction = "seal.platform_use";

    private const int MaxToBeSignedBytes = 64 * 1024;
    private const int MaxDescriptionLength = 200;

    private readonly SealPlatform _platform;
    private readonly DepartmentSeals _seals;
    private readonly TrustStore _store;

    public SealPlatformGrpcService(SealPlatformHost host, DepartmentSeals seals, TrustStore store)
    {
        _platform = host.Platform;
        _seals = seals;
        _store = store;
    }

    [Authorize(Policy = TrustPolicies.SealUse)]
    public override Task<ListPlatformSealsResponse> ListPlatformSeals(ListPlatformSealsRequest request, ServerCallContext context)
    {
        var response = new ListPlatformSealsResponse();
        foreach (var seal in _platform.ListSeals(Caller(context)))
        {
            response.Seals.Add(new PlatformSeal { SealId = seal.Id, Department = seal.Department, Name = seal.Name, Algorithm = SignatureAlgorithms.DisplayName(seal.Algorithm) });
        }

        return Task.FromResult(response);
    }

    [Authorize(Policy = TrustPolicies.SealUse)]
    public override async Task<PlatformSeal> GetPlatformSeal(GetPlatformSealRequest request, ServerCallContext context)
    {
        var caller = Caller(context);
        var (seal, chain) = Map(() => _platform.GetSeal(caller, Required(request.SealId, "seal_id")));
        await EnsureUnrevokedAsync(seal.Id, context.CancellationToken).ConfigureAwait(false);
        var result = new PlatformSeal
        {
            SealId = seal.Id,
            Department = seal.Department,
            Name = seal.Name,
            Algorithm = SignatureAlgorithms.DisplayName(seal.Algorithm),
            SesSeal = ByteString.CopyFrom(seal.Seal.Encode()),
            PictureType = seal.Seal.SealInfo.Picture.Type,
            Picture = ByteString.CopyFrom(seal.Seal.SealInfo.Picture.Data.Span),
        };
        result.CertificateChain.AddRange(chain.Select(ByteString.CopyFrom));
        return result;
    }

    [Authorize(Policy = TrustPolicies.SealUse)]
    public override async Task<AuthorizeSigningResponse> AuthorizeSigning(AuthorizeSigningRequest request, ServerCallContext context)
    {
        var caller = Caller(context);
        var sealId = Required(request.SealId, "seal_id");
        if (request.Digests.Count == 0 || request.Digests.Count > _platform.MaxDigests || request.Digests.Any(d => d.Length != 32))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"digests: 1 to {_platform.MaxDigests} digests of 32 bytes each"));
        }

        _ = Map(() => _platform.GetSeal(caller, sealId));
        await EnsureUnrevokedAsync(sealId, context.CancellationToken).ConfigureAwait(false);
        var digests = request.Digests.Select(d => (ReadOnlyMemory<byte>)d.ToByteArray()).ToArray();
        var authorization = await MapAsync(() => _platform.AuthorizeAsync(caller, sealId, digests, context.CancellationToken)).ConfigureAwait(false);
        return new AuthorizeSigningResponse { AuthorizationId = authorization.Id, ExpiresAt = Timestamp.FromDateTimeOffset(authorization.ExpiresAt) };
    }

    [Authorize(Policy = TrustPolicies.SealUse)]
    public override async Task<SignDigestsResponse> SignDigests(SignDigestsRequest request, ServerCallContext context)
    {
        var caller = Caller(context);
        var id = Required(request.AuthorizationId, "authorization_id");
        if (request.Items.Count == 0 || request.Items.Count > _platform.MaxDigests)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"items: 1 to {_platform.MaxDigests} items"));
        }

        for (var i = 0; i < request.Items.Count; i++)
        {
            var item = request.Items[i];
            if (item.ToBeSigned.Length is 0 or > MaxToBeSignedBytes)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"items[{i}].to_be_signed: 1 to {MaxToBeSignedBytes} bytes"));
            }

            if (item.DocumentDescription.Length > MaxDescriptionLength)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"items[{i}].document_description: at most {MaxDescriptionLength} characters"));
            }
        }

        var audit = new CollectingAudit();
        var platform = _platform;
        var items = request.Items.Select(i => new SealSigningItem(i.ToBeSigned.ToByteArray(), i.DocumentDescription)).ToArray();
        var signatures = await MapAsync(() => platform.SignDigestsAsync(caller, id, items, audit, context.CancellationToken)).ConfigureAwait(false);
        foreach (var use in audit.Uses)
        {
            var details = System.Text.Json.JsonSerializer.Serialize(new { use.SealId, use.Department, use.Digest, use.DocumentDescription });
            await _store.AppendAsync(PlatformUseAction, use.Caller, use.SealId, details, use.At, context.CancellationToken).ConfigureAwait(false);
        }

        var response = new SignDigestsResponse();
        response.Signatures.AddRange(signatures.Select(ByteString.CopyFrom));
        return response;
    }

    private async Task EnsureUnrevokedAsync(string sealId, CancellationToken cancellationToken)
    {
        try
        {
            await SealUse.GetUsableAsync(_store, _seals.Registry, sealId, cancellationToken).ConfigureAwait(false);
        }
        catch (SealUnusableException ex)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"seal_id: {ex.Reason}: {ex.Message}"));
        }
    }

    private static SealCaller Caller(ServerCallContext context)
    {
        var principal = CallerPrincipal.From(context);
        var departments = principal.HasRole(TrustRoles.Sealer) ? principal.Departments : new HashSet<string>();
        return new SealCaller(principal.Name, departments);
    }

    private static string Required(string value, string field) =>
        value.Length is > 0 and <= 200 ? value : throw new RpcException(new Status(StatusCode.InvalidArgument, $"{field}: required, at most 200 characters"));

    private static async Task<T> MapAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex) is { } rpc)
        {
            throw rpc;
        }
    }

    private static T Map<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Exception ex) when (Translate(ex) is { } rpc)
        {
            throw rpc;
        }
    }

    private static RpcException? Translate(Exception ex) => ex switch
    {
        SealingRefusedException refused => new RpcException(new Status(
            refused.Reason == SealingReasons.NotAuthorised ? StatusCode.PermissionDenied : StatusCode.FailedPrecondition, $"{refused.Reason}: {refused.Message}")),
        SealUnusableException unusable => new RpcException(new Status(StatusCode.FailedPrecondition, $"seal_id: {unusable.Reason}: {unusable.Message}")),
        KeyNotFoundException missing => new RpcException(new Status(StatusCode.NotFound, "seal_id: " + missing.Message)),
        _ => null,
    };

    private sealed class CollectingAudit : ISealPlatformAudit
    {
        public List<SealPlatformUse> Uses { get; } = [];

        public void Record(SealPlatformUse use) => Uses.Add(use);
    }
}

/// <summary>
/// The server's one <see cref="SealPlatform"/> over its department seals. Its signing authorisations live in the store, so
/// each stays single-use across restarts and across the nodes that share the database.
/// </summary>
internal sealed class SealPlatformHost(DepartmentSeals seals, TrustStore store)
{
    public SealPlatform Platform { get; } = new(new DepartmentSealProvider(seals), NoAudit.Instance) { Authorizations = store };

    /// <summary>Audit is per call (the service appends to the store); the platform's own sink is unused.</summary>
    private sealed class NoAudit : ISealPlatformAudit
    {
        public static readonly NoAudit Instance = new();

        public void Record(SealPlatformUse use)
        {
        }
    }
}
