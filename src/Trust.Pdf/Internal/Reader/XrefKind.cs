namespace Trust.Pdf.Internal.Reader;

/// <summary>The kind of a cross-reference section (ISO 32000-1 sections 7.5.4 and 7.5.8).</summary>
internal enum XrefKind
{
    /// <summary>A classic <c>xref</c> table followed by a <c>trailer</c> dictionary.</summary>
    Table,

    /// <summary>A cross-reference stream (<c>/Type /XRef</c>).</summary>
    Stream,
}
