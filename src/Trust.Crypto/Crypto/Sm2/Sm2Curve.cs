using Org.BouncyCastle.Crypto.EC;
using Org.BouncyCastle.Crypto.Parameters;

namespace Trust.Core.Crypto.Sm2;

/// <summary>Domain parameters of sm2p256v1 (GB/T 32918.5).</summary>
internal static class Sm2Curve
{
    /// <summary>
    /// BouncyCastle's specialised implementation of the curve (<c>CustomNamedCurves</c>, fixed-width
    /// field arithmetic). <c>GMNamedCurves</c> has the same parameters over a generic BigInteger field,
    /// which measured 5-6 times slower and allocated about 2.5 MB per signature.
    /// </summary>
    internal static readonly Org.BouncyCastle.Asn1.X9.X9ECParameters X9 = CustomNamedCurves.GetByName("sm2p256v1");

    internal static readonly ECDomainParameters Domain = new(X9.Curve, X9.G, X9.N, X9.H, X9.GetSeed());

    /// <summary>The default signer ID of GB/T 32918.2 / GM/T 0009: ASCII "1234567812345678".</summary>
    internal static ReadOnlySpan<byte> DefaultUserId => "1234567812345678"u8;
}
