using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Trust.Core.Licences;
using Trust.Core.Status;
using Trust.Grpc.Hosting;
using Trust.Grpc.V1;
using Trust.Storage;

namespace Trust.Grpc.Services;

/// <summary>trust.v1.StatusService: the signed status list of a department, built from the store on each call.</summary>
/// <remarks>Anonymous: status lists are signed and public by design (offline verifiers fetch them, brief section 5).</remarks>
[AllowAnonymous]
internal sealed class StatusGrpcService : StatusService.StatusServiceBase
{
    private readonly TrustStore _store;
    private readonly DepartmentIssuers _issuers;
    private readonly TrustServerOptions _options;

    public StatusGrpcService(TrustStore store, DepartmentIssuers issuers, TrustServerOptions options)
    {
        _store = store;
        _issuers = issuers;
        _options = options;
    }

    public override async Task<GetStatusListResponse> GetStatusList(GetStatusListRequest request, ServerCallContext context)
    {
        if (string.IsNullOrWhiteSpace(request.Department))
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "department: required"));
        }

        // The PKI code (PSB-01); the licence form (PSB01, as in licence ids) names the same department.
        var department = _issuers.Directory.Find(request.Department)?.Code ?? _issuers.Directory.CanonicalOf(request.Department);
        var signer = (department is null ? null : _issuers.KeyFor(department))
            ?? throw new RpcException(new Status(StatusCode.NotFound, "department: unknown department code"));
        var listId = DepartmentCode.StatusListId(department!);
        var ttl = TimeSpan.FromSeconds(_options.StatusListTtlSeconds);

        // The list names the issuer as licences do (licence form), so offline verifiers can match them.
        var builder = new StatusListBuilder(DepartmentCode.ToLicenceForm(department!), signer.Key, signer.Chain, _store);
        var signed = await builder.BuildAsync(listId, ttl, context.CancellationToken).ConfigureAwait(false);
        return new GetStatusListResponse
        {
            ListId = listId,
            SignedList = Google.Protobuf.ByteString.CopyFrom(signed),
            TtlSeconds = _options.StatusListTtlSeconds,
        };
    }
}
