using System.Security.Cryptography;

namespace Trust.Core.Crypto.Rsa;

/// <summary>An RSA private key (2048 bits or more) backed by the platform (OpenSSL on Linux).</summary>
public sealed class RsaSigningKey : SigningKey
{
    private readonly RSA _rsa;

    /// <summary>Wraps a platform RSA key. The instance takes ownership of <paramref name="rsa"/>.</summary>
    /// <exception cref="TrustKeyException">The key is smaller than 2048 bits.</exception>
    public RsaSigningKey(RSA rsa)
    {
        ArgumentNullException.ThrowIfNull(rsa);
        if (rsa.KeySize < RsaVerificationKey.MinimumKeySize)
        {
            throw new TrustKeyException($"RSA keys must have at least {RsaVerificationKey.MinimumKeySize} bits, got {rsa.KeySize}.");
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

    /// <summary>Generates a fresh key of <paramref name="bits"/> (2048, 3072 or 4096).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Another size.</exception>
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
        return _rsa.SignData(message, HashAlgorithmName.SHA256, RsaPadding.For(algorithm));
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
