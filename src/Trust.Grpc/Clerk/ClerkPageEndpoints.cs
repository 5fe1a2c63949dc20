using Microsoft.AspNetCore.Http.Features;

namespace Trust.Grpc.Clerk;

/// <summary>
/// The clerk page on the Web endpoint: <c>/clerk/</c> serves the static page (public: it holds no
/// data), <c>/clerk/api/*</c> serves the two helpers the JSON API does not cover (display names of
/// licence types and departments; reading the QR code in an uploaded picture), both for signed-in
/// clerks only. Grant checks and the service item search go to the transcoded <c>/v1/...</c> API.
/// </summary>
internal static partial class ClerkPageEndpoints
{
    /// <summary>Where the page lives.</summary>
    public const string PagePath = "/clerk";

    /// <summary>Where the page's own helper calls live.</summary>
    public const string ApiPath = "/clerk/api";

    /// <summary>Maps the page (see <see cref="ClerkPageApplicationExtensions.MapTrustClerkPage"/>).</summary>
    internal static WebApplication Map(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Configuration.GetSection(ClerkPageOptions.Section).Get<ClerkPageOptions>() ?? new ClerkPageOptions();
        app.Use(async (context, next) =>
        {
            if (ClerkSecurityHeaders.Applies(context.Request.Path))
            {
                ClerkSecurityHeaders.Add(context);
            }

            await next(context).ConfigureAwait(false);
        });

        if (!options.Enabled)
        {
            return app;
        }

        // Routing matches /clerk and /clerk/ alike; the page's relative links need the slash.
        app.MapGet(PagePath, (HttpContext context) => context.Request.Path.Value!.EndsWith('/')
            ? Asset(context, "index.html")
            : Results.Redirect(PagePath + "/", permanent: false));
        app.MapGet(PagePath + "/{file}", (HttpContext context, string file) => Asset(context, file));

        // A browser pointed at the server's root lands on the clerk page rather than a 404.
        app.MapGet("/", () => Results.Redirect(PagePath + "/", permanent: false));

        var api = app.MapGroup(ApiPath);
        ClerkAuthorization.RequireClerk(api);
        api.MapGet("/names", () => Results.Json(ClerkNames.Instance));
        api.MapPost("/licence-qr", ClerkLicenceQr.HandleAsync);
        api.MapPost("/licence-file", ClerkLicenceFile.HandleAsync);
        api.MapPost("/qr", (HttpContext context, ILoggerFactory logs) => DecodeQrAsync(context, options, logs.CreateLogger("Trust.Grpc.Clerk")));
        return app;
    }

    private static IResult Asset(HttpContext context, string file)
    {
        if (ClerkAssets.Find(file) is not { } asset)
        {
            return Results.NotFound();
        }

        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        context.Response.Headers.ETag = asset.ETag;
        return Results.Bytes(asset.Content, asset.ContentType);
    }

    /// <summary>Reads the QR code in the uploaded picture (request body: the image bytes, at most <see cref="ClerkPageOptions.MaxUploadBytes"/>).</summary>
    private static async Task<IResult> DecodeQrAsync(HttpContext context, ClerkPageOptions options, ILogger logger)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = options.MaxUploadBytes;
        }

        if (context.Request.ContentLength > options.MaxUploadBytes)
        {
            return Failure(logger, QrImageFailure.TooLarge);
        }

        byte[] body;
        try
        {
            body = await ReadBoundedAsync(context.Request.Body, options.MaxUploadBytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException)
        {
            return Failure(logger, QrImageFailure.TooLarge);
        }

        if (body.Length > options.MaxUploadBytes)
        {
            return Failure(logger, QrImageFailure.TooLarge);
        }

        var result = ClerkQrImageDecoder.Decode(body, options);
        return result.Succeeded ? Results.Json(new QrDecodeAnswer(result.Text!)) : Failure(logger, result.Failure);
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream body, int max, CancellationToken cancellationToken)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[81_920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            copy.Write(buffer, 0, read);
            if (copy.Length > max)
            {
                break;
            }
        }

        return copy.ToArray();
    }

    private static IResult Failure(ILogger logger, QrImageFailure failure)
    {
        LogQrFailure(logger, failure);
        var code = failure switch
        {
            QrImageFailure.TooLarge => "image_too_large",
            QrImageFailure.TooManyPixels => "image_too_many_pixels",
            QrImageFailure.NotAnImage => "not_an_image",
            _ => "no_qr_code",
        };
        var status = failure == QrImageFailure.TooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status422UnprocessableEntity;
        return Results.Json(new QrDecodeError(code), statusCode: status);
    }

    [LoggerMessage(EventId = 801, Level = LogLevel.Information, Message = "clerk page: uploaded QR picture not read ({Failure})")]
    private static partial void LogQrFailure(ILogger logger, QrImageFailure failure);

    /// <summary>The QR text read from a picture.</summary>
    internal sealed record QrDecodeAnswer(string QrText);

    /// <summary>Why no QR text was read: <c>image_too_large</c>, <c>image_too_many_pixels</c>, <c>not_an_image</c>, <c>no_qr_code</c>.</summary>
    internal sealed record QrDecodeError(string Error);
}
