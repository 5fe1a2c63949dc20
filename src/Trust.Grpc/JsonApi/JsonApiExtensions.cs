namespace Trust.Grpc.JsonApi;

/// <summary>
/// The JSON API: HTTP/JSON transcoding (Microsoft.AspNetCore.Grpc.JsonTranscoding) of the read-only calls
/// annotated with <c>google.api.http</c> in the protos, under <c>/v1/...</c>. It answers wherever HTTP/1.1
/// arrives, which is the <c>Web</c> endpoint (the <c>Grpc</c> endpoint is HTTP/2 only). JSON follows the
/// proto3 JSON mapping (lowerCamelCase names, bytes as base64, RFC 3339 timestamps) and writes every field,
/// defaults included, so the shapes stay fixed for the clerk page and for scripts.
/// </summary>
internal static class JsonApiExtensions
{
    /// <summary>The path prefix of every JSON route.</summary>
    public const string RoutePrefix = "/v1";

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
    /// Marks every JSON API response <c>Cache-Control: no-store</c> (licences, grant checks and form values are
    /// personal data; nothing under <c>/v1</c> may be kept by a browser or a proxy) and <c>nosniff</c>.
    /// </summary>
    public static IApplicationBuilder UseTrustJsonApi(this IApplicationBuilder app)
    {
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(RoutePrefix, StringComparison.Ordinal))
            {
                context.Response.OnStarting(static state =>
                {
                    var headers = ((HttpContext)state).Response.Headers;
                    headers.CacheControl = "no-store";
                    headers.Pragma = "no-cache";
                    headers.XContentTypeOptions = "nosniff";
                    return Task.CompletedTask;
                }, context);
            }

            return next(context);
        });
        return app;
    }
}
