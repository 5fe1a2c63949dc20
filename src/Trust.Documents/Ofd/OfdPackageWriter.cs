using System.Globalization;
using System.IO.Compression;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using Trust.Documents.Layout;

namespace Trust.Documents.Ofd;

/// <summary>
/// Writes an unsigned OFD package (GB/T 33190-2016): <c>OFD.xml</c> (DocBody with DocInfo and the licence metadata
/// as CustomDatas, section 7.4), <c>Doc_0/Document.xml</c> (section 7.5), <c>Doc_0/PublicRes.xml</c> with the
/// embedded subset font (section 11.1), <c>Doc_0/Pages/Page_0/Content.xml</c> (text objects, path objects for the
/// frame and the QR code; section 7.7), and the signed licence as an attachment (<c>Doc_0/Attachs</c>, section 20).
/// Units are millimetres, origin top-left.
/// </summary>
internal static class OfdPackageWriter
{
    public const string Ns = "http://www.ofdspec.org/2016";
    public const string AttachmentPath = "Doc_0/Attachs/licence.lic";
    public const string ContentPath = "Doc_0/Pages/Page_0/Content.xml";
    public const string FontPath = "Doc_0/Res/font_2.ttf";
    public const int PageId = 1;
    public const int FontId = 2;

    private static string N(double v) => Math.Round(v, 3).ToString("0.###", CultureInfo.InvariantCulture);

    private static string X(string s) => SecurityElement.Escape(s) ?? "";

    public static byte[] Write(RenderedPage rendered, ReadOnlyMemory<byte> licence, DateTimeOffset created)
    {
        var files = new List<(string Path, byte[] Data)>();
        var (content, maxId) = Content(rendered.Page);
        var docId = Convert.ToHexString(SHA256.HashData(licence.Span).AsSpan(0, 16));

        var ofd = new StringBuilder();
        ofd.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:OFD xmlns:ofd=\"{Ns}\" Version=\"1.0\" DocType=\"OFD\">\n<ofd:DocBody>\n<ofd:DocInfo>");
        ofd.Append(CultureInfo.InvariantCulture, $"<ofd:DocID>{docId}</ofd:DocID><ofd:Title>{X(rendered.Title)}</ofd:Title><ofd:Author>{X(rendered.Metadata.First(m => m.Name == "IssuingDepartment").Value)}</ofd:Author>");
        ofd.Append(CultureInfo.InvariantCulture, $"<ofd:CreationDate>{created.UtcDateTime:yyyy-MM-dd}</ofd:CreationDate><ofd:Creator>Trust</ofd:Creator><ofd:CreatorVersion>1.0</ofd:CreatorVersion><ofd:CustomDatas>");
        foreach (var (name, value) in rendered.Metadata)
        {
            ofd.Append(CultureInfo.InvariantCulture, $"<ofd:CustomData Name=\"{name}\">{X(value)}</ofd:CustomData>");
        }

        ofd.Append("</ofd:CustomDatas></ofd:DocInfo>\n<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>\n</ofd:DocBody>\n</ofd:OFD>\n");
        files.Add(("OFD.xml", Encoding.UTF8.GetBytes(ofd.ToString())));

        var document = $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <ofd:Document xmlns:ofd="{Ns}">
            <ofd:CommonData><ofd:MaxUnitID>{maxId + 1}</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {N(rendered.Page.Width)} {N(rendered.Page.Height)}</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>
            <ofd:Pages><ofd:Page ID="{PageId}" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages>
            <ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>
            </ofd:Document>

