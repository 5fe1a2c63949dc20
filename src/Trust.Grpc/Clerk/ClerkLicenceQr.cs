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

    /// <summary>Handles the download request.</summary>
    public static async Task<IResult> HandleAsync(HttpContext http, LicenceQrRequest body, GrantAuthority grants, ILicenceStore licences)
    {
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

        var caller = CallerPrincipal.From(http);
        var clerk = new Core.Grants.ClerkIdentity(caller.Name, caller.Departments.Order(StringComparer.Ordinal).FirstOrDefault() ?? "");
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

        var text = SignedLicence.Decode(record.Signed).ToQrText();
        try
        {
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
            var png = new PngByteQRCode(data).GetGraphic(PixelsPerModule);
            return Results.File(png, "image/png", record.Id + ".png");
        }
        catch (QRCoder.Exceptions.DataTooLongException)
        {
            return Error(StatusCodes.Status422UnprocessableEntity, "too_long_for_qr");
        }
    }

    private static IResult Error(int status, string code) => Results.Json(new ClerkPageEndpoints.QrDecodeError(code), statusCode: status);
}

/// <summary>Body of <c>POST /clerk/api/licence-qr</c>: the grant as the check had it (QR text or short code), the item and the licence id.</summary>
internal sealed record LicenceQrRequest(string? QrText, string? ShortCode, string? ServiceItem, string? LicenceId);
