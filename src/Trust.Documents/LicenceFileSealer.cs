using Trust.Core;
using Trust.Documents.Layout;
using Trust.Documents.Ofd;
using Trust.Pdf;

namespace Trust.Documents;

/// <summary>
/// Seals a licence file: PDF with the existing PDF sealer (an incremental PDF signature whose CMS carries the
/// SES_Seal; ISO 32000-1 section 12.8), OFD with a GB/T 38540 SES_Signature as an OFD signature (GB/T 33190
/// section 18). Sealing an already sealed file adds a seal and keeps the earlier ones valid.
/// </summary>
public static class LicenceFileSealer
{
    /// <summary>Seals <paramref name="file"/> (format detected from its bytes) and returns the sealed file.</summary>
    /// <exception cref="TrustFormatException">Neither PDF nor OFD, or the file cannot be sealed.</exception>
    /// <exception cref="TrustKeyException">The key refused to sign or does not belong to the certificate.</exception>
    public static byte[] Seal(byte[] file, LicenceFileSealOptions options)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(options);
        if ((options.Key is null) == (options.Provider is null) || (options.Provider is not null && options.SealId is null))
        {
            throw new ArgumentException("LicenceFileSealOptions: give either Key, or Provider with SealId.", nameof(options));
        }

        switch (LicenceFileFormats.Detect(file))
        {
            case LicenceFileFormat.Pdf:
                var data = PdfSealData.FromSesSeal(options.Seal, options.Department);
                using (var input = new MemoryStream(file, writable: false))
                using (var output = new MemoryStream())
                {
                    var (width, height) = SealPlacement.PdfPageSize(file);
                    var (cx, cy) = SealPlacement.Centre(width, height, CountOccurrences(file, "/Type/Sig"u8) + CountOccurrences(file, "/Type /Sig"u8));
                    var pdfOptions = new PdfSealOptions
                    {
                        Key = options.Key,
                        CertificateChain = options.CertificateChain,
                        Seal = data,
                        Page = 1,
                        XMm = cx - (data.WidthMm / 2),
                        YMm = height - cy - (data.HeightMm / 2),
                        Reason = "E-licence seal",
                        SigningTime = options.TimeProvider?.GetUtcNow(),
                    };
                    _ = options.Provider is null
                        ? PdfSealer.Seal(input, output, pdfOptions)
                        : PdfSealer.Seal(input, output, pdfOptions, options.Provider, options.SealId!);
                    return output.ToArray();
                }

            case LicenceFileFormat.Ofd:
                return OfdSealer.Seal(file, options);
            default:
                throw new TrustFormatException("file", "Neither a PDF nor an OFD file.", 0);
        }
    }

    private static int CountOccurrences(ReadOnlySpan<byte> data, ReadOnlySpan<byte> what)
    {
        var count = 0;
        int i;
        while ((i = data.IndexOf(what)) >= 0)
        {
            count++;
            data = data[(i + what.Length)..];
        }

        return count;
    }
}
