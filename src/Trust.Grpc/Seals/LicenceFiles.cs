using Grpc.Core;
using Trust.Application.Seals;
using Trust.Core;
using Trust.Core.Grants;
using Trust.Core.Identifiers;
using Trust.Core.Seals;
using Trust.Documents;
using Trust.Grpc.Caching;
using Trust.Grpc.Grants;
using Trust.Grpc.Hosting;
using Trust.Grpc.Security;
using Trust.Storage;

namespace Trust.Grpc.Seals;

/// <summary>
/// The sealed licence file of a licence for a caller allowed to see it: what trust.v1.LicenceFileService and the
/// clerk page's download share. Who may: the issuing department (issuer or admin role with the licence's issuing
/// department among the caller's departments), or a clerk whose grant (checked here with the library's
/// <see cref="GrantChecker"/>, for the caller, audited as <c>grant.check</c>) is allowed and covers the licence.
/// The file itself is made by <see cref="LicenceFileMaker"/> (the rules of <c>trust license file</c>) and the seal use
/// is audited (<c>seal.use</c>) before the file is returned. Refusals are <see cref="RpcException"/>s; PERMISSION_DENIED
/// is logged and audited as <c>access.denied</c>.
/// </summary>
internal sealed class LicenceFiles
{
    private const int MaxSealIdLength = 200;

    private readonly TrustStore _store;
    private readonly DepartmentSeals _seals;
    private readonly ServerSealing _sealing;
    private readonly DepartmentIssuers _issuers;
    private readonly CachedLicenceVerification _verifier;
    private readonly GrantAuthority _grants;
    private readonly TrustAccess _access;
    private readonly TrustServerOptions _options;
    private readonly ILogger<LicenceFiles> _logger;

    public LicenceFiles(TrustStore store, DepartmentSeals seals, ServerSealing sealing, DepartmentIssuers issuers, CachedLicenceVerification verifier, GrantAuthority grants, TrustAccess access, TrustServerOptions options, ILogger<LicenceFiles> logger)
    {
        _store = store;
        _seals = seals;
        _sealing = sealing;
        _issuers = issuers;
        _verifier = verifier;
        _grants = grants;
        _access = access;
        _options = options;
        _logger = logger;
    }

    /// <summary>Parses <c>ofd</c> or <c>pdf</c>.</summary>
    /// <exception cref="RpcException">INVALID_ARGUMENT naming <c>format</c>.</exception>
    public static LicenceFileFormat ParseFormat(string? format) => format switch
    {
        "ofd" => LicenceFileFormat.Ofd,
        "pdf" => LicenceFileFormat.Pdf,
        _ => throw Invalid("format: must be ofd or pdf"),
    };

