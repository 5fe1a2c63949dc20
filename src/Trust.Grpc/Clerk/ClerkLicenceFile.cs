using Grpc.Core;
using Trust.Grpc.Seals;

namespace Trust.Grpc.Clerk;

/// <summary>
/// The sealed licence file (OFD or PDF/A-3b) of a licence that a grant lets the clerk see, to download
/// (<c>POST /clerk/api/licence-file</c>). The same decision as trust.v1.LicenceFileService (<see cref="LicenceFiles"/>):
/// the grant is checked again for the signed-in clerk (an audited <c>grant.check</c>) and must cover the licence;
/// the licence must be valid; the seal use is audited. Errors are <c>{"error": code}</c>: <c>bad_request</c> 400,
/// <c>grant_denied</c> 403, <c>not_found</c> 404, <c>not_valid</c> 409, <c>too_large</c> 413.
/// </summary>
internal static class ClerkLicenceFile
{
    /// <summary>Largest request body: a grant's QR text is at most 4,296 characters.</summary>
    private const int MaxBodyBytes = 16 * 1024;

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        MaxDepth = 4,
    };

    /// <summary>Handles the download request.</summary>
    public static async Task<IResult> HandleAsync(HttpContext http, LicenceFiles files)
    {
        var body = await ClerkJsonBody.ReadAsync<LicenceFileRequest>(http, MaxBodyBytes, Json).ConfigureAwait(false);
        if (body is null || string.IsNullOrEmpty(body.ServiceItem) || string.IsNullOrEmpty(body.LicenceId))
        {
            return Error(StatusCodes.Status400BadRequest, "bad_request");
        }

        GrantSource grant;
        if (!string.IsNullOrEmpty(body.QrText))
        {
            grant = new GrantSource(GrantSourceKind.QrText, default, body.QrText);
        }
        else if (!string.IsNullOrEmpty(body.ShortCode))
        {
            grant = new GrantSource(GrantSourceKind.ShortCode, default, body.ShortCode);
        }
        else
        {
            return Error(StatusCodes.Status400BadRequest, "bad_request");
        }

        try
        {
            // The seal is always the default one: the issuing department's e-licence seal.
            var ask = new LicenceFileAsk(body.LicenceId, body.Format, null, grant, body.ServiceItem, body.Department);
            var file = await files.GetAsync(http, ClerkPageEndpoints.ApiPath + "/licence-file", ask).ConfigureAwait(false);
            var contentType = file.Format == Documents.LicenceFileFormat.Pdf ? "application/pdf" : "application/ofd";
            return Results.File(file.Bytes, contentType, file.FileName);
        }
        catch (RpcException ex) when (ex.StatusCode is StatusCode.InvalidArgument or StatusCode.PermissionDenied or StatusCode.NotFound
            or StatusCode.FailedPrecondition or StatusCode.ResourceExhausted)
        {
            return ex.StatusCode switch
            {
                StatusCode.InvalidArgument => Error(StatusCodes.Status400BadRequest, "bad_request"),
                StatusCode.PermissionDenied => Error(StatusCodes.Status403Forbidden, "grant_denied"),
                StatusCode.NotFound => Error(StatusCodes.Status404NotFound, "not_found"),
                StatusCode.FailedPrecondition => Error(StatusCodes.Status409Conflict, "not_valid"),
                _ => Error(StatusCodes.Status413PayloadTooLarge, "too_large"),
            };
        }
    }

    private static IResult Error(int status, string code) => Results.Json(new ClerkPageEndpoints.QrDecodeError(code), statusCode: status);
}

/// <summary>
/// Body of <c>POST /clerk/api/licence-file</c>: as <see cref="LicenceQrRequest"/>, plus the format (<c>pdf</c> or <c>ofd</c>).
/// </summary>
internal sealed record LicenceFileRequest(string? QrText, string? ShortCode, string? ServiceItem, string? LicenceId, string? Format, string? Department = null);
