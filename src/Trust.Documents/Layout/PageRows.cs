using Trust.Core.Licences;

namespace Trust.Documents.Layout;

/// <summary>What a table row is: a field (label beside value), a wide field (label above a full-width value) or a group heading.</summary>
internal enum PageRowKind
{
    Field,
    Wide,
    Heading,
}

/// <summary>One row of the licence table: a label and a value (headings have no value).</summary>
internal sealed record PageRow(string Label, string Value, PageRowKind Kind = PageRowKind.Field, bool Emphasised = false);

/// <summary>
/// Horizontal geometry of the table (millimetres): labels start at <see cref="LabelX"/>, values at
/// <see cref="ValueX"/> and are <see cref="ValueWidth"/> wide; wide values run from <see cref="WideValueX"/> to
/// <see cref="Right"/>.
/// </summary>
internal sealed record TableGeometry(double LabelX, double ValueX, double ValueWidth, double Right)
{
    private const double Gap = 8;

    /// <summary>Width a label wraps at (3 mm before its value).</summary>
    public double LabelWidth => ValueX - LabelX - 3;

    /// <summary>Width a wide row's label wraps at.</summary>
    public double FullWidth => Right - LabelX;

    public double WideValueX => LabelX + 4;

    public double WideValueWidth => Right - WideValueX;

    /// <summary>One of two columns side by side (0 left, 1 right), with the same label column width.</summary>
    public TableGeometry Column(int index)
    {
        var width = (Right - LabelX - Gap) / 2;
        var offset = index * (width + Gap);
        var label = ValueX - LabelX;
        return new TableGeometry(LabelX + offset, ValueX + offset, width - label, LabelX + offset + width);
    }
}

/// <summary>
/// The rows of a licence's table, from the payload and the type's layout hints: the holder's name and identifier
/// (unless a group places them), the groups in order (each heading only when one of its fields has a value), the
/// type's other fields in catalog order, fields the type does not know (sorted by code), and the validity. A field
/// without a value is left out; nothing the licence carries is hidden.
/// </summary>
internal static class PageRows
{
    public static IReadOnlyList<PageRow> For(LicencePayload payload, LicenceType type)
    {
        var layout = type.Layout;
        var emphasised = layout.Emphasised.ToHashSet(StringComparer.Ordinal);
        var wide = layout.Wide.ToHashSet(StringComparer.Ordinal);
        var placed = layout.Groups.SelectMany(g => g.Fields).ToHashSet(StringComparer.Ordinal);

        PageRow? Row(string code)
        {
            var (label, value) = code switch
            {
                LicenceType.HolderNameField => (LicencePageLayout.Label(type, code, "持证主体"), payload.HolderName),
                LicenceType.HolderIdField => (LicencePageLayout.Label(type, code, "证件号码"), payload.HolderId),
                _ => (type.FindField(code)?.LabelZh ?? code, payload.Fields.TryGetValue(code, out var v) ? v : ""),
            };
            if (value.Length == 0 && code is not (LicenceType.HolderNameField or LicenceType.HolderIdField))
            {
                return null;
            }

            return new PageRow(label, value, wide.Contains(code) ? PageRowKind.Wide : PageRowKind.Field, emphasised.Contains(code));
        }

        var rows = new List<PageRow>();
        foreach (var code in new[] { LicenceType.HolderNameField, LicenceType.HolderIdField }.Where(c => !placed.Contains(c)))
        {
            rows.Add(Row(code)!);
        }

        foreach (var group in layout.Groups)
        {
            var groupRows = group.Fields.Select(Row).OfType<PageRow>().ToList();
            if (groupRows.Count > 0 && group.Title is { } title)
            {
                rows.Add(new PageRow(title, "", PageRowKind.Heading));
            }

            rows.AddRange(groupRows);
        }

        foreach (var field in type.Fields)
        {
            if (field.Code is not (LicenceType.HolderNameField or LicenceType.HolderIdField) && !placed.Contains(field.Code) && Row(field.Code) is { } row)
            {
                rows.Add(row);
            }
        }

        foreach (var extra in payload.Fields.Keys.Where(k => type.FindField(k) is null).Order(StringComparer.Ordinal))
        {
            rows.Add(new PageRow(extra, payload.Fields[extra]));
        }

        var validity = LicencePageLayout.Date(payload.ValidFrom) + " 至 " + (payload.ValidUntil is { } until ? LicencePageLayout.Date(until) : "长期");
        rows.Add(new PageRow("有效期限", validity));
        return rows;
    }
}
