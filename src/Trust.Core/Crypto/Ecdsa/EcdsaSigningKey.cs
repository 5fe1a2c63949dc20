using System.Security.Cryptography;

namespace Trust.Core.Crypto.Ecdsa;

/// <summary>An ECDSA P-256 private key backed by the platform.</summary>
public sealed class EcdsaSigningKey : SigningKey
{
    private readonly ECDsa _ecdsa;

    /// <summary>Wraps a platform P-256 key. The instance takes ownership of <paramref name="ecdsa"/>.</summary>
    /// <exception cref="TrustKeyException">The key is not on P-256.</exception>
    public EcdsaSigningKey(ECDsa ecdsa)
    {
        ArgumentNullException.ThrowIfNull(ecdsa);
        if (ecdsa.KeySize != 256)
        {
            throw new TrustKeyException($"Only P-256 ECDSA keys are supported, got {ecdsa.KeySize} bits.");
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
        return _ecdsa.SignData(message, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
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

/// <summary>An ECDSA P-256 public key.</summary>
public sealed class EcdsaVerificationKey : VerificationKey
{
    private readonly ECDsa _ecdsa;
    private readonly byte[] _spki;

    /// <summary>Creates a key from a DER SubjectPublicKeyInfo.</summary>
    /// <exception cref="TrustKeyException">Not a P-256 SubjectPublicKeyInfo.</exception>
    public EcdsaVerificationKey(ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        _ecdsa = ECDsa.Create();
        try
        {
            _ecdsa.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length)
            {
                throw new TrustKeyException("Trailing bytes after the ECDSA SubjectPublicKeyInfo.");
            }

            var curve = _ecdsa.ExportParameters(false).Curve;
            if (!curve.IsNamed || curve.Oid.Value != "1.2.840.10045.3.1.7")
            {
                throw new TrustKeyException("Only P-256 ECDSA keys are supported.");
            }
        }
        catch (CryptographicException ex)
        {
            throw new TrustKeyException("Not a valid P-256 SubjectPublicKeyInfo.", ex);
        }

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
