namespace Trust.Core.Crypto;

/// <summary>
/// A private key that can sign. The key material may live in memory (software keys) or
/// never leave a device (PKCS#11 tokens); callers only see this abstraction.
/// </summary>
/// <remarks>
/// Signatures are over the message, not a pre-computed digest: SM2 needs the message to
/// compute e = SM3(Z ‖ M) (GB/T 32918.2 section 6.1). SM2 and ECDSA signatures are returned
/// DER-encoded (<c>SEQUENCE { r INTEGER, s INTEGER }</c>); use <see cref="EcSignatureEncoding"/>
/// to convert to raw r‖s where a container (COSE) requires it.
/// </remarks>
public abstract class SigningKey : IDisposable
{
    /// <summary>The kind of key.</summary>
    public abstract KeyAlgorithm KeyAlgorithm { get; }

    /// <summary>The algorithm <see cref="Sign(ReadOnlySpan{byte})"/> uses (PKCS#1 v1.5 for RSA keys).</summary>
    public virtual SignatureAlgorithm DefaultAlgorithm => Internal.AlgorithmRegistry.Get(KeyAlgorithm).Signatures[0].Algorithm;

    /// <summary>The matching public key.</summary>
    public abstract VerificationKey PublicKey { get; }

    /// <summary>Whether the private key can be exported (false for keys held in a token).</summary>
    public virtual bool IsExportable => false;

    /// <summary>Signs <paramref name="message"/> with the key's default algorithm.</summary>
    public byte[] Sign(ReadOnlySpan<byte> message) => Sign(DefaultAlgorithm, message);

    /// <summary>Signs <paramref name="message"/> with <paramref name="algorithm"/>.</summary>
    /// <exception cref="TrustKeyException">The algorithm does not fit the key, or the device refused.</exception>
    public abstract byte[] Sign(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message);

    /// <summary>Exports the unencrypted PKCS#8 PrivateKeyInfo DER. Only for exportable keys; callers must encrypt it.</summary>
    /// <exception cref="TrustKeyException">The key is not exportable.</exception>
    internal virtual byte[] ExportPkcs8() => throw new TrustKeyException("This private key cannot be exported.");

    /// <summary>Throws unless <paramref name="algorithm"/> is usable with this key.</summary>
    protected void EnsureAlgorithm(SignatureAlgorithm algorithm)
    {
        if (!Internal.AlgorithmRegistry.TryGet(algorithm, out var info))
        {
            throw new TrustKeyException($"Unknown signature algorithm {(int)algorithm}.");
        }

        if (info.KeyAlgorithm != KeyAlgorithm)
        {
            throw new TrustKeyException($"Algorithm {info.Name} cannot be used with a {KeyAlgorithm} key.");
        }
    }

    /// <summary>Releases the key.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the key.</summary>
    protected virtual void Dispose(bool disposing)
    {
    }
}
