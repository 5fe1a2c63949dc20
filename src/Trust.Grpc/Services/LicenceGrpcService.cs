using System.Text.Json;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Trust.Application.Licences;
using Trust.Core.Licences;
using Trust.Core.Storage;
using Trust.Grpc.Hosting;
using Trust.Grpc.Security;
using Trust.Grpc.V1;
using Trust.Grpc.Caching;
using Trust.Storage;
using CoreStatus = Trust.Core.Status.LicenceStatus;

namespace Trust.Grpc.Services;

/// <summary>trust.v1.LicenceService: issue, look up, change status, verify (one, batch, stream).</summary>
/// <remarks>
/// Issue and status changes: <see cref="TrustPolicies.LicenceIssue"/>, scoped to the caller's departments
/// (the request's department for Issue, the licence's issuing department for status changes).
/// Get and verification: <see cref="TrustPolicies.LicenceRead"/>.
/// </remarks>
internal sealed class LicenceGrpcService : LicenceService.LicenceServiceBase
{
    private const int MaxReasonLength = LicenceStatusChanges.MaxReasonLength;

    private readonly TrustStore _store;
    private readonly DepartmentIssuers _issuers;
    private readonly CachedLicenceVerification _verifier;
    private readonly StatusChannel _statusChanges;
    private readonly TrustServerOptions _options;
    private readonly TrustAccess _access;

    public LicenceGrpcService(TrustStore store, DepartmentIssuers issuers, CachedLicenceVerification verifier, StatusChannel statusChanges, TrustServerOptions options, TrustAccess access)
    {
        _access = access;
        _store = store;
        _issuers = issuers;
        _verifier = verifier;
        _statusChanges = statusChanges;
        _options = options;
    }

    [Authorize(Policy = TrustPolicies.LicenceIssue)]
    public override async Task<IssueLicenceResponse> Issue(IssueLicenceRequest request, ServerCallContext context)
    {
        Require(request.TypeCode, "type_code");
        var department = ChooseDepartment(request.Department, request.TypeCode);
        await _access.RequireDepartmentAsync(context, TrustRoles.Issuer, department).ConfigureAwait(false);
        Require(request.HolderId, "holder_id");
        Require(request.HolderName, "holder_name");
        var issued = await _issuers.IssueAsync(
            department,
            new LicenceIssueRequest(request.TypeCode, request.HolderId, request.HolderName, new Dictionary<string, string>(request.Fields, StringComparer.Ordinal))
            {
                ValidFrom = ProtoMapping.FromProto(request.ValidFrom),
                ValidUntil = ProtoMapping.FromProto(request.ValidUntil),
            },
            context.CancellationToken).ConfigureAwait(false) ?? throw Invalid("department: unknown department code");
        return new IssueLicenceResponse
        {
            LicenceId = issued.Id,
            Licence = Google.Protobuf.ByteString.CopyFrom(issued.Encoded.Span),
            QrText = issued.ToQrText(),
            Department = department,
            StatusList = issued.Payload.StatusListId,
            StatusIndex = issued.Payload.StatusIndex,
        };
    }

    [Authorize(Policy = TrustPolicies.LicenceRead)]
    public override async Task<GetLicenceResponse> Get(GetLicenceRequest request, ServerCallContext context)
    {
        Require(request.LicenceId, "licence_id");
        var record = await _store.GetAsync(request.LicenceId, context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "licence_id: no such licence"));
        var status = await _store.GetStatusAsync(record.Id, context.CancellationToken).ConfigureAwait(false) ?? CoreStatus.Valid;
        var response = new GetLicenceResponse
        {
            LicenceId = record.Id,
            TypeCode = record.TypeCode,
            TypeVersion = record.TypeVersion,
            HolderId = record.HolderId,
            HolderName = record.HolderName,
            Department = _issuers.Directory.CanonicalOf(record.IssuerDepartment) ?? record.IssuerDepartment,
            IssuedAt = ProtoMapping.ToProto(record.IssuedAt),
            ValidFrom = ProtoMapping.ToProto(record.ValidFrom),
            Status = ProtoMapping.ToProto(status),
            Licence = Google.Protobuf.ByteString.CopyFrom(record.Signed),
        };
        if (record.ValidUntil is { } until)
        {
            response.ValidUntil = ProtoMapping.ToProto(until);
        }

