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
}
