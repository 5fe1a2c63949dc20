using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Trust.Application.Grants;
using Trust.Core;
using Trust.Core.Grants;
using Trust.Grpc.Hosting;
using Trust.Grpc.Security;
using Trust.Grpc.Services;
using Trust.Grpc.V1;
using CoreServiceItem = Trust.Core.Services.ServiceItem;

namespace Trust.Grpc.Grants;

/// <summary>
/// trust.v1.GrantService: create, check (one, batch), revoke grants, and find service items.
/// Checks go through <see cref="GrantChecker"/> (one shared <see cref="GrantChecker.CheckManyAsync"/> call per
/// request), which audits every check.
/// </summary>
/// <remarks>
/// Authorisation: CreateGrant by <see cref="TrustPolicies.GrantManage"/> (the intake platform that saw the holder
/// prove who they are issues the grant on their behalf: verifier or admin); CheckGrant and CheckGrantBatch by
/// <see cref="TrustPolicies.GrantCheck"/> (clerk, verifier, admin); RevokeGrant by
/// <see cref="TrustPolicies.GrantManage"/> as well (verifier or admin: when the holder withdraws consent at the
/// platform, the platform must be able to stop the grant at once, without waiting for an administrator);
/// ListServiceItems by any authenticated caller. A caller whose only
/// checking role is clerk is checked as itself: the clerk id is the token's subject and the department one of the
/// token's departments, and a different clerk in the request is refused (PERMISSION_DENIED, audited). Platforms
/// (verifier, admin) state the clerk they check for.
/// </remarks>
internal sealed class GrantGrpcService : GrantService.GrantServiceBase
{
    private const int DefaultValidityMinutes = 30;
    private const int MaxReasonLength = GrantRevocations.MaxReasonLength;
    private const int MaxPrincipalLength = 64;
    private const int DefaultPageSize = 50;
    private const int MaxPageSize = 200;

    /// <summary>Reason of a denied batch result whose item was unusable (see its item error).</summary>
    internal const string RequestInvalidReason = "request.invalid";

    private readonly GrantAuthority _grants;
    private readonly TrustServerOptions _options;
    private readonly TrustAccess _access;

    public GrantGrpcService(GrantAuthority grants, TrustServerOptions options, TrustAccess access)
    {
        _grants = grants;
        _options = options;
        _access = access;
    }

    [Authorize(Policy = TrustPolicies.GrantManage)]
    public override async Task<CreateGrantResponse> CreateGrant(CreateGrantRequest request, ServerCallContext context)
    {
        Require(request.HolderId, "holder_id");
        Require(request.ServiceItem, "service_item");
        var item = _grants.Catalog.Find(request.ServiceItem) ?? throw Invalid("service_item: unknown service item code");
        var clerk = request.Grantee?.ClerkId ?? "";
        var department = request.Grantee?.Department ?? "";
        if (clerk.Length == 0 && department.Length == 0)
        {
            throw Invalid("grantee: needs a clerk_id and/or a department");
        }

        var signed = await _grants.IssueAsync(
            new GrantIssueRequest(request.HolderId, item.Code)
            {
                ClerkId = clerk,
                DepartmentCode = department,
                LicenceIds = [.. request.LicenceIds],
                Purpose = request.Purpose.Length == 0 ? item.NameZh : request.Purpose,
                ValidityMinutes = request.ValidityMinutes == 0 ? DefaultValidityMinutes : request.ValidityMinutes,
                SingleUse = request.SingleUse,
            },
            context.CancellationToken).ConfigureAwait(false);
        var shortCode = await _grants.ShortCodes.AssignAsync(signed, context.CancellationToken).ConfigureAwait(false);
        return new CreateGrantResponse
        {
            GrantId = signed.Id,
            Grant = Google.Protobuf.ByteString.CopyFrom(signed.Encoded.Span),
            QrText = signed.ToQrText(),
            ShortCode = shortCode,
            HolderMasked = GrantMapping.MaskHolder(signed.Payload.HolderId),
            ServiceItem = item.Code,
            NotBefore = ProtoMapping.ToProto(signed.Payload.NotBefore),
            ExpiresAt = ProtoMapping.ToProto(signed.Payload.ExpiresAt),
            SingleUse = signed.Payload.SingleUse,
        };
    }

    [Authorize(Policy = TrustPolicies.GrantCheck)]
    public override async Task<CheckGrantResponse> CheckGrant(CheckGrantRequest request, ServerCallContext context)
    {
        var check = await PrepareAsync(request, "", context).ConfigureAwait(false);
        var result = await _grants.Checker.CheckAsync(check.Request, context.CancellationToken).ConfigureAwait(false);
        return GrantMapping.ToProto(result, check.Request.Grant, check.Item, _grants.Departments);
    }

