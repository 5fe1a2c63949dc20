using System.Globalization;
using System.Text;
using QRCoder;
using Trust.Core.Licences;

namespace Trust.Documents.Layout;

/// <summary>
/// Lays out a licence page from the licence payload and its type's <see cref="LicenceLayout"/> (catalog hints, or the
/// default for a type without hints): a double frame, the title (the type's Chinese name unless the hints give one)
/// and English name, the licence number, a table of the holder and the type's fields with their Chinese labels (in the
/// hints' groups and order, emphasised fields larger, wide fields across the table), the validity, the issuing
/// department and date, the licence's QR code and the seal's place (<see cref="SealPlacement"/>). Portrait pages have a
/// one-column table with the QR code at the bottom left; landscape pages (the paper business licence's shape) a
/// two-column table with the QR code at the top right. The page is a pure function of the licence payload and its
/// type, so a verifier renders it again from the embedded licence and compares.
/// </summary>
internal static class LicencePageLayout
{
    private const double Margin = 15;
    private const double LabelX = 30;
    private const double ValueX = 72;
    private const double ValueWidth = 108;
    private const double TableTop = 72;
    private const double TableBottom = 200;

    /// <summary>Value size of an emphasised field, relative to the table's text size.</summary>
    private const double Emphasis = 1.2;

