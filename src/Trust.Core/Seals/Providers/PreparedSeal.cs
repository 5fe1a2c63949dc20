using Trust.Core.Crypto;

namespace Trust.Core.Seals.Providers;

/// <summary>
/// The result of phase one of two-phase sealing: what the seal's key must sign and the opaque session that phase two
/// needs. Everything that is signed (signing time, signed attributes with the SES_Seal, certificate, placeholder) is
/// frozen; the document stays with the caller.
/// </summary>
public sealed class PreparedSeal
{
    internal PreparedSeal(SignatureAlgorithm algorithm, byte[] toBeSigned, ReadOnlySpan<byte> certificate, byte[] session, DateTimeOffset expiresAt)
    {
        Algorithm = algorithm;
        ToBeSigned = toBeSigned;
        Session = session;
        ExpiresAt = expiresAt;
        Digest = SignatureValues.DigestToSign(algorithm, toBeSigned, certificate);
    }

    /// <summary>The algorithm the signature must use (SM2-SM3 or RSA-SHA256 for seals; ECDSA also for PDFs).</summary>
    public SignatureAlgorithm Algorithm { get; }

    /// <summary>The DER the seal key signs: <c>TBS_Sign</c> (GB/T 38540-2020 7.2) or the CMS signed attributes (RFC 5652 5.4).</summary>
    public ReadOnlyMemory<byte> ToBeSigned { get; }

    /// <summary>
    /// The digest a remote signer signs: SHA-256 of <see cref="ToBeSigned"/>, or for SM2 e = SM3(Z ‖ M) with the
    /// default signer ID (GB/T 32918.2 6.1) — what a platform signing a digest needs.
    /// </summary>
    public ReadOnlyMemory<byte> Digest { get; }

    /// <summary>The opaque, MACed session to hand to phase two unchanged.</summary>
    public ReadOnlyMemory<byte> Session { get; }

    /// <summary>When the session expires.</summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>
    /// The digest a platform authorises for <paramref name="toBeSigned"/> (the same as <see cref="Digest"/>): SHA-256,
    /// or for SM2 e = SM3(Z ‖ M) with the default signer ID and <paramref name="signerCertificate"/>'s key.
    /// </summary>
    /// <exception cref="Trust.Core.TrustKeyException">SM2-SM3 with a certificate that is not SM2.</exception>
    public static byte[] ComputeDigest(SignatureAlgorithm algorithm, ReadOnlySpan<byte> toBeSigned, ReadOnlySpan<byte> signerCertificate) =>
        SignatureValues.DigestToSign(algorithm, toBeSigned, signerCertificate);
}
