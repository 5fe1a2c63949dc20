using QRCoder;
using Trust.Core;
using Trust.Core.Grants;
using Trust.Core.Identifiers;
using Trust.Core.Licences;
using Trust.Core.Storage;
using Trust.Grpc.Grants;
using Trust.Grpc.Security;

namespace Trust.Grpc.Clerk;

/// <summary>
/// The QR code of a licence that a grant lets the clerk see, as a PNG to download
/// (<c>POST /clerk/api/licence-qr</c>). The grant is checked again for the signed-in clerk (an
/// audited <c>grant.check</c>, like any other), and the licence must be one the check found: the
/// download shows nothing the check did not. A single-use grant is spent by its first check, so
/// its licences cannot be downloaded afterwards (the page offers the button only for reusable grants).
/// </summary>
internal static class ClerkLicenceQr
{
    /// <summary>Pixels per QR module of the PNG.</summary>
    private const int PixelsPerModule = 4;

    /// <summary>Largest request body: a grant's QR text is at most 4,296 characters.</summary>
    private const int MaxBodyBytes = 16 * 1024;

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 4,
    };

    /// <summary>Handles the download request (the body is read here, bounded, so bad JSON is a plain 400 in every environment).</summary>
    public static async Task<IResult> HandleAsync(HttpContext http, GrantAuthority grants, ILicenceStore licences)
    {
        var body = await ClerkJsonBody.ReadAsync<LicenceQrRequest>(http, MaxBodyBytes, Json).ConfigureAwait(false);
        if (body is null || string.IsNullOrEmpty(body.ServiceItem) || !LicenceId.IsValid(body.LicenceId))
        {
            return Error(StatusCodes.Status400BadRequest, "bad_request");
        }

        ReadOnlyMemory<byte> grant;
        try
        {
            if (!string.IsNullOrEmpty(body.QrText))
            {
                grant = SignedGrant.BytesFromQrText(body.QrText);
            }
            else if (!string.IsNullOrEmpty(body.ShortCode))
            {
                var found = await grants.ShortCodes.ResolveAsync(body.ShortCode, http.RequestAborted).ConfigureAwait(false);
                if (found is null)
                {
                    return Error(StatusCodes.Status404NotFound, "grant_not_found");
                }

                grant = found;
            }
            else
            {
                return Error(StatusCodes.Status400BadRequest, "bad_request");
            }
        }
        catch (TrustFormatException)
        {
            return Error(StatusCodes.Status400BadRequest, "bad_request");
        }

        // As in CheckGrant: the clerk is the signed-in caller; the department, when stated, must be one of theirs.
        var caller = CallerPrincipal.From(http);
        var department = body.Department ?? "";
        if (department.Length > 0 ? !caller.Departments.Contains(department) : caller.Departments.Count > 1)
        {
            return Error(StatusCodes.Status400BadRequest, "bad_department");
        }

        var clerk = new Core.Grants.ClerkIdentity(caller.Name, department.Length > 0 ? department : caller.Departments.FirstOrDefault() ?? "");
        var result = await grants.Checker.CheckAsync(new GrantCheckRequest(grant, body.ServiceItem, clerk), http.RequestAborted).ConfigureAwait(false);
        if (!result.IsAllowed)
        {
            return Error(StatusCodes.Status403Forbidden, "grant_denied");
        }

        if (!result.Licences.Any(l => l.Found && string.Equals(l.LicenceId, body.LicenceId, StringComparison.Ordinal))
            || await licences.GetAsync(body.LicenceId!, http.RequestAborted).ConfigureAwait(false) is not { } record)
        {
            return Error(StatusCodes.Status404NotFound, "licence_not_covered");
        }

        try
        {
            return Results.File(RenderPng(SignedLicence.Decode(record.Signed).ToQrText()), "image/png", record.Id + ".png");
        }
        catch (QRCoder.Exceptions.DataTooLongException)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, "too_long_for_qr");
        }
    }

    /// <summary>The QR code of <paramref name="text"/> as a PNG (error correction L: licence QR texts are long).</summary>
    internal static byte[] RenderPng(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
        return new PngByteQRCode(data).GetGraphic(PixelsPerModule);
    }

    private static IResult Error(int status, string code) => Results.Json(new ClerkPageEndpoints.QrDecodeError(code), statusCode: status);
}

/// <summary>
/// Body of <c>POST /clerk/api/licence-qr</c>: the grant as the check had it (QR text or short code), the item,
/// the licence id, and the clerk's department (needed only when the token names several).
/// </summary>
internal sealed record LicenceQrRequest(string? QrText, string? ShortCode, string? ServiceItem, string? LicenceId, string? Department = null);