        return response;
    }

    [Authorize(Policy = TrustPolicies.LicenceIssue)]
    public override Task<ChangeLicenceStatusResponse> Revoke(ChangeLicenceStatusRequest request, ServerCallContext context) =>
        ChangeAsync(request, CoreStatus.Revoked, context);

    [Authorize(Policy = TrustPolicies.LicenceIssue)]
    public override Task<ChangeLicenceStatusResponse> Suspend(ChangeLicenceStatusRequest request, ServerCallContext context) =>
        ChangeAsync(request, CoreStatus.Suspended, context);

    [Authorize(Policy = TrustPolicies.LicenceIssue)]
    public override Task<ChangeLicenceStatusResponse> Resume(ChangeLicenceStatusRequest request, ServerCallContext context) =>
        ChangeAsync(request, CoreStatus.Valid, context);

    [Authorize(Policy = TrustPolicies.LicenceRead)]
    public override async Task<VerifyLicenceResponse> Verify(VerifyLicenceRequest request, ServerCallContext context)
    {
        ReadOnlyMemory<byte> bytes;
        switch (request.InputCase)
        {
            case VerifyLicenceRequest.InputOneofCase.Licence:
                if (request.Licence.IsEmpty)
                {
                    throw Invalid("licence: empty");
                }

                bytes = request.Licence.Memory;
                break;
            case VerifyLicenceRequest.InputOneofCase.QrText:
                try
                {
                    bytes = SignedLicence.BytesFromQrText(request.QrText);
                }
                catch (Core.TrustFormatException ex)
                {
                    throw Invalid("qr_text: " + ex.Message);
                }

                break;
            default:
                throw Invalid("licence: required (licence bytes or qr_text)");
        }

        var result = await _verifier.VerifyAsync(bytes, context.CancellationToken).ConfigureAwait(false);
        return new VerifyLicenceResponse { Result = ProtoMapping.ToProto(result) };
    }

    [Authorize(Policy = TrustPolicies.LicenceRead)]
    public override async Task<VerifyBatchResponse> VerifyBatch(VerifyBatchRequest request, ServerCallContext context)
    {
        var count = request.Licences.Count;
        if (count > _options.MaxBatchSize)
        {
            throw Invalid($"licences: {count} items; at most {_options.MaxBatchSize} per request");
        }

        var inputs = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            inputs[i] = request.Licences[i].Memory;
        }

        var results = await _verifier.VerifyManyAsync(inputs, context.CancellationToken).ConfigureAwait(false);
        var response = new VerifyBatchResponse();
        for (var i = 0; i < count; i++)
        {
            var item = new VerifyBatchItem { Index = i, Result = ProtoMapping.ToProto(results[i]) };
            if (ItemProblem(inputs[i].Length) is { } problem)
            {
                item.Error = new ItemError { Code = (int)StatusCode.InvalidArgument, Message = $"licences[{i}]: {problem}" };
            }

            response.Items.Add(item);
        }

        return response;
    }

    [Authorize(Policy = TrustPolicies.LicenceRead)]
    public override async Task VerifyStream(IAsyncStreamReader<VerifyStreamRequest> requestStream, IServerStreamWriter<VerifyStreamResponse> responseStream, ServerCallContext context)
    {
        var ct = context.CancellationToken;
        while (await requestStream.MoveNext(ct).ConfigureAwait(false))
        {
            var request = requestStream.Current;
            var result = await _verifier.VerifyAsync(request.Licence.Memory, ct).ConfigureAwait(false);
            var response = new VerifyStreamResponse { CorrelationId = request.CorrelationId, Result = ProtoMapping.ToProto(result) };
            if (ItemProblem(request.Licence.Length) is { } problem)
            {
                response.Error = new ItemError { Code = (int)StatusCode.InvalidArgument, Message = "licence: " + problem };
            }

            await responseStream.WriteAsync(response, ct).ConfigureAwait(false);
        }
    }

    private async Task<ChangeLicenceStatusResponse> ChangeAsync(ChangeLicenceStatusRequest request, CoreStatus target, ServerCallContext context)
    {
        var cancellationToken = context.CancellationToken;
        Require(request.LicenceId, "licence_id");
        if (request.Reason.Length > MaxReasonLength)
        {
            throw Invalid($"reason: longer than {MaxReasonLength} characters");
        }

        var record = await _store.GetAsync(request.LicenceId, cancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "licence_id: no such licence"));
        // The record names the licence form (CAB03); roles name the PKI code (CAB-03).
        var department = _issuers.Directory.CanonicalOf(record.IssuerDepartment) ?? record.IssuerDepartment;
        await _access.RequireDepartmentAsync(context, TrustRoles.Issuer, department).ConfigureAwait(false);
        var change = await new LicenceStatusChanges(_store, _store).ChangeAsync(
            request.LicenceId, target, request.Reason, CallerPrincipal.From(context).Name, cancellationToken).ConfigureAwait(false);
        if (change.Outcome == LicenceStatusChangeOutcome.Changed || change.Previous is not null)
        {
            // Changed, or raced by another writer: either way the cached status of this licence is stale.
            _statusChanges.Changed(request.LicenceId);
        }

        switch (change.Outcome)
        {
            case LicenceStatusChangeOutcome.UnknownLicence:
                throw new RpcException(new Status(StatusCode.NotFound, "licence_id: no such licence"));
            case LicenceStatusChangeOutcome.NotAllowed:
                throw Refused(change.Previous!.Value, target);
        }

        return new ChangeLicenceStatusResponse { LicenceId = request.LicenceId, Status = ProtoMapping.ToProto(target) };
    }

    /// <summary>
    /// The canonical code of the issuing department: the request's (a PKI code such as <c>PSB-01</c>), or, when it is empty,
    /// the department of the type's kind (<see cref="IssuingDepartmentDirectory.Choose"/>, as <c>trust license issue</c> does).
    /// </summary>
    private string ChooseDepartment(string requested, string typeCode)
    {
        if (requested.Length > 0)
        {
            return _issuers.Contains(requested) ? requested : throw Invalid("department: unknown department code");
        }

        var type = LicenceCatalog.Default.Find(typeCode) ?? throw Invalid("type_code: unknown licence type code");
        try
        {
            return _issuers.Directory.Choose(type, null, out _).Code;
        }
        catch (Core.TrustFormatException ex)
        {
            throw Invalid("department: " + ex.Message);
        }
    }

    private static RpcException Refused(CoreStatus current, CoreStatus target) =>
        new(new Status(StatusCode.FailedPrecondition, $"licence_id: the licence is {Text(current)}; it cannot become {Text(target)}"));

    private static string Text(CoreStatus status) => Trust.Core.Results.VerdictWords.Status(status);

    private static string? ItemProblem(int length) => length switch
    {
        0 => "empty",
        > SignedLicence.MaxBytes => $"larger than {SignedLicence.MaxBytes} bytes",
        _ => null,
    };

    private static void Require(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Invalid(field + ": required");
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}
