using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;

namespace Trust.Grpc.Clerk;

/// <summary>One static file of the clerk page, embedded in the server assembly.</summary>
internal sealed record ClerkAsset(string Name, string ContentType, byte[] Content, string ETag);

/// <summary>
/// The clerk page's files (HTML, CSS, JavaScript, icon), embedded in the assembly under
/// <c>clerk/NAME</c>: a fixed list, nothing is read from disk and no other path is served.
/// </summary>
internal static class ClerkAssets
{
    private const string ResourcePrefix = "clerk/";

    private static readonly FrozenDictionary<string, string> ContentTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [".html"] = "text/html; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".svg"] = "image/svg+xml",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lazy<FrozenDictionary<string, ClerkAsset>> All = new(Load);

    /// <summary>The asset with this file name (for example <c>clerk.js</c>), or null.</summary>
    public static ClerkAsset? Find(string name) => All.Value.GetValueOrDefault(name);

    /// <summary>Names of all assets.</summary>
    public static IEnumerable<string> Names => All.Value.Keys;

    private static FrozenDictionary<string, ClerkAsset> Load()
    {
        var assembly = typeof(ClerkAssets).Assembly;
        var assets = new Dictionary<string, ClerkAsset>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..];
            if (!ContentTypes.TryGetValue(Path.GetExtension(name), out var contentType))
            {
                continue;
            }

            var content = Read(assembly, resource);
            var etag = "\"" + Convert.ToHexString(SHA256.HashData(content), 0, 16) + "\"";
            assets[name] = new ClerkAsset(name, contentType, content, etag);
        }

        return assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static byte[] Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource) ?? throw new InvalidOperationException("missing resource " + resource);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
