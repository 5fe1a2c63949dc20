using System.Security.Cryptography;

namespace Trust.Core.Crypto.Ecdsa;

/// <summary>An ECDSA P-256 public key.</summary>
public sealed class EcdsaVerificationKey : VerificationKey
{
    private readonly ECDsa _ecdsa;
    private readonly byte[] _spki;

    /// <summary>Creates a key from a DER SubjectPublicKeyInfo.</summary>
    /// <exception cref="TrustKeyException">Not a P-256 SubjectPublicKeyInfo.</exception>
    public EcdsaVerificationKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var ecdsa = ECDsa.Create();
        try
        {
            ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length)
            {
                throw new TrustKeyException("Trailing bytes after the ECDSA SubjectPublicKeyInfo.");
            }

            if (!P256.IsP256(ecdsa))
            {
                throw new TrustKeyException("Unsupported curve: only P-256 ECDSA keys are supported.");
            }
        }
        catch (CryptographicException ex)
        {
            ecdsa.Dispose();
            throw new TrustKeyException("Not a valid P-256 SubjectPublicKeyInfo.", ex);
        }
        catch
        {
            ecdsa.Dispose();
            throw;
        }

        _ecdsa = ecdsa;
        _spki = subjectPublicKeyInfo.ToArray();
    }

    /// <inheritdoc />
    public override KeyAlgorithm KeyAlgorithm => KeyAlgorithm.EcP256;

    /// <inheritdoc />
    public override int KeySizeInBits => 256;

    /// <inheritdoc />
    public override byte[] ExportSubjectPublicKeyInfo() => (byte[])_spki.Clone();

    /// <inheritdoc />
    /// <remarks>
    /// Strict: a signature whose s is above n/2 (the "high-s" twin of a valid signature) is refused, because Trust
    /// signs with low s only and a second valid encoding of one signature must not exist. Raw r‖s and DER are both
    /// read here (the caller's container decides which it allows). See <see cref="VerifyAllowingHighS"/>.
    /// </remarks>
    public override bool Verify(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        VerifyCore(algorithm, message, signature, allowHighS: false);

    /// <summary>
    /// Verifies like <see cref="Verify"/> but also accepts a high-s signature, for interoperability with signers that
    /// do not normalise (OpenSSL's <c>dgst -sign</c>, .NET's <c>ECDsa</c>): only for an explicit caller choice such as
    /// <c>trust verify-signature --allow-high-s</c>.
    /// </summary>
    /// <param name="algorithm">Must be <see cref="SignatureAlgorithm.EcdsaP256Sha256"/>.</param>
    /// <param name="message">The signed message.</param>
    /// <param name="signature">DER or raw r‖s.</param>
    /// <returns>True when the signature verifies, with either s.</returns>
    public bool VerifyAllowingHighS(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature) =>
        VerifyCore(algorithm, message, signature, allowHighS: true);

    /// <summary>True when <paramref name="signature"/> (DER, or raw r‖s of 64 bytes) reads as a P-256 signature with s above n/2.</summary>
    /// <param name="signature">DER or raw r‖s.</param>
    /// <returns>False for a low-s or unreadable signature.</returns>
    public static bool IsHighS(ReadOnlySpan<byte> signature)
    {
        Span<byte> raw = stackalloc byte[EcSignatureEncoding.RawLength];
        return (signature.Length == EcSignatureEncoding.RawLength && EcdsaLowS.IsHighS(signature)) ||
            (EcSignatureEncoding.TryDerToRaw(signature, raw) && EcdsaLowS.IsHighS(raw));
    }

    private bool VerifyCore(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature, bool allowHighS)
    {
        if (!Accepts(algorithm))
        {
            return false;
        }

        try
        {
            // Raw r‖s (IEEE P1363) from devices and COSE, or DER; a 64-byte input may be either.
            if (signature.Length == EcSignatureEncoding.RawLength && (allowHighS || !EcdsaLowS.IsHighS(signature)) &&
                _ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return true;
            }

            Span<byte> raw = stackalloc byte[EcSignatureEncoding.RawLength];
            return EcSignatureEncoding.TryDerToRaw(signature, raw) && (allowHighS || !EcdsaLowS.IsHighS(raw)) &&
                _ecdsa.VerifyData(message, raw, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
