using Trust.Core.Crypto.Internal;

namespace Trust.Core.Crypto;

/// <summary>Creates software signing keys of any supported kind.</summary>
public static class SigningKeys
{
    /// <summary>The key kinds Trust supports.</summary>
    public static IReadOnlyList<KeyAlgorithm> Supported => AlgorithmRegistry.AllKeyAlgorithms;

    /// <summary>Generates a fresh in-memory key (RSA: 2048 bits; SM2: the current engine of <see cref="Sm2.Sm2Engines"/>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined key kind.</exception>
    public static SigningKey Generate(KeyAlgorithm algorithm) => AlgorithmRegistry.Get(algorithm).Generate();

    /// <summary>The signature algorithms a key kind can make; the first is its default.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Not a defined key kind.</exception>
    public static IReadOnlyList<SignatureAlgorithm> SignatureAlgorithmsFor(KeyAlgorithm algorithm) =>
        AlgorithmRegistry.Get(algorithm).Signatures.Select(s => s.Algorithm).ToArray();
}
