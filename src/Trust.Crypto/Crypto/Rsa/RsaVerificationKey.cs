using System.Security.Cryptography;

namespace Trust.Core.Crypto.Rsa;

/// <summary>An RSA public key.</summary>
public sealed class RsaVerificationKey : VerificationKey
{
    /// <summary>Smallest RSA modulus accepted, in bits.</summary>
    internal const int MinimumKeySize = 2048;

    /// <summary>Largest RSA modulus accepted, in bits (bounds verification cost on hostile input).</summary>
    internal const int MaximumKeySize = 8192;

    private readonly RSA _rsa;
    private readonly byte[] _spki;

    /// <summary>Creates a key from a DER SubjectPublicKeyInfo.</summary>
    /// <exception cref="TrustKeyException">Not an RSA SubjectPublicKeyInfo, smaller than 2048 or larger than 8192 bits.</exception>
    public RsaVerificationKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length)
            {
                throw new TrustKeyException("Trailing bytes after the RSA SubjectPublicKeyInfo.");
            }

            if (rsa.KeySize is < MinimumKeySize or > MaximumKeySize)
            {
                throw new TrustKeyException($"RSA keys must have {MinimumKeySize} to {MaximumKeySize} bits, got {rsa.KeySize}.");
            }
        }
        catch (CryptographicException ex)
        {
            rsa.Dispose();
            throw new TrustKeyException("Not a valid RSA SubjectPublicKeyInfo.", ex);
        }
        catch
        {
            rsa.Dispose();
            throw;
        }

        _rsa = rsa;
        _spki = subjectPublicKeyInfo.ToArray();
    }

    /// <inheritdoc />
    public override KeyAlgorithm KeyAlgorithm => KeyAlgorithm.Rsa;

    /// <inheritdoc />
    public override int KeySizeInBits => _rsa.KeySize;

    /// <inheritdoc />
    public override byte[] ExportSubjectPublicKeyInfo() => (byte[])_spki.Clone();

    /// <inheritdoc />
    public override bool Verify(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature)
    {
        if (!Accepts(algorithm) || signature.Length != (_rsa.KeySize + 7) / 8)
        {
            return false;
        }

        try
        {
            return _rsa.VerifyData(message, signature, HashAlgorithmName.SHA256, RsaPadding.For(algorithm));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
