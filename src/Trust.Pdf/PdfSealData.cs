using Trust.Core;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;

namespace Trust.Pdf;

/// <summary>
/// The electronic seal a PDF is sealed with: the DER GB/T 38540 SES_Seal (embedded as a signed
/// attribute of the signature), its picture and the facts shown in reports.
/// </summary>
public sealed class PdfSealData
{
    /// <summary>The DER-encoded SES_Seal (GB/T 38540-2020 section 7.1).</summary>
    public required ReadOnlyMemory<byte> SesSeal { get; init; }

    /// <summary>The seal identifier (SES_SealInfo.esID).</summary>
    public required string SealId { get; init; }

    /// <summary>The department (or seal name) that owns the seal.</summary>
    public required string Department { get; init; }

    /// <summary>The seal picture as PNG bytes (non-interlaced, 8-bit samples).</summary>
    public required ReadOnlyMemory<byte> PicturePng { get; init; }

    /// <summary>Picture width in millimetres (SES_ESPictureInfo.width).</summary>
    public required double WidthMm { get; init; }

    /// <summary>Picture height in millimetres (SES_ESPictureInfo.height).</summary>
    public required double HeightMm { get; init; }

    /// <summary>The seal data of a GB/T 38540 seal whose picture is a PNG (GB/T 38540-2020 section 7.1, SES_ESPictureInfo).</summary>
    /// <param name="seal">The seal.</param>
    /// <param name="department">The department shown in reports; the seal name when null.</param>
    /// <exception cref="TrustFormatException">The seal picture is not a PNG.</exception>
    public static PdfSealData FromSesSeal(SesSeal seal, string? department = null)
    {
        ArgumentNullException.ThrowIfNull(seal);
        var info = seal.SealInfo;
        if (!string.Equals(info.Picture.Type, "PNG", StringComparison.OrdinalIgnoreCase))
        {
            throw new TrustFormatException("seal.picture", $"Only PNG seal pictures can be drawn in PDFs (this seal has {info.Picture.Type}).");
        }

        return new PdfSealData
        {
            SesSeal = seal.Encode(),
            SealId = info.EsId,
            Department = department ?? info.Property.Name,
            PicturePng = info.Picture.Data,
            WidthMm = info.Picture.WidthMillimetres,
            HeightMm = info.Picture.HeightMillimetres,
        };
    }

    /// <summary>The seal data of a registry seal (see <see cref="SealRegistry"/>).</summary>
    /// <exception cref="TrustFormatException">The seal picture is not a PNG.</exception>
    public static PdfSealData FromSealRecord(SealRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return FromSesSeal(record.Seal, record.Department);
    }
}