    /// <summary>Checks the caller, makes, audits and returns the file.</summary>
    /// <param name="http">The request (the caller, and where refusals are recorded).</param>
    /// <param name="method">The method name for refusal records.</param>
    /// <param name="ask">What is asked.</param>
    /// <exception cref="RpcException">INVALID_ARGUMENT, NOT_FOUND, PERMISSION_DENIED, FAILED_PRECONDITION, RESOURCE_EXHAUSTED.</exception>
    public async Task<SealedLicenceFile> GetAsync(HttpContext http, string method, LicenceFileAsk ask)
    {
        var cancellation = http.RequestAborted;
        var format = ParseFormat(ask.Format);
        if (string.IsNullOrEmpty(ask.LicenceId))
        {
            throw Invalid("licence_id: required");
        }

        if (!LicenceId.IsValid(ask.LicenceId))
        {
            throw Invalid("licence_id: not a licence identifier");
        }

        if (ask.SealId is { Length: > MaxSealIdLength })
        {
            throw Invalid($"seal_id: longer than {MaxSealIdLength} characters");
        }

        var record = await _store.GetAsync(ask.LicenceId, cancellation).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.NotFound, "licence_id: no such licence"));
        var department = _issuers.Directory.CanonicalOf(record.IssuerDepartment) ?? record.IssuerDepartment;
        var caller = CallerPrincipal.From(http);
        var issuingDepartment = (caller.HasRole(TrustRoles.Issuer) || caller.IsAdmin) && caller.Departments.Contains(department);
        if (!issuingDepartment)
        {
            if (ask.Grant is not { } grant)
            {
                throw await DenyAsync(http, method, $"licence {record.Id} belongs to department {department}; others need a grant that covers it").ConfigureAwait(false);
            }

            await CheckGrantAsync(http, method, caller, grant, ask, record.Id).ConfigureAwait(false);
        }

        var verification = await _verifier.VerifyAsync(record.Signed, cancellation).ConfigureAwait(false);
        if (LicenceFileMaker.Refusal(verification) is { } refusal)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, "licence_id: " + refusal));
        }

        SealRecord? seal;
        if (string.IsNullOrEmpty(ask.SealId))
        {
            seal = LicenceFileMaker.DefaultSeal(_seals.Registry, department)
                ?? throw new RpcException(new Status(StatusCode.FailedPrecondition, $"seal_id: department {department} has no seal on this server"));
        }
        else if (!_seals.Registry.TryFind(ask.SealId, out seal))
        {
            throw new RpcException(new Status(StatusCode.NotFound, "seal_id: no such seal"));
        }
        else if (seal.Department != department)
        {
            throw Invalid($"seal_id: seal {seal.Id} belongs to department {seal.Department}, not to the licence's issuing department {department}");
        }

        try
        {
            await SealUse.GetUsableAsync(_store, _seals.Registry, seal.Id, cancellation).ConfigureAwait(false);
        }
        catch (SealUnusableException ex)
        {
            SealLog.Refused(_logger, seal.Id, caller.Name, ex.Reason);
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"seal_id: {ex.Message} ({ex.Reason})"));
        }

        var chain = _sealing.ChainFor(seal, "seal_id");
        var provider = _sealing.ProviderFor($"licence file {record.Id} ({ask.Format})");
        var file = _sealing.Seal("seal_id", () => LicenceFileMaker.Make(verification, format, seal, provider, chain));

        // The server's file size limit holds for files it makes as for files it receives (a licence file is about 100-270 KB,
        // well inside the 4 MiB gRPC clients accept by default).
        if (file.Bytes.Length > _options.Limits.MaxPdfBytes)
        {
            throw new RpcException(new Status(StatusCode.ResourceExhausted, $"format: the file would be {file.Bytes.Length} bytes, more than Trust:Limits:MaxPdfBytes"));
        }

        // Audited before a single byte of the file leaves the server (the entry trust license file writes).
        var use = new SealUseRecord(seal.Id, seal.Department, LicenceFileMaker.SealUseField, file.LicenceBytes, file.LicenceSha256, file.Bytes.Length, file.Sha256);
        await SealUse.RecordAsync(_store, caller.Name, use, DateTimeOffset.UtcNow, cancellation).ConfigureAwait(false);
        SealLog.Sealed(_logger, seal.Id, caller.Name, file.LicenceBytes, file.Bytes.Length, LicenceFileMaker.SealUseField);
        return file;
    }

    /// <summary>The grant must be allowed for the calling clerk and cover the licence.</summary>
    private async Task CheckGrantAsync(HttpContext http, string method, CallerPrincipal caller, GrantSource grant, LicenceFileAsk ask, string licenceId)
    {
        if (!caller.HasRole(TrustRoles.Clerk))
        {
            throw await DenyAsync(http, method, "only clerks present grants for licence files").ConfigureAwait(false);
        }

        if (string.IsNullOrEmpty(ask.ServiceItem))
        {
            throw Invalid("service_item: required with a grant");
        }

        var item = _grants.Catalog.Find(ask.ServiceItem) ?? throw Invalid("service_item: unknown service item code");
        var department = ask.Department ?? "";
        if (department.Length > 0 && !caller.Departments.Contains(department))
        {
            throw await DenyAsync(http, method, "department: not a department of the authenticated clerk").ConfigureAwait(false);
        }

        if (department.Length == 0)
        {
            department = caller.Departments.Count switch
            {
                0 => "",
                1 => caller.Departments.First(),
                _ => throw Invalid("department: required (the clerk's token names several departments)"),
            };
        }

        ReadOnlyMemory<byte> bytes;
        switch (grant.Kind)
        {
            case GrantSourceKind.Bytes:
                if (grant.Bytes.IsEmpty || grant.Bytes.Length > SignedGrant.MaxBytes)
                {
                    throw Invalid($"grant: empty or larger than {SignedGrant.MaxBytes} bytes");
                }

                bytes = grant.Bytes;
                break;
            case GrantSourceKind.QrText:
                try
                {
                    bytes = SignedGrant.BytesFromQrText(grant.Text!);
                }
                catch (TrustFormatException ex)
                {
                    throw Invalid("qr_text: " + ex.Message);
                }

                break;
            default:
                byte[]? found;
                try
                {
                    found = await _grants.ShortCodes.ResolveAsync(grant.Text!, http.RequestAborted).ConfigureAwait(false);
                }
                catch (TrustFormatException ex)
                {
                    throw Invalid(ex.Message);
                }

                bytes = found ?? throw new RpcException(new Status(StatusCode.NotFound, "short_code: no grant has this code"));
                break;
        }

        var clerk = new ClerkIdentity(caller.Subject ?? caller.Name, department);
        var result = await _grants.Checker.CheckAsync(new GrantCheckRequest(bytes, item.Code, clerk), http.RequestAborted).ConfigureAwait(false);
        if (!result.IsAllowed)
        {
            throw await DenyAsync(http, method, $"the grant does not allow this clerk ({string.Join(", ", result.Reasons)})").ConfigureAwait(false);
        }

        if (!result.Licences.Any(l => l.Found && string.Equals(l.LicenceId, licenceId, StringComparison.Ordinal)))
        {
            throw await DenyAsync(http, method, $"the grant does not cover licence {licenceId}").ConfigureAwait(false);
        }
    }

    private async Task<RpcException> DenyAsync(HttpContext http, string method, string reason)
    {
        await _access.RecordDeniedAsync(http, method, reason, http.RequestAborted).ConfigureAwait(false);
        return new RpcException(new Status(StatusCode.PermissionDenied, "permission denied: " + reason));
    }

    private static RpcException Invalid(string message) => new(new Status(StatusCode.InvalidArgument, message));
}

/// <summary>A request for a licence file, from gRPC or the clerk page.</summary>
/// <param name="LicenceId">The licence.</param>
/// <param name="Format"><c>ofd</c> or <c>pdf</c>.</param>
/// <param name="SealId">The seal, or null for the default.</param>
/// <param name="Grant">The clerk's grant, or null.</param>
/// <param name="ServiceItem">The service item (with a grant).</param>
/// <param name="Department">The clerk's department, when the token names several.</param>
internal sealed record LicenceFileAsk(string? LicenceId, string? Format, string? SealId, GrantSource? Grant, string? ServiceItem, string? Department);

/// <summary>How a grant was presented.</summary>
internal enum GrantSourceKind
{
    Bytes,
    QrText,
    ShortCode,
}

/// <summary>A grant as presented: its bytes, or its QR text or short code.</summary>
internal sealed record GrantSource(GrantSourceKind Kind, ReadOnlyMemory<byte> Bytes, string? Text);
