using Microsoft.AspNetCore.Http;

namespace Trust.Grpc.Clerk;

/// <summary>Reads a clerk-page API request body: at most a fixed number of bytes, then strict JSON.</summary>
internal static class ClerkJsonBody
{
    /// <summary>
    /// The body of <paramref name="http"/> as <typeparamref name="T"/>; null when it is larger than
    /// <paramref name="maxBytes"/> (declared or read) or is not JSON of that shape.
    /// </summary>
    public static async Task<T?> ReadAsync<T>(HttpContext http, int maxBytes, System.Text.Json.JsonSerializerOptions options)
        where T : class
    {
        if (http.Request.ContentLength > maxBytes)
        {
            return null;
        }

        var buffer = new byte[maxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await http.Request.Body.ReadAsync(buffer.AsMemory(length), http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            length += read;
        }

        if (length > maxBytes)
        {
            return null;
        }

        try
        {
            return System.Text.Json.JsonSerializer.Deserialize<T>(buffer.AsSpan(0, length), options);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