    public static PageModel Render(LicencePayload payload, LicenceType type, string qrText)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(type);
        var rows = PageRows.For(payload, type);
        return type.Layout.Orientation == LicencePageOrientation.Landscape
            ? LandscapePage.Render(payload, type, rows, qrText)
            : Portrait(payload, type, rows, qrText);
    }

    private static PageModel Portrait(LicencePayload payload, LicenceType type, IReadOnlyList<PageRow> rows, string qrText)
    {
        var page = new PageModel(LicencePageOrientation.Portrait);
        page.Rects.Add(new RectItem(Margin, Margin, page.Width - (2 * Margin), page.Height - (2 * Margin), false, 0.8));
        page.Rects.Add(new RectItem(Margin + 2, Margin + 2, page.Width - (2 * Margin) - 4, page.Height - (2 * Margin) - 4, false, 0.3));

        var title = type.Layout.Title ?? type.NameZh;
        var titleSize = Math.Min(12, 150 / Math.Max(1, DisplayWidth(title)));
        page.Texts.Add(new TextItem((page.Width - (DisplayWidth(title) * titleSize)) / 2, 45, titleSize, title));
        var english = type.NameEn;
        page.Texts.Add(new TextItem((page.Width - (DisplayWidth(english) * 4)) / 2, 53, 4, english));
        page.Texts.Add(new TextItem(LabelX, 64, 4, "证照编号：" + payload.Id));
        page.Rects.Add(new RectItem(LabelX, 67, page.Width - (2 * LabelX), 0, false, 0.3));

        // Font size so that every row (wrapped) fits between the table's top and bottom.
        var table = new TableGeometry(LabelX, ValueX, ValueWidth, page.Width - LabelX);
        var size = FitSize([.. rows.Select(r => (IReadOnlyList<(PageRow, TableGeometry)>)[(r, table)])], TableBottom - TableTop);
        var y = TableTop + size;
        foreach (var row in rows)
        {
            y += Draw(page, row, table, y, size);
        }

        page.Rects.Add(new RectItem(LabelX, 205, page.Width - (2 * LabelX), 0, false, 0.3));
        var department = DepartmentName(payload.IssuerDepartment);
        page.Texts.Add(new TextItem(110, 225, 4.5, "发证机关：" + department));
        page.Texts.Add(new TextItem(110, 235, 4.5, "发证日期：" + ChineseDate(payload.IssuedAt)));
        page.SealCentre = SealPlacement.Centre(page.Width, page.Height, 0);

        // The licence's QR code (its signed bytes, RFC 9285 Base45 text): vector modules, no image needed.
        var qrSize = 50.0;
        AddQr(page, qrText, 28, 212, qrSize);
        page.Texts.Add(new TextItem(28, 212 + qrSize + 5, 3, "扫码核验电子证照"));
        return page;
    }

    /// <summary>
    /// The largest text size (from 4.2 mm, in steps of 10 %, at least about 1.2 mm) at which the table lines, each one
    /// or more cells side by side with their geometry, fit into <paramref name="available"/> millimetres.
    /// </summary>
    internal static double FitSize(IReadOnlyList<IReadOnlyList<(PageRow Row, TableGeometry Table)>> lines, double available)
    {
        var size = 4.2;
        while (true)
        {
            var height = lines.Sum(line => line.Max(cell => Height(cell.Row, cell.Table, size)));
            if (height <= available || size <= 1.2)
            {
                return size;
            }

            size *= 0.9;
        }
    }

    /// <summary>Height of one row: its label and value lines and the gap after it.</summary>
    internal static double Height(PageRow row, TableGeometry table, double size)
    {
        var valueSize = row.Emphasised ? size * Emphasis : size;
        switch (row.Kind)
        {
            case PageRowKind.Heading:
                return (size * 1.45) + (size * 0.9);
            case PageRowKind.Wide:
                return (Wrap(row.Label, table.FullWidth / size).Count * size * 1.45) + (Wrap(row.Value, table.WideValueWidth / valueSize).Count * valueSize * 1.45) + (size * 0.9);
            default:
                var lines = Wrap(row.Value, table.ValueWidth / valueSize).Count;
                var labelLines = Wrap(row.Label, table.LabelWidth / size).Count;
                return Math.Max(lines * valueSize * 1.45, labelLines * size * 1.45) + (size * 0.9);
        }
    }

    /// <summary>Draws one row with its first baseline at <paramref name="y"/>; returns its height.</summary>
    internal static double Draw(PageModel page, PageRow row, TableGeometry table, double y, double size)
    {
        var valueSize = row.Emphasised ? size * Emphasis : size;
        switch (row.Kind)
        {
            case PageRowKind.Heading:
                page.Texts.Add(new TextItem(table.LabelX, y, size, row.Label));
                var after = table.LabelX + ((DisplayWidth(row.Label) + 0.5) * size);
                page.Rects.Add(new RectItem(Round(after), Round(y - (size * 0.35)), Round(table.Right - after), 0, false, 0.2));
                break;
            case PageRowKind.Wide:
                var labelLines = Wrap(row.Label, table.FullWidth / size);
                for (var i = 0; i < labelLines.Count; i++)
                {
                    page.Texts.Add(new TextItem(table.LabelX, y + (i * size * 1.45), size, labelLines[i] + (i == labelLines.Count - 1 ? "：" : "")));
                }

                var top = y + (labelLines.Count * size * 1.45) + (valueSize - size);
                var values = Wrap(row.Value, table.WideValueWidth / valueSize);
                for (var i = 0; i < values.Count; i++)
                {
                    page.Texts.Add(new TextItem(table.WideValueX, top + (i * valueSize * 1.45), valueSize, values[i]));
                }

                break;
            default:
                var labels = Wrap(row.Label, table.LabelWidth / size);
                for (var i = 0; i < labels.Count; i++)
                {
                    page.Texts.Add(new TextItem(table.LabelX, y + (i * size * 1.45), size, labels[i] + (i == labels.Count - 1 ? "：" : "")));
                }

                var lines = Wrap(row.Value, table.ValueWidth / valueSize);
                for (var i = 0; i < lines.Count; i++)
                {
                    page.Texts.Add(new TextItem(table.ValueX, y + (i * valueSize * 1.45), valueSize, lines[i]));
                }

                break;
        }

        return Height(row, table, size);
    }

    /// <summary>The department's name as shown: the catalog's Chinese name of its kind and the code.</summary>
    public static string DepartmentName(string departmentCode)
    {
        var kind = LicenceCatalog.Default.Departments
            .Where(d => departmentCode.StartsWith(d.Code, StringComparison.Ordinal))
            .MaxBy(d => d.Code.Length);
        return kind is null ? departmentCode : kind.NameZh + "（" + departmentCode + "）";
    }

    internal static string Label(LicenceType type, string code, string fallback) =>
        type.FindField(code)?.LabelZh is { Length: > 0 } label ? label : fallback;

    internal static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static string ChineseDate(DateTimeOffset at)
    {
        var d = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月{d.Day}日");
    }

    internal static void AddQr(PageModel page, string text, double x, double y, double size)
    {
        using var generator = new QRCodeGenerator();
        QRCodeData data;
        try
        {
            data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.L);
        }
        catch (QRCoder.Exceptions.DataTooLongException)
        {
            // Too long for one symbol (a long certificate chain): the code carries the licence identifier only.
            data = generator.CreateQrCode("TL-ID:" + text, QRCodeGenerator.ECCLevel.M);
        }

        using (data)
        {
            var matrix = data.ModuleMatrix;
            var n = matrix.Count;
            var module = size / n;
            for (var row = 0; row < n; row++)
            {
                var bits = matrix[row];
                var col = 0;
                while (col < n)
                {
                    if (!bits[col])
                    {
                        col++;
                        continue;
                    }

                    var start = col;
                    while (col < n && bits[col])
                    {
                        col++;
                    }

                    page.Rects.Add(new RectItem(Round(x + (start * module)), Round(y + (row * module)), Round((col - start) * module), Round(module), true));
                }
            }
        }
    }

    internal static double Round(double v) => Math.Round(v, 3);

    /// <summary>Width in em: CJK and other wide characters 1, others 0.5.</summary>
    public static double DisplayWidth(string text)
    {
        double w = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            w += rune.Value >= 0x2E80 ? 1 : 0.55;
        }

        return w;
    }

    internal static List<string> Wrap(string text, double emPerLine)
    {
        var lines = new List<string>();
        var current = new StringBuilder();
        double width = 0;
        foreach (var rune in text.Replace('\n', ' ').EnumerateRunes())
        {
            var w = rune.Value >= 0x2E80 ? 1 : 0.55;
            if (width + w > emPerLine && current.Length > 0)
            {
                lines.Add(current.ToString());
                current.Clear();
                width = 0;
            }

            current.Append(rune.ToString());
            width += w;
        }

        lines.Add(current.ToString());
        return lines;
    }
}
