namespace Trust.Grpc.Hosting;

/// <content>The <c>Trust:Pdf</c> section: where PDFs in transit are spooled and how they are sent back.</content>
internal sealed partial class TrustServerOptions
{
    /// <summary>PDF streaming settings (<c>Trust:Pdf</c>).</summary>
    public PdfOptions Pdf { get; set; } = new();

    /// <summary>PDF streaming settings of SealPdf and VerifyPdf. The size limit is <see cref="LimitsOptions.MaxPdfBytes"/>.</summary>
    internal sealed class PdfOptions
    {
        /// <summary>Folder for the private temporary files of PDFs in transit (default <c>&lt;temp&gt;/trust-spool</c>; created with mode 0700).</summary>
        public string SpoolDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "trust-spool");

        /// <summary>Size of the chunks the sealed PDF is sent back in, in bytes (default 64 KiB, at most 1 MiB).</summary>
        public int ChunkBytes { get; set; } = 64 * 1024;
    }
}