    [Authorize(Policy = TrustPolicies.GrantCheck)]
    public override async Task<CheckGrantBatchResponse> CheckGrantBatch(CheckGrantBatchRequest request, ServerCallContext context)
    {
        var count = request.Checks.Count;
        if (count > _options.MaxBatchSize)
        {
            throw Invalid($"checks: {count} items; at most {_options.MaxBatchSize} per request");
        }

        var prepared = new Prepared?[count];
        var errors = new ItemError?[count];
        for (var i = 0; i < count; i++)
        {
            try
            {
                prepared[i] = await PrepareAsync(request.Checks[i], $"checks[{i}].", context).ConfigureAwait(false);
            }
            catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.PermissionDenied)
            {
                errors[i] = new ItemError { Code = (int)ex.StatusCode, Message = ex.Status.Detail };
            }
        }

        // One CheckManyAsync for every usable item: each distinct grant verified once, each holder's licences fetched once.
        var usable = prepared.Where(p => p is not null).Select(p => p!.Request).ToList();
        var results = await _grants.Checker.CheckManyAsync(usable, context.CancellationToken).ConfigureAwait(false);
        var response = new CheckGrantBatchResponse();
        var next = 0;
        for (var i = 0; i < count; i++)
        {
            var item = new CheckGrantBatchItem { Index = i };
            if (prepared[i] is { } p)
            {
                item.Result = GrantMapping.ToProto(results[next++], p.Request.Grant, p.Item, _grants.Departments);
            }
            else
            {
                item.Error = errors[i];
                item.Result = new CheckGrantResponse { Allowed = false, Verdict = Trust.Core.Results.VerdictWords.Denied, ServiceItem = request.Checks[i].ServiceItem ?? "" };
                item.Result.Reasons.Add(RequestInvalidReason);
            }

            response.Items.Add(item);
        }

