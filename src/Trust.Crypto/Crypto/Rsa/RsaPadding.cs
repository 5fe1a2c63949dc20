using System.Security.Cryptography;

namespace Trust.Core.Crypto.Rsa;

internal static class RsaPadding
{
    /// <summary>
    /// PKCS#1 v1.5 or PSS. The platform's PSS uses MGF1 with the message digest and a salt as long
    /// as the digest (32 bytes for SHA-256), matching <c>rsa_pss_saltlen:32</c> in OpenSSL.
    /// </summary>
    internal static RSASignaturePadding For(SignatureAlgorithm algorithm) =>
        algorithm == SignatureAlgorithm.RsaPssSha256 ? RSASignaturePadding.Pss : RSASignaturePadding.Pkcs1;
}