            """;
        files.Add(("Doc_0/Document.xml", Encoding.UTF8.GetBytes(document)));
        var family = X(rendered.Font.Source.FamilyName);
        files.Add(("Doc_0/PublicRes.xml", Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <ofd:Res xmlns:ofd="{Ns}" BaseLoc="Res">
            <ofd:Fonts><ofd:Font ID="{FontId}" FontName="{family}" FamilyName="{family}"><ofd:FontFile>font_2.ttf</ofd:FontFile></ofd:Font></ofd:Fonts>
            </ofd:Res>

            """)));
        files.Add((FontPath, rendered.Font.Data));
        files.Add((ContentPath, content));
        var sizeKb = N(licence.Length / 1024.0);
        files.Add(("Doc_0/Attachs/Attachments.xml", Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <ofd:Attachments xmlns:ofd="{Ns}">
            <ofd:Attachment ID="{maxId + 1}" Name="licence.lic" Format="cose" CreationDate="{LicenceMetadata.Iso(created)}" Size="{sizeKb}" Visible="false" Usage="Source"><ofd:FileLoc>licence.lic</ofd:FileLoc></ofd:Attachment>
            </ofd:Attachments>

            """)));
        files.Add((AttachmentPath, licence.ToArray()));
        return OfdZip.Write(files);
    }

    /// <summary>The page's Content.xml, a pure function of the page model (no font metrics), and the largest object id used.</summary>
    public static (byte[] Content, int MaxId) Content(PageModel page)
    {
        var id = 10;
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ofd:Page xmlns:ofd=\"{Ns}\">\n<ofd:Content><ofd:Layer ID=\"{id++}\">\n");
        foreach (var r in page.Rects.Where(r => !r.Fill))
        {
            var lw = r.LineWidth;
            var path = r.Height == 0
                ? $"M 0 {N(lw / 2)} L {N(r.Width)} {N(lw / 2)}"
                : $"M {N(lw / 2)} {N(lw / 2)} L {N(r.Width + (lw / 2))} {N(lw / 2)} L {N(r.Width + (lw / 2))} {N(r.Height + (lw / 2))} L {N(lw / 2)} {N(r.Height + (lw / 2))} C";
            sb.Append(CultureInfo.InvariantCulture, $"<ofd:PathObject ID=\"{id++}\" Boundary=\"{N(r.X - (lw / 2))} {N(r.Y - (lw / 2))} {N(r.Width + lw)} {N(r.Height + lw)}\" LineWidth=\"{N(lw)}\" Stroke=\"true\" Fill=\"false\"><ofd:StrokeColor Value=\"140 20 20\"/><ofd:AbbreviatedData>{path}</ofd:AbbreviatedData></ofd:PathObject>\n");
        }

        var fills = page.Rects.Where(r => r.Fill).ToList();
        if (fills.Count > 0)
        {
            var minX = fills.Min(r => r.X);
            var minY = fills.Min(r => r.Y);
            var maxX = fills.Max(r => r.X + r.Width);
            var maxY = fills.Max(r => r.Y + r.Height);
            var data = string.Join(' ', fills.Select(r =>
                $"M {N(r.X - minX)} {N(r.Y - minY)} L {N(r.X - minX + r.Width)} {N(r.Y - minY)} L {N(r.X - minX + r.Width)} {N(r.Y - minY + r.Height)} L {N(r.X - minX)} {N(r.Y - minY + r.Height)} C"));
            sb.Append(CultureInfo.InvariantCulture, $"<ofd:PathObject ID=\"{id++}\" Boundary=\"{N(minX)} {N(minY)} {N(maxX - minX)} {N(maxY - minY)}\" Stroke=\"false\" Fill=\"true\"><ofd:FillColor Value=\"0 0 0\"/><ofd:AbbreviatedData>{data}</ofd:AbbreviatedData></ofd:PathObject>\n");
        }

        foreach (var t in page.Texts)
        {
            var width = (LicencePageLayout.DisplayWidth(t.Text) * t.Size) + t.Size;
            sb.Append(CultureInfo.InvariantCulture, $"<ofd:TextObject ID=\"{id++}\" Boundary=\"{N(t.X)} {N(t.Y - t.Size)} {N(width)} {N(t.Size * 1.4)}\" Font=\"{FontId}\" Size=\"{N(t.Size)}\"><ofd:FillColor Value=\"0 0 0\"/><ofd:TextCode X=\"0\" Y=\"{N(t.Size)}\">{X(t.Text)}</ofd:TextCode></ofd:TextObject>\n");
        }

        sb.Append("</ofd:Layer></ofd:Content>\n</ofd:Page>\n");
        return (Encoding.UTF8.GetBytes(sb.ToString()), id);
    }
}

/// <summary>Reads and writes the ZIP container of an OFD package, with limits and strict entry names.</summary>
internal static class OfdZip
{
    public const int MaxEntries = 4096;
    public const long MaxTotalBytes = 256L << 20;

    public static byte[] Write(IEnumerable<(string Path, byte[] Data)> files)
    {
        using var ms = new MemoryStream();
        using (var zip = new ZipArchive(ms, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, data) in files)
            {
                var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var s = entry.Open();
                s.Write(data);
            }
        }

        return ms.ToArray();
    }

    /// <summary>The entries in order, by path without a leading slash.</summary>
    /// <exception cref="Core.TrustFormatException">Not a ZIP, duplicate or unsafe entry names, or over the limits.</exception>
    public static List<(string Path, byte[] Data)> Read(byte[] package) => Read(package, MaxEntries, MaxTotalBytes);

    /// <summary>
    /// The entries in order, within configured limits at or below the format's (<see cref="MaxEntries"/>,
    /// <see cref="MaxTotalBytes"/>): a package over a configured limit but within the format's throws
    /// <see cref="OfdLimitException"/> (<c>limit.objects</c>, <c>limit.total_decoded_bytes</c>) before the entries are inflated.
    /// </summary>
    /// <exception cref="Core.TrustFormatException">Not a ZIP, duplicate or unsafe entry names, or over the format's limits.</exception>
    /// <exception cref="OfdLimitException">Over a configured limit.</exception>
    public static List<(string Path, byte[] Data)> Read(byte[] package, int maxEntries, long maxTotalBytes)
    {
        var result = new List<(string, byte[])>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(package, writable: false), ZipArchiveMode.Read);
            if (zip.Entries.Count > MaxEntries)
            {
                throw new Core.TrustFormatException("ofd.package", $"The package has {zip.Entries.Count} entries (at most {MaxEntries}).");
            }

            if (zip.Entries.Count > maxEntries)
            {
                throw new OfdLimitException(Core.Results.LimitReasons.Objects, $"The package has {zip.Entries.Count} entries (this verifier accepts {maxEntries}).");
            }

            // Every declared size is checked before anything is inflated (inflating still stops at the declared size).
            long declared = 0;
            foreach (var entry in zip.Entries)
            {
                declared += Math.Max(0, entry.Length);
            }

            if (declared > maxTotalBytes && declared <= MaxTotalBytes)
            {
                throw new OfdLimitException(Core.Results.LimitReasons.TotalDecodedBytes, $"The package expands to {declared} bytes (this verifier accepts {maxTotalBytes}).");
            }

            foreach (var entry in zip.Entries)
            {
                var name = entry.FullName;
                if (name.EndsWith('/') && entry.Length == 0)
                {
                    continue;
                }

                if (name.Length == 0 || name.StartsWith('/') || name.Contains('\\', StringComparison.Ordinal) || name.Split('/').Any(p => p is "" or "." or ".."))
                {
                    throw new Core.TrustFormatException("ofd.package", $"Unsafe entry name '{name}'.");
                }

                if (!seen.Add(name))
                {
                    throw new Core.TrustFormatException("ofd.package", $"Duplicate entry '{name}'.");
                }

                total += entry.Length;
                if (entry.Length < 0 || total > MaxTotalBytes)
                {
                    throw new Core.TrustFormatException("ofd.package", $"The package expands to more than {MaxTotalBytes} bytes.");
                }

                using var s = entry.Open();
                var data = new byte[entry.Length];
                s.ReadExactly(data);
                if (s.ReadByte() != -1)
                {
                    throw new Core.TrustFormatException("ofd.package", $"Entry '{name}' is longer than its header says.");
                }

                result.Add((name, data));
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException or NotSupportedException or IOException)
        {
            throw new Core.TrustFormatException("ofd.package", "Not a readable OFD (ZIP) package: " + ex.Message, innerException: ex);
        }

        return result;
    }
}

/// <summary>An OFD package is over a configured limit of <see cref="LicenceFileVerificationOptions"/> (but within the format's); <see cref="Reason"/> names it.</summary>
internal sealed class OfdLimitException(string reason, string message) : Core.TrustFormatException(reason, message)
{
    /// <summary>The reason code, for example <c>limit.objects</c>.</summary>
    public string Reason { get; } = reason;
}
