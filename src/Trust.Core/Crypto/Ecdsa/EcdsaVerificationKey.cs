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
    public override bool Verify(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (!Accepts(algorithm))
        {
            return false;
        }

        try
        {
            // Raw r‖s (IEEE P1363) from devices and COSE, or DER; a 64-byte input may be either.
            if (signature.Length == EcSignatureEncoding.RawLength &&
                _ecdsa.VerifyData(message, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation))
            {
                return true;
            }

            Span<byte> raw = stackalloc byte[EcSignatureEncoding.RawLength];
            return EcSignatureEncoding.TryDerToRaw(signature, raw) &&
                _ecdsa.VerifyData(message, raw, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
