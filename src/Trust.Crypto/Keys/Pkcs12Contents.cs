using Trust.Core.Crypto;

namespace Trust.Core.Keys;

/// <summary>What a PKCS#12 file held: one private key and the certificates that go with it.</summary>
public sealed class Pkcs12Contents : IDisposable
{
    internal Pkcs12Contents(SigningKey key, IReadOnlyList<byte[]> chain)
    {
        Key = key;
        CertificateChain = chain;
    }

    /// <summary>The private key (software key, exportable only to encrypted PKCS#8).</summary>
    public SigningKey Key { get; }

    /// <summary>
    /// The key's certificate first, then its issuers in chain order as far as the file has them,
    /// then any other certificates in the file. DER encodings.
    /// </summary>
    public IReadOnlyList<byte[]> CertificateChain { get; }

    /// <summary>The key's own certificate (DER).</summary>
    public byte[] Certificate => CertificateChain[0];

    /// <summary>Disposes the key.</summary>
    public void Dispose() => Key.Dispose();
}
