using Trust.Core;
using Trust.Pdf.Internal.Signing;

namespace Trust.Pdf;

/// <summary>
/// Seals PDF documents: appends one incremental update (ISO 32000-1 section 7.5.6) holding a
/// signature field whose widget shows the seal picture at its real size and a PDF signature
/// (section 12.8) whose detached CMS SignedData carries the GB/T 38540 SES_Seal as a signed
/// attribute. The original bytes are copied unchanged; earlier signatures stay valid.
/// </summary>
public static partial class PdfSealer
{
    /// <summary>Seals <paramref name="input"/> into <paramref name="output"/> (readable, writable, seekable; it is truncated first).</summary>
    /// <returns>The name of the signature field created.</returns>
    /// <exception cref="TrustFormatException">The PDF cannot be sealed (unreadable, encrypted, DocMDP P=1, bad page, bad picture, placeholder too small).</exception>
    /// <exception cref="TrustKeyException">The key refused to sign or does not fit the algorithm.</exception>
    public static string Seal(Stream input, Stream output, PdfSealOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        return SealingSession.Seal(input, output, options, KeySigner(options), check: false);
    }

    /// <summary>
    /// Seals the file at <paramref name="inputPath"/> into <paramref name="outputPath"/>. The result is
    /// written to a temporary file beside the output and moved into place only when complete.
    /// </summary>
    /// <returns>The name of the signature field created.</returns>
    /// <exception cref="TrustFormatException">The PDF cannot be sealed.</exception>
    /// <exception cref="TrustKeyException">The key refused to sign.</exception>
    public static string Seal(string inputPath, string outputPath, PdfSealOptions options)
    {
        ArgumentNullException.ThrowIfNull(inputPath);
        ArgumentNullException.ThrowIfNull(outputPath);
        ArgumentNullException.ThrowIfNull(options);
        var temp = outputPath + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            string field;
            using (var input = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16))
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                field = SealingSession.Seal(input, output, options, KeySigner(options), check: false);
            }

            File.Move(temp, outputPath, overwrite: true);
            return field;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
