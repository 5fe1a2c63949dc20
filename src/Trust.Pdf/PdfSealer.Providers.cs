using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Seals.Providers;
using Trust.Pdf.Internal.Signing;

namespace Trust.Pdf;

/// <summary>Sealing through a seal provider, and two-phase sealing (prepare here, sign elsewhere, complete here).</summary>
public static partial class PdfSealer
{
    /// <summary>
    /// Seals with seal <paramref name="sealId"/> of <paramref name="provider"/>: only the signed attributes (which hold the
    /// byte-range digest and the SES_Seal, never the document) go to the provider. The returned signature is verified
    /// with <see cref="PdfSealOptions.CertificateChain"/>'s first certificate before it is embedded.
    /// </summary>
    /// <returns>The name of the signature field created.</returns>
    /// <exception cref="TrustFormatException">The PDF cannot be sealed.</exception>
    /// <exception cref="SealingRefusedException">The provider's signature does not verify (another key, signer ID or digest).</exception>
    /// <exception cref="Trust.Core.Seals.SealUnusableException">The provider refused: the seal is revoked or expired.</exception>
    public static string Seal(Stream input, Stream output, PdfSealOptions options, ISealProvider provider, string sealId)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(sealId);
        return SealingSession.Seal(input, output, options, (algorithm, toBeSigned) => provider.Sign(sealId, algorithm, toBeSigned), check: true);
    }

    /// <summary>
    /// Phase one of two-phase sealing: writes the sealed PDF to <paramref name="output"/> with an empty /Contents
    /// placeholder and returns the signed attributes to sign, their digest and an expiring session. The placeholder
    /// size, byte range, signing time, certificate chain and SES_Seal are frozen. <see cref="PdfSealOptions.Key"/> is not used.
    /// </summary>
    /// <exception cref="TrustFormatException">The PDF cannot be sealed.</exception>
    /// <exception cref="TrustKeyException">The algorithm does not fit the signer certificate's key.</exception>
    public static PreparedSeal Prepare(Stream input, Stream output, PdfSealOptions options, SealSessionProtector protector)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(protector);
        var prepared = SealingSession.Prepare(input, output, options);
        return TwoPhaseSession.Protect(prepared, options.CertificateChain, protector);
    }

    /// <summary>
    /// Phase two: checks <paramref name="prepared"/> is unchanged since <see cref="Prepare"/>, checks
    /// <paramref name="signature"/> (a signature value — DER, or raw r‖s for SM2/ECDSA — or a complete CMS ContentInfo
    /// whose signer and signed attributes must be the prepared ones) against the prepared signed attributes and the
    /// signer certificate, and only then writes the CMS into the placeholder.
    /// </summary>
    /// <param name="prepared">The output of phase one (readable, writable, seekable).</param>
    /// <param name="session">The session from <see cref="PreparedSeal.Session"/>.</param>
    /// <param name="signature">The signature value or CMS.</param>
    /// <param name="protector">The protector used in phase one (same key).</param>
    /// <returns>The name of the signature field.</returns>
    /// <exception cref="SealingRefusedException">
    /// The session is malformed, tampered with or expired; the document changed; or the signature has another key,
    /// signer ID or digest, or a bad encoding. Nothing was written.
    /// </exception>
    public static string Complete(Stream prepared, ReadOnlySpan<byte> session, ReadOnlySpan<byte> signature, SealSessionProtector protector)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(protector);
        return TwoPhaseSession.Complete(prepared, session, signature, protector);
    }

    private static Func<SignatureAlgorithm, byte[], byte[]> KeySigner(PdfSealOptions options)
    {
        var key = options.Key ?? throw new ArgumentException("PdfSealOptions.Key is required to seal with a local key; use the ISealProvider overload or Prepare/Complete otherwise.", nameof(options));
        return (algorithm, toBeSigned) => key.Sign(algorithm, toBeSigned);
    }
}
