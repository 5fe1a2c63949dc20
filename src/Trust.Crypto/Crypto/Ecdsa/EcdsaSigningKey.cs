using System.Security.Cryptography;

namespace Trust.Core.Crypto.Ecdsa;

/// <summary>An ECDSA P-256 private key backed by the platform (OpenSSL on Linux).</summary>
public sealed class EcdsaSigningKey : SigningKey
{
    private readonly ECDsa _ecdsa;

    /// <summary>Wraps a platform P-256 key. The instance takes ownership of <paramref name="ecdsa"/>.</summary>
    /// <exception cref="TrustKeyException">The key is not on P-256 (other 256-bit curves such as secp256k1 are refused too).</exception>
    public EcdsaSigningKey(ECDsa ecdsa)
    {
        ArgumentNullException.ThrowIfNull(ecdsa);
        if (ecdsa.KeySize != 256 || !P256.IsP256(ecdsa))
        {
            throw new TrustKeyException("Unsupported curve: only P-256 ECDSA keys are supported.");
        }

        _ecdsa = ecdsa;
        PublicKey = new EcdsaVerificationKey(ecdsa.ExportSubjectPublicKeyInfo());
    }

    /// <inheritdoc />
    public override KeyAlgorithm KeyAlgorithm => KeyAlgorithm.EcP256;

    /// <inheritdoc />
    public override VerificationKey PublicKey { get; }

    /// <inheritdoc />
    public override bool IsExportable => true;

    /// <summary>Generates a fresh P-256 key.</summary>
    public static EcdsaSigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <inheritdoc />
    public override byte[] Sign(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message)
    {
        EnsureAlgorithm(algorithm);

        // The platform emits high s about half the time; Trust always signs with low s (verifiers refuse high s).
        return EcdsaLowS.NormaliseDer(_ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
    }

    internal override byte[] ExportPkcs8() => _ecdsa.ExportPkcs8PrivateKey();

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ecdsa.Dispose();
        }
    }
}
