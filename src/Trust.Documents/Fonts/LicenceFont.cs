namespace Trust.Documents.Fonts;

/// <summary>
/// The CJK font licence files embed (a subset of): a TrueType-outline font, by default WenQuanYi Micro Hei
/// (Debian fonts-wqy-microhei) or the first of a few other Debian CJK TrueType fonts present;
/// <c>TRUST_LICENCE_FONT</c> names another .ttf/.ttc (optionally <c>path#face</c>).
/// </summary>
internal static class LicenceFont
{
    private static readonly string[] Candidates =
    [
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
        "/usr/share/fonts/truetype/arphic/uming.ttc",
    ];

    private static readonly Lazy<TrueTypeFont> Font = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    public static TrueTypeFont Default => Font.Value;

    private static TrueTypeFont Load()
    {
        var configured = Environment.GetEnvironmentVariable("TRUST_LICENCE_FONT");
        var face = 0;
        string? path = null;
        if (!string.IsNullOrEmpty(configured))
        {
            var hash = configured.LastIndexOf('#');
            path = hash > 0 ? configured[..hash] : configured;
            face = hash > 0 ? int.Parse(configured[(hash + 1)..], System.Globalization.CultureInfo.InvariantCulture) : 0;
        }
        else
        {
            path = Candidates.FirstOrDefault(File.Exists);
        }

        if (path is null || !File.Exists(path))
        {
            throw new FileNotFoundException(
                "No CJK TrueType font for licence files: install fonts-wqy-microhei or set TRUST_LICENCE_FONT to a .ttf/.ttc file.", path);
        }

        return TrueTypeFont.Load(File.ReadAllBytes(path), face);
    }
}