        return response;
    }

    [Authorize(Policy = TrustPolicies.GrantManage)]
    public override async Task<RevokeGrantResponse> RevokeGrant(RevokeGrantRequest request, ServerCallContext context)
    {
        GrantRevocationResult result;
        try
        {
            result = await _grants.Revocations.RevokeAsync(request.GrantId ?? "", request.Reason, GrantAuthority.Actor, context.CancellationToken).ConfigureAwait(false);
        }
        catch (TrustFormatException ex) when (ex.Field is "grant_id")
        {
            throw Invalid("grant_id: a grant id is 32 hexadecimal digits");
        }
        catch (TrustFormatException ex) when (ex.Field is "reason")
        {
            throw Invalid($"reason: at most {MaxReasonLength} characters without control characters");
        }

        // A grant that was never issued cannot be revoked: nothing is written, nothing audited.
        switch (result.Outcome)
        {
            case GrantRevocationOutcome.UnknownGrant:
                throw new RpcException(new Status(StatusCode.NotFound, "grant_id: no such grant"));
            case GrantRevocationOutcome.AlreadyRevoked:
                throw new RpcException(new Status(StatusCode.FailedPrecondition, "grant_id: the grant is already revoked"));
        }

        var id = result.GrantId;
        return new RevokeGrantResponse { GrantId = id, Revoked = true };
    }

    [Authorize(Policy = TrustPolicies.Authenticated)]
    public override Task<ListServiceItemsResponse> ListServiceItems(ListServiceItemsRequest request, ServerCallContext context)
    {
        var query = request.Query ?? "";
        if (query.Length > Core.Services.ServiceCatalog.MaxQueryLength)
        {
            throw Invalid($"query: at most {Core.Services.ServiceCatalog.MaxQueryLength} characters");
        }

        if (request.PageSize is < 0 or > MaxPageSize)
        {
            throw Invalid($"page_size: 1 to {MaxPageSize} (0 = {DefaultPageSize})");
        }

        var size = request.PageSize == 0 ? DefaultPageSize : request.PageSize;
        var offset = 0;
        if (request.PageToken.Length > 0 &&
            (!int.TryParse(request.PageToken, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out offset) || offset < 0))
        {
            throw Invalid("page_token: not a token from a previous response");
        }

        var matches = _grants.Catalog.Search(query, 1000);
        var response = new ListServiceItemsResponse { TotalSize = matches.Count };
        foreach (var item in matches.Skip(offset).Take(size))
        {
            response.Items.Add(GrantMapping.ToProto(item));
        }

        if (offset + size < matches.Count)
        {
            response.NextPageToken = (offset + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return Task.FromResult(response);
    }

    /// <summary>
    /// Turns a request into a library check: the grant bytes (from bytes, QR text or short code), the service
    /// item and the clerk. Throws INVALID_ARGUMENT / NOT_FOUND naming the field (prefixed for batch items).
    /// </summary>
    private async Task<Prepared> PrepareAsync(CheckGrantRequest request, string prefix, ServerCallContext context)
    {
        var itemCode = request.ServiceItem ?? "";
        if (itemCode.Length == 0)
        {
            throw Invalid(prefix + "service_item: required");
        }

        var item = _grants.Catalog.Find(itemCode) ?? throw Invalid(prefix + "service_item: unknown service item code");
        var clerk = await ClerkForAsync(request.Clerk, prefix, context).ConfigureAwait(false);
        ReadOnlyMemory<byte> bytes;
        switch (request.GrantInputCase)
        {
            case CheckGrantRequest.GrantInputOneofCase.Grant:
                if (request.Grant.IsEmpty)
                {
                    throw Invalid(prefix + "grant: empty");
                }

                if (request.Grant.Length > SignedGrant.MaxBytes)
                {
                    throw Invalid($"{prefix}grant: larger than {SignedGrant.MaxBytes} bytes");
                }

                bytes = request.Grant.Memory;
                break;
            case CheckGrantRequest.GrantInputOneofCase.QrText:
                try
                {
                    bytes = SignedGrant.BytesFromQrText(request.QrText);
                }
                catch (TrustFormatException ex)
                {
                    throw Invalid(prefix + "qr_text: " + ex.Message);
                }

                break;
            case CheckGrantRequest.GrantInputOneofCase.ShortCode:
                byte[]? found;
                try
                {
                    found = await _grants.ShortCodes.ResolveAsync(request.ShortCode, context.CancellationToken).ConfigureAwait(false);
                }
                catch (TrustFormatException ex)
                {
                    throw Invalid(prefix + ex.Message);
                }

                bytes = found ?? throw new RpcException(new Status(StatusCode.NotFound, prefix + "short_code: no grant has this code"));
                break;
            default:
                throw Invalid(prefix + "grant: required (grant bytes, qr_text or short_code)");
        }

        return new Prepared(new GrantCheckRequest(bytes, item.Code, clerk), item);
    }

    /// <summary>
    /// The clerk a check is for. A caller checking only as a clerk is the clerk: the id is its token subject and the
    /// department one of its token departments; naming anyone else is PERMISSION_DENIED (logged and audited).
    /// Platforms (verifier, admin) must state the clerk.
    /// </summary>
    private async Task<Core.Grants.ClerkIdentity> ClerkForAsync(V1.ClerkIdentity? stated, string prefix, ServerCallContext context)
    {
        var clerkId = stated?.ClerkId ?? "";
        var department = stated?.Department ?? "";
        var caller = CallerPrincipal.From(context);
        var platform = caller.IsAdmin || caller.HasRole(TrustRoles.Verifier);
        if (!platform)
        {
            var subject = caller.Subject ?? "";
            if (clerkId.Length > 0 && !string.Equals(clerkId, subject, StringComparison.Ordinal))
            {
                throw await _access.DenyAsync(context, prefix + "clerk.clerk_id: a clerk checks grants as itself only").ConfigureAwait(false);
            }

            if (department.Length > 0 && !caller.Departments.Contains(department))
            {
                throw await _access.DenyAsync(context, prefix + "clerk.department: not a department of the authenticated clerk").ConfigureAwait(false);
            }

            clerkId = subject; // empty (no sub claim) fails below as clerk.clerk_id: required
            if (department.Length == 0)
            {
                department = caller.Departments.Count switch
                {
                    0 => "",
                    1 => caller.Departments.First(),
                    _ => throw Invalid(prefix + "clerk.department: required (the clerk's token names several departments)"),
                };
            }
        }

        if (clerkId.Length == 0)
        {
            throw Invalid(prefix + "clerk.clerk_id: required");
        }

        CheckPrincipal(clerkId, prefix + "clerk.clerk_id");
        if (department.Length > 0)
        {
            CheckPrincipal(department, prefix + "clerk.department");
        }

        return new Core.Grants.ClerkIdentity(clerkId, department);
    }

    private static void CheckPrincipal(string value, string field)
    {
        if (value.Length > MaxPrincipalLength || !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '@'))
        {
            throw Invalid($"{field}: 1 to {MaxPrincipalLength} ASCII letters, digits or - _ . @");
        }
    }

    private static void Require(string value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw Invalid(field + ": required");
        }
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));

    private sealed record Prepared(GrantCheckRequest Request, CoreServiceItem Item);
}
