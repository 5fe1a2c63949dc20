using Trust.Core.Crypto;
using Trust.Core.Crypto.Sm2;
using Trust.Core.Keys;

namespace Trust.Core.Seals.Providers;

/// <summary>
/// Checks a signature value returned by a key, token or platform against what was prepared, before anything is written,
/// and normalises SM2/ECDSA values to DER (raw r‖s is accepted and converted).
/// </summary>
internal static class SignatureValues
{
    private const int MaxSignatureBytes = 2048;

    /// <summary>SHA-256 of the message, or for SM2 e = SM3(Z ‖ M) with the default signer ID and the certificate's public point.</summary>
    internal static byte[] DigestToSign(SignatureAlgorithm algorithm, ReadOnlySpan<byte> message, ReadOnlySpan<byte> certificate)
    {
        if (algorithm != SignatureAlgorithm.Sm2Sm3)
        {
            return Crypto.Digest.Hash(SignatureAlgorithms.DigestOf(algorithm), message);
        }

        var point = PublicKeyPem.FromCertificate(certificate) is Sm2VerificationKey sm2
            ? sm2.Point
            : throw new TrustKeyException("An SM2-SM3 signature needs an SM2 certificate.");
        var z = Crypto.Sm2.Fast.Sm2Hashing.ComputeZ(Sm2Curve.DefaultUserId, point);
        using var digest = Crypto.Digest.Create(DigestAlgorithm.Sm3);
        digest.Append(z);
        digest.Append(message);
        return digest.Finish();
    }

    /// <summary>Returns the DER (SM2/ECDSA) or raw (RSA) signature when it verifies over <paramref name="toBeSigned"/> with the certificate's key.</summary>
    /// <exception cref="SealingRefusedException">Bad encoding, wrong SM2 signer ID, or not a valid signature.</exception>
    internal static byte[] Check(ReadOnlySpan<byte> certificate, SignatureAlgorithm algorithm, ReadOnlySpan<byte> toBeSigned, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty || value.Length > MaxSignatureBytes)
        {
            throw new SealingRefusedException(SealingReasons.SignatureEncoding, $"The signature value is {value.Length} bytes; expected 1 to {MaxSignatureBytes}.");
        }

        byte[] normalised;
        if (SignatureAlgorithms.KeyAlgorithmOf(algorithm) is KeyAlgorithm.Sm2 or KeyAlgorithm.EcP256)
        {
            Span<byte> raw = stackalloc byte[EcSignatureEncoding.RawLength];
            if (EcSignatureEncoding.TryDerToRaw(value, raw))
            {
                normalised = value.ToArray();
            }
            else if (value.Length == EcSignatureEncoding.RawLength)
            {
                normalised = EcSignatureEncoding.RawToDer(value);
            }
            else
            {
                throw new SealingRefusedException(SealingReasons.SignatureEncoding,
                    $"The {SignatureAlgorithms.DisplayName(algorithm)} signature value is neither DER SEQUENCE {{ r, s }} nor 64 bytes of raw r||s ({value.Length} bytes).");
            }
        }
        else
        {
            normalised = value.ToArray();
        }

        var key = PublicKeyPem.FromCertificate(certificate);
        if (key.Verify(algorithm, toBeSigned, normalised))
        {
            return normalised;
        }

        if (key is Sm2VerificationKey sm2 && sm2.WithUserId([]).Verify(algorithm, toBeSigned, normalised))
        {
            throw new SealingRefusedException(SealingReasons.WrongSm2SignerId,
                "The SM2 signature was made with another signer ID (an empty one) than the default 1234567812345678 (GB/T 32918.2 Z value).");
        }

        throw new SealingRefusedException(SealingReasons.SignatureInvalid,
            "The signature does not verify over the prepared data with the seal certificate's key (another key, or another digest).");
    }
}
