namespace Trust.Core.Crypto;

/// <summary>
/// A public key that verifies signatures. Verification never throws for a bad signature:
/// arbitrary bytes as a signature give <c>false</c>.
/// </summary>
public abstract class VerificationKey
{
    /// <summary>The kind of key.</summary>
    public abstract KeyAlgorithm KeyAlgorithm { get; }

    /// <summary>Key size in bits (256 for SM2 and P-256).</summary>
    public abstract int KeySizeInBits { get; }

    /// <summary>The DER SubjectPublicKeyInfo of this key.</summary>
    public abstract byte[] ExportSubjectPublicKeyInfo();

    /// <summary>
    /// Verifies <paramref name="signature"/> over <paramref name="message"/>. For SM2 and ECDSA
    /// both DER and raw r‖s (64 bytes) encodings are accepted.
    /// </summary>
    /// <returns><c>true</c> only if the signature is valid; <c>false</c> for anything else, including malformed bytes.</returns>
    public abstract bool Verify(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message, ReadOnlySpan<byte> signature);

    /// <summary>A stable identifier of the key: SHA-256 of its SubjectPublicKeyInfo.</summary>
    public byte[] Thumbprint() => System.Security.Cryptography.SHA256.HashData(ExportSubjectPublicKeyInfo());

    /// <summary>Whether <paramref name="algorithm"/> fits this key.</summary>
    protected bool Accepts(SignatureAlgorithm algorithm) =>
        Internal.AlgorithmRegistry.TryGet(algorithm, out var info) && info.KeyAlgorithm == KeyAlgorithm;
}
