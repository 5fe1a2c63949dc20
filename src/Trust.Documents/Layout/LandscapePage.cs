using Trust.Core.Licences;

namespace Trust.Documents.Layout;

/// <summary>
/// The landscape licence page (A4 on its side, the shape of the paper business licence): the QR code at the top right,
/// the title centred, the table in two columns (fields side by side, left then right; wide fields and group headings
/// across both), the issuing department and date at the bottom right under the seal's place.
/// </summary>
internal static class LandscapePage
{
    private const double Margin = 10;
    private const double Left = 25;
    private const double LabelColumn = 34;
    private const double TableTop = 62;
    private const double TableBottom = 160;

    public static PageModel Render(LicencePayload payload, LicenceType type, IReadOnlyList<PageRow> rows, string qrText)
    {
        var page = new PageModel(LicencePageOrientation.Landscape);
        page.Rects.Add(new RectItem(Margin, Margin, page.Width - (2 * Margin), page.Height - (2 * Margin), false, 0.8));
        page.Rects.Add(new RectItem(Margin + 2, Margin + 2, page.Width - (2 * Margin) - 4, page.Height - (2 * Margin) - 4, false, 0.3));
        var right = page.Width - Left;

        var qrSize = 28.0;
        LicencePageLayout.AddQr(page, qrText, right - qrSize, 18, qrSize);
        page.Texts.Add(new TextItem(right - qrSize, 18 + qrSize + 4, 2.8, "扫码核验电子证照"));

        var title = type.Layout.Title ?? type.NameZh;
        var titleSize = Math.Min(13, 150 / Math.Max(1, LicencePageLayout.DisplayWidth(title)));
        page.Texts.Add(new TextItem((page.Width - (LicencePageLayout.DisplayWidth(title) * titleSize)) / 2, 36, titleSize, title));
        var english = type.NameEn;
        page.Texts.Add(new TextItem((page.Width - (LicencePageLayout.DisplayWidth(english) * 4)) / 2, 44, 4, english));
        page.Texts.Add(new TextItem(Left, 54, 4, "证照编号：" + payload.Id));
        page.Rects.Add(new RectItem(Left, 57, right - Left, 0, false, 0.3));

        // Fields pair up left and right; a wide field or a heading takes a line of its own across both columns.
        var table = new TableGeometry(Left, Left + LabelColumn, right - Left - LabelColumn, right);
        var lines = new List<IReadOnlyList<(PageRow Row, TableGeometry Table)>>();
        var pending = new List<(PageRow, TableGeometry)>();
        foreach (var row in rows)
        {
            if (row.Kind == PageRowKind.Field)
            {
                pending.Add((row, table.Column(pending.Count)));
                if (pending.Count == 2)
                {
                    lines.Add(pending);
                    pending = [];
                }

                continue;
            }

            if (pending.Count > 0)
            {
                lines.Add(pending);
                pending = [];
            }

            lines.Add([(row, table)]);
        }

        if (pending.Count > 0)
        {
            lines.Add(pending);
        }

        var size = LicencePageLayout.FitSize(lines, TableBottom - TableTop);
        var y = TableTop + size;
        foreach (var line in lines)
        {
            var height = 0.0;
            foreach (var (row, geometry) in line)
            {
                height = Math.Max(height, LicencePageLayout.Draw(page, row, geometry, y, size));
            }

            y += height;
        }

        page.Rects.Add(new RectItem(Left, 164, right - Left, 0, false, 0.3));
        page.Texts.Add(new TextItem(170, 176, 4.5, "发证机关：" + LicencePageLayout.DepartmentName(payload.IssuerDepartment)));
        page.Texts.Add(new TextItem(170, 186, 4.5, "发证日期：" + LicencePageLayout.ChineseDate(payload.IssuedAt)));
        page.SealCentre = SealPlacement.Centre(page.Width, page.Height, 0);
        return page;
    }
}
