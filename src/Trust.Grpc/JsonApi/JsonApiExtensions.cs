using System.Text.Json;
using Google.Protobuf;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Http.Features;
using Trust.Grpc.Hosting;

namespace Trust.Grpc.JsonApi;

/// <summary>
/// The JSON API: HTTP/JSON transcoding (Microsoft.AspNetCore.Grpc.JsonTranscoding) of the read-only calls
/// annotated with <c>google.api.http</c> in the protos, under <c>/v1/...</c>. It answers wherever HTTP/1.1
/// arrives, which is the <c>Web</c> endpoint (the <c>Grpc</c> endpoint is HTTP/2 only). JSON follows the
/// proto3 JSON mapping (lowerCamelCase names, bytes as base64, RFC 3339 timestamps, enums by name) and writes
/// every field, defaults included, so the shapes stay fixed for the clerk page and for scripts. Errors are
/// <c>{"code": GRPC_CODE, "message": "field: what is wrong", "details": []}</c> with the HTTP status of the
/// gRPC code (INVALID_ARGUMENT 400, NOT_FOUND 404, PERMISSION_DENIED 403, UNAUTHENTICATED 401, ...).
/// </summary>
internal static class JsonApiExtensions
{
    /// <summary>The path prefix of every JSON route.</summary>
    public const string RoutePrefix = "/v1";

    /// <summary>Nesting deeper than this in a request body is refused (the deepest trust.v1 request nests 3 levels).</summary>
    private const int MaxDepth = 16;

    private static readonly JsonParser StrictParser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false).WithRecursionLimit(MaxDepth));

    /// <summary>Turns JSON transcoding on for the gRPC services mapped afterwards.</summary>
    public static IServiceCollection AddTrustJsonApi(this IServiceCollection services)
    {
        services.AddGrpc().AddJsonTranscoding(options =>
        {
            options.JsonSettings.IgnoreDefaultValues = false;
            options.JsonSettings.WriteIndented = false;
        });
        return services;
    }

    /// <summary>
    /// Guards the JSON routes: marks every response <c>Cache-Control: no-store</c> (licences, grant checks and
    /// form values are personal data; nothing under <c>/v1</c> may be kept by a browser or a proxy), limits the
    /// request body (<see cref="TrustServerOptions.JsonMaxBodyBytes"/>), and reads a JSON body strictly before
    /// the transcoder does, so that a bad body gets a 400 saying what and where (the transcoder only says
    /// "not correctly formatted", and silently ignores unknown fields).
    /// </summary>
    public static IApplicationBuilder UseTrustJsonApi(this IApplicationBuilder app)
    {
        var limit = app.ApplicationServices.GetRequiredService<TrustServerOptions>().JsonMaxBodyBytes;
        app.Use(async (context, next) =>
        {
            if (!context.Request.Path.StartsWithSegments(RoutePrefix, StringComparison.Ordinal))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.CacheControl = "no-store";
                headers.Pragma = "no-cache";
                headers.XContentTypeOptions = "nosniff";
                return Task.CompletedTask;
            }, context);

            var rule = context.GetEndpoint()?.Metadata.GetMetadata<GrpcJsonTranscodingMetadata>();
            if (rule is not null && rule.HttpRule.Body == "*" && !await CheckBodyAsync(context, rule, limit).ConfigureAwait(false))
            {
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        return app;
    }

    /// <summary>Reads and strictly parses the body; writes a 400 and returns false when it is not acceptable.</summary>
    private static async Task<bool> CheckBodyAsync(HttpContext context, GrpcJsonTranscodingMetadata rule, long limit)
    {
        var request = context.Request;
        if (request.ContentLength > limit)
        {
            await WriteInvalidAsync(context, $"request body: {request.ContentLength} bytes; at most {limit}").ConfigureAwait(false);
            return false;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit;
        }

        if (!request.HasJsonContentType())
        {
            return true; // the transcoder answers 400 naming the content type
        }

        request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: limit);
        string text;
        try
        {
            using var reader = new StreamReader(request.Body, new System.Text.UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: false, leaveOpen: true);
            text = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (BadHttpRequestException)
        {
            await WriteInvalidAsync(context, $"request body: larger than {limit} bytes").ConfigureAwait(false);
            return false;
        }
        catch (System.Text.DecoderFallbackException)
        {
            await WriteInvalidAsync(context, "request body: not UTF-8").ConfigureAwait(false);
            return false;
        }

        request.Body.Position = 0;
        try
        {
            using (var document = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = MaxDepth }))
            {
                if (JsonBodyShape.Problem(document.RootElement, rule.MethodDescriptor.InputType) is { } problem)
                {
                    await WriteInvalidAsync(context, "request body: " + problem).ConfigureAwait(false);
                    return false;
                }
            }

            StrictParser.Parse(text, rule.MethodDescriptor.InputType);
            return true;
        }
        catch (JsonException ex)
        {
            await WriteInvalidAsync(context, $"request body: not JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): " + FirstSentence(ex.Message)).ConfigureAwait(false);
        }
        catch (InvalidProtocolBufferException ex)
        {
            await WriteInvalidAsync(context, "request body: " + ex.Message).ConfigureAwait(false);
        }
        catch (InvalidJsonException ex)
        {
            await WriteInvalidAsync(context, "request body: not JSON: " + ex.Message).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            await WriteInvalidAsync(context, "request body: " + ex.Message).ConfigureAwait(false);
        }

        return false;
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..(end + 1)];
    }

    private static async Task WriteInvalidAsync(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(JsonSerializer.Serialize(new { code = 3, message, details = Array.Empty<object>() }), context.RequestAborted).ConfigureAwait(false);
    }
}
