using System.Globalization;
using System.Text;
using QRCoder;
using Trust.Core.Licences;

namespace Trust.Documents.Layout;

/// <summary>
/// The default layout of a licence page, for every type of the catalog: a double frame, the type's Chinese name as
/// title, the licence number, a table of the holder and the type's fields with their Chinese labels, the validity,
/// the issuing department and date, the licence's QR code at the bottom left and the seal's place at the bottom right.
/// The page is a pure function of the licence payload and its type, so a verifier renders it again from the
/// embedded licence and compares.
/// </summary>
internal static class LicencePageLayout
{
    private const double Margin = 15;
    private const double LabelX = 30;
    private const double ValueX = 72;
    private const double ValueWidth = 108;
    private const double TableTop = 72;
    private const double TableBottom = 200;

    public static PageModel Render(LicencePayload payload, LicenceType type, string qrText)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(type);
        var page = new PageModel();
        page.Rects.Add(new RectItem(Margin, Margin, PageModel.WidthMm - (2 * Margin), PageModel.HeightMm - (2 * Margin), false, 0.8));
        page.Rects.Add(new RectItem(Margin + 2, Margin + 2, PageModel.WidthMm - (2 * Margin) - 4, PageModel.HeightMm - (2 * Margin) - 4, false, 0.3));

        var title = type.NameZh;
        var titleSize = Math.Min(12, 150 / Math.Max(1, DisplayWidth(title)));
        page.Texts.Add(new TextItem((PageModel.WidthMm - (DisplayWidth(title) * titleSize)) / 2, 45, titleSize, title));
        var english = type.NameEn;
        page.Texts.Add(new TextItem((PageModel.WidthMm - (DisplayWidth(english) * 4)) / 2, 53, 4, english));
        page.Texts.Add(new TextItem(LabelX, 64, 4, "证照编号：" + payload.Id));
        page.Rects.Add(new RectItem(LabelX, 67, PageModel.WidthMm - (2 * LabelX), 0, false, 0.3));

        var rows = new List<(string Label, string Value)>
        {
            (Label(type, LicenceType.HolderNameField, "持证主体"), payload.HolderName),
            (Label(type, LicenceType.HolderIdField, "证件号码"), payload.HolderId),
        };
        foreach (var field in type.Fields)
        {
            if (field.Code is LicenceType.HolderNameField or LicenceType.HolderIdField)
            {
                continue;
            }

            if (payload.Fields.TryGetValue(field.Code, out var value) && value.Length > 0)
            {
                rows.Add((field.LabelZh, value));
            }
        }

        foreach (var extra in payload.Fields.Keys.Where(k => type.FindField(k) is null).Order(StringComparer.Ordinal))
        {
            rows.Add((extra, payload.Fields[extra]));
        }

        var validity = Date(payload.ValidFrom) + " 至 " + (payload.ValidUntil is { } until ? Date(until) : "长期");
        rows.Add(("有效期限", validity));

        // Font size so that every row (wrapped) fits between the table's top and bottom.
        var size = 4.2;
        List<(string Label, List<string> Lines)> wrapped;
        while (true)
        {
            var perLine = ValueWidth / size;
            wrapped = rows.Select(r => (r.Label, Wrap(r.Value, perLine))).ToList();
            var height = wrapped.Sum(r => (Math.Max(r.Lines.Count, Wrap(r.Label, (ValueX - LabelX - 3) / size).Count) * size * 1.45) + (size * 0.9));
            if (height <= TableBottom - TableTop || size <= 1.2)
            {
                break;
            }

            size *= 0.9;
        }

        var y = TableTop + size;
        foreach (var (label, lines) in wrapped)
        {
            var labelLines = Wrap(label, (ValueX - LabelX - 3) / size);
            for (var i = 0; i < labelLines.Count; i++)
            {
                page.Texts.Add(new TextItem(LabelX, y + (i * size * 1.45), size, labelLines[i] + (i == labelLines.Count - 1 ? "：" : "")));
            }

            for (var i = 0; i < lines.Count; i++)
            {
                page.Texts.Add(new TextItem(ValueX, y + (i * size * 1.45), size, lines[i]));
            }

            y += (Math.Max(lines.Count, labelLines.Count) * size * 1.45) + (size * 0.9);
        }

        page.Rects.Add(new RectItem(LabelX, 205, PageModel.WidthMm - (2 * LabelX), 0, false, 0.3));
        var department = DepartmentName(payload.IssuerDepartment);
        page.Texts.Add(new TextItem(110, 225, 4.5, "发证机关：" + department));
        page.Texts.Add(new TextItem(110, 235, 4.5, "发证日期：" + ChineseDate(payload.IssuedAt)));
        page.SealCentre = (150, 228);

        // The licence's QR code (its signed bytes, RFC 9285 Base45 text): vector modules, no image needed.
        var qrSize = 50.0;
        AddQr(page, qrText, 28, 212, qrSize);
        page.Texts.Add(new TextItem(28, 212 + qrSize + 5, 3, "扫码核验电子证照"));
        return page;
    }

    /// <summary>The department's name as shown: the catalog's Chinese name of its kind and the code.</summary>
    public static string DepartmentName(string departmentCode)
    {
        var kind = LicenceCatalog.Default.Departments
            .Where(d => departmentCode.StartsWith(d.Code, StringComparison.Ordinal))
            .MaxBy(d => d.Code.Length);
        return kind is null ? departmentCode : kind.NameZh + "（" + departmentCode + "）";
    }

    private static string Label(LicenceType type, string code, string fallback) =>
        type.FindField(code)?.LabelZh is { Length: > 0 } label ? label : fallback;

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string ChineseDate(DateTimeOffset at)
    {
        var d = at.UtcDateTime;
        return string.Create(CultureInfo.InvariantCulture, $"{d.Year}年{d.Month}月{d.Day}日");
    }

    private static void AddQr(PageModel page, string text, double x, double y, double size)
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

    private static double Round(double v) => Math.Round(v, 3);

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

    private static List<string> Wrap(string text, double emPerLine)
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
