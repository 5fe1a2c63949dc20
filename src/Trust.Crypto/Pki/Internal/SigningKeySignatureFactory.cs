using Org.BouncyCastle.Crypto;
using Trust.Core.Crypto;

namespace Trust.Core.Pki.Internal;

/// <summary>
/// Lets BouncyCastle's certificate and CRL generators sign through our <see cref="SigningKey"/>,
/// so keys that never leave an HSM can issue certificates too. The bytes to be signed (the
/// DER TBSCertificate or TBSCertList) are collected and signed in one call.
/// </summary>
internal sealed class SigningKeySignatureFactory : ISignatureFactory
{
    private readonly SigningKey _key;
    private readonly SignatureAlgorithm _algorithm;

    internal SigningKeySignatureFactory(SigningKey key)
    {
        _key = key;
        _algorithm = key.DefaultAlgorithm;
        AlgorithmDetails = X509SignatureAlgorithms.For(_algorithm);
    }

    public object AlgorithmDetails { get; }

    public IStreamCalculator<IBlockResult> CreateCalculator() => new Calculator(_key, _algorithm);

    private sealed class Calculator(SigningKey key, SignatureAlgorithm algorithm) : IStreamCalculator<IBlockResult>
    {
        private readonly MemoryStream _buffer = new();

        public Stream Stream => _buffer;

        public IBlockResult GetResult() => new Result(key.Sign(algorithm, _buffer.ToArray()));
    }

    private sealed class Result(byte[] signature) : IBlockResult
    {
        public byte[] Collect() => (byte[])signature.Clone();

        public int Collect(byte[] buf, int off)
        {
            signature.CopyTo(buf, off);
            return signature.Length;
        }

        public int Collect(Span<byte> output)
        {
            signature.CopyTo(output);
            return signature.Length;
        }

        public int GetMaxResultLength() => signature.Length;
    }
}
