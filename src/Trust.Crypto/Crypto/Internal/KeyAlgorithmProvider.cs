namespace Trust.Core.Crypto.Internal;

/// <summary>
/// Everything Trust needs to know about one kind of key: how its AlgorithmIdentifier looks,
/// how to decode its PKCS#8 and SubjectPublicKeyInfo forms, how to generate one, and which
/// signature schemes it makes. One subclass per algorithm, registered in <see cref="AlgorithmRegistry"/>.
/// </summary>
internal abstract class KeyAlgorithmProvider
{
    /// <summary>The key kind.</summary>
    public abstract KeyAlgorithm Kind { get; }

    /// <summary>The signature schemes of this key kind; the first is the default.</summary>
    public abstract IReadOnlyList<SignatureAlgorithmInfo> Signatures { get; }

    /// <summary>Whether a PKCS#8 / SubjectPublicKeyInfo AlgorithmIdentifier (algorithm OID and named-curve OID, if any) names this key kind.</summary>
    public abstract bool Recognises(string algorithmOid, string? parameterOid);

    /// <summary>Decodes a whole PKCS#8 PrivateKeyInfo; <paramref name="privateKey"/> is its privateKey OCTET STRING content.</summary>
    /// <exception cref="TrustKeyException">The key is malformed.</exception>
    public abstract SigningKey DecodePkcs8(byte[] pkcs8, ReadOnlyMemory<byte> privateKey);

    /// <summary>Decodes a SEC1 ECPrivateKey (RFC 5915). Only elliptic-curve providers support it.</summary>
    /// <exception cref="TrustKeyException">The key is malformed or not an EC key.</exception>
    public virtual SigningKey DecodeSec1(byte[] ecPrivateKey) =>
        throw new TrustKeyException($"A SEC1 EC private key cannot hold a {Kind} key.");

    /// <summary>Decodes a whole SubjectPublicKeyInfo; <paramref name="publicKey"/> is its subjectPublicKey BIT STRING content.</summary>
    /// <exception cref="TrustKeyException">The key is malformed.</exception>
    public abstract VerificationKey DecodeSubjectPublicKeyInfo(byte[] spki, byte[] publicKey);

    /// <summary>Generates a fresh key with the default parameters (RSA: 2048 bits).</summary>
    public abstract SigningKey Generate();
}
