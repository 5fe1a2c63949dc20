using Trust.Core;
using Trust.Core.Licences;
using Trust.Documents.Fonts;
using Trust.Documents.Layout;
using Trust.Documents.Ofd;
using Trust.Documents.Pdf;

namespace Trust.Documents;

/// <summary>
/// Renders a signed licence into an unsealed archival file: one page laid out like the paper licence (title, the
/// type's fields with their Chinese labels, holder, licence number, validity, issuing department and date, QR code),
/// Chinese text in an embedded subset TrueType font, the licence (.lic bytes) embedded and its metadata recorded.
/// Seal the result with <see cref="LicenceFileSealer"/>.
/// </summary>
public static class LicenceFileRenderer
{
    /// <summary>Renders <paramref name="licence"/> as <paramref name="format"/>.</summary>
    /// <param name="licence">The signed licence (its signature is not checked here).</param>
    /// <param name="format">PDF/A-3b or OFD.</param>
    /// <param name="created">Creation time written into the metadata; default now.</param>
    /// <param name="catalog">The licence catalog; default <see cref="LicenceCatalog.Default"/>.</param>
    /// <exception cref="TrustFormatException">The licence's type (and version) is not in the catalog.</exception>
    /// <exception cref="FileNotFoundException">No CJK TrueType font is installed (see <c>docs/licence-files.md</c>).</exception>
    public static byte[] Render(SignedLicence licence, LicenceFileFormat format, DateTimeOffset? created = null, LicenceCatalog? catalog = null)
    {
        ArgumentNullException.ThrowIfNull(licence);
        var rendered = RenderedPage.For(licence, catalog);
        var at = DateTimeOffset.FromUnixTimeSeconds((created ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds());
        return format == LicenceFileFormat.Ofd
            ? OfdPackageWriter.Write(rendered, licence.Encoded, at)
            : PdfA3Writer.Write(rendered.Page, rendered.Font, licence.Encoded, rendered.Metadata, rendered.Title, at);
    }
}

/// <summary>The page of a licence with its font subset and metadata: what both writers and the verifiers use.</summary>
internal sealed class RenderedPage
{
    private readonly Lazy<FontSubset> _font;

    private RenderedPage(PageModel page, IReadOnlyList<(string Name, string Value)> metadata, string title)
    {
        Page = page;
        _font = new Lazy<FontSubset>(() => LicenceFont.Default.Subset(page.CodePoints()), LazyThreadSafetyMode.ExecutionAndPublication);
        Metadata = metadata;
        Title = title;
    }

    public PageModel Page { get; }

    /// <summary>The font subset of the page's characters, built when first used (the OFD page comparison does not need it).</summary>
    public FontSubset Font => _font.Value;

    public IReadOnlyList<(string Name, string Value)> Metadata { get; }

    public string Title { get; }

    public static RenderedPage For(SignedLicence licence, LicenceCatalog? catalog)
    {
        var payload = licence.Payload;
        var type = (catalog ?? LicenceCatalog.Default).Find(payload.TypeCode, payload.TypeVersion)
            ?? throw new TrustFormatException("licence.type", $"Licence type {payload.TypeCode} v{payload.TypeVersion} is not in the catalog.");
        var page = LicencePageLayout.Render(payload, type, licence.ToQrText());
        return new RenderedPage(page, LicenceMetadata.From(payload, type), type.NameZh + " " + payload.Id);
    }
}
