namespace Trust.Grpc.Clerk;

/// <summary>The <c>Trust:Clerk</c> configuration section: the clerk page and its QR picture upload.</summary>
internal sealed class ClerkPageOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Trust:Clerk";

    /// <summary>Whether the page is served at all (default true).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Largest uploaded QR picture in bytes (default 4 MiB; a phone photo is 2-4 MB, a screenshot far less).</summary>
    public int MaxUploadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Longest side of an uploaded picture in pixels (default 8,192).</summary>
    public int MaxImageSide { get; set; } = 8_192;

    /// <summary>Most pixels of an uploaded picture, read from its header before decoding (default 40 million).</summary>
    public long MaxImagePixels { get; set; } = 40_000_000;
}
