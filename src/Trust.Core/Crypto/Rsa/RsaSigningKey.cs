using System.Security.Cryptography;

namespace Trust.Core.Crypto.Rsa;

/// <summary>An RSA private key (2048 or 3072 bits) backed by the platform (OpenSSL on Linux).</summary>
public sealed class RsaSigningKey : SigningKey
{
    private readonly RSA _rsa;

    /// <summary>Wraps a platform RSA key. The instance takes ownership of <paramref name="rsa"/>.</summary>
    /// <exception cref="TrustKeyException">The key is smaller than 2048 bits.</exception>
    public RsaSigningKey(RSA rsa)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        if (rsa.KeySize < 2048)
        {
            throw new TrustKeyException($"RSA keys must have at least 2048 bits, got {rsa.KeySize}.");
        }

        _rsa = rsa;
        PublicKey = new RsaVerificationKey(rsa.ExportSubjectPublicKeyInfo());
    }

    /// <inheritdoc />
    public override KeyAlgorithm KeyAlgorithm => KeyAlgorithm.Rsa;

    /// <inheritdoc />
    public override VerificationKey PublicKey { get; }

    /// <inheritdoc />
    public override bool IsExportable => true;

    /// <summary>Generates a fresh key of <paramref name="bits"/> (2048 or 3072).</summary>
    public static RsaSigningKey Generate(int bits = 2048)
    {
        if (bits is not (2048 or 3072 or 4096))
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "RSA key size must be 2048, 3072 or 4096 bits.");
        }

        return new RsaSigningKey(RSA.Create(bits));
    }

    /// <inheritdoc />
    public override byte[] Sign(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message)
    {
        EnsureAlgorithm(algorithm);
        var padding = algorithm == SignatureAlgorithm.RsaPssSha256 ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        return _rsa.SignData(message.ToArray(), HashAlgorithmName.SHA256, padding);
    }

    internal override byte[] ExportPkcs8() => _rsa.ExportPkcs8PrivateKey();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _rsa.Dispose();
        }
    }
}

/// <summary>An RSA public key.</summary>
public sealed class RsaVerificationKey : VerificationKey
{
    private readonly RSA _rsa;
    private readonly byte[] _spki;

    /// <summary>Creates a key from a DER SubjectPublicKeyInfo.</summary>
    /// <exception cref="TrustKeyException">Not an RSA SubjectPublicKeyInfo, or smaller than 2048 bits.</exception>
    public RsaVerificationKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        _rsa = RSA.Create();
        try
        {
            _rsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length)
            {
                throw new TrustKeyException("Trailing bytes after the RSA SubjectPublicKeyInfo.");
            }
        }
        catch (CryptographicException ex)
        {
            throw new TrustKeyException("Not a valid RSA SubjectPublicKeyInfo.", ex);
        }

        if (_rsa.KeySize < 2048)
        {
            throw new TrustKeyException($"RSA keys must have at least 2048 bits, got {_rsa.KeySize}.");
        }

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

        var padding = algorithm == SignatureAlgorithm.RsaPssSha256 ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
        try
        {
            return _rsa.VerifyData(message, signature, HashAlgorithmName.SHA256, padding);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }
}
