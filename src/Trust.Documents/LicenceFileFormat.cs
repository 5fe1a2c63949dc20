namespace Trust.Documents;

/// <summary>The formats of an archival e-licence file.</summary>
public enum LicenceFileFormat
{
    /// <summary>PDF/A-3b (ISO 19005-3) with the signed licence as associated file, sealed as a PDF signature.</summary>
    Pdf = 0,

    /// <summary>OFD (GB/T 33190-2016) with the signed licence as attachment, sealed as an OFD signature (GB/T 38540).</summary>
    Ofd = 1,
}

/// <summary>Text forms of <see cref="LicenceFileFormat"/>.</summary>
public static class LicenceFileFormats
{
    /// <summary><c>pdf</c> or <c>ofd</c>.</summary>
    public static string ToText(LicenceFileFormat format) => format == LicenceFileFormat.Ofd ? "ofd" : "pdf";

    /// <summary>The format of a file by its first bytes (<c>%PDF-</c>, or a ZIP local header for OFD); null when neither.</summary>
    public static LicenceFileFormat? Detect(ReadOnlySpan<byte> head)
    {
        if (head.IndexOf("%PDF-"u8) is >= 0 and < 1024)
        {
            return LicenceFileFormat.Pdf;
        }

        return head.StartsWith("PK\x03\x04"u8) ? LicenceFileFormat.Ofd : null;
    }
}
