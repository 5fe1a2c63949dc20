using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Seals.Asn1;
using Trust.Core.Seals.Providers;

namespace Trust.Core.Seals;

/// <summary>Signing through an <see cref="ISealProvider"/>, and two-phase signing (prepare, then complete with a signature value).</summary>
public sealed partial class SealSigner
{
    /// <summary>
    /// Signs the rest of <paramref name="data"/> with seal <paramref name="sealId"/> of <paramref name="provider"/>. Only
    /// <c>TBS_Sign</c> (which holds the data's digest) goes to the provider; its signature is checked before it is returned.
    /// </summary>
    /// <exception cref="KeyNotFoundException">The provider has no such seal.</exception>
    /// <exception cref="SealUnusableException">The seal is revoked, outside its validity, or does not list the signer.</exception>
    /// <exception cref="SealingRefusedException">The provider's signature does not verify with the seal certificate.</exception>
    public SesSignature Sign(ISealProvider provider, string sealId, Stream data, string propertyInfo)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(propertyInfo);
        var seal = provider.GetSeal(sealId);
        var certificate = provider.GetCertificateChain(sealId)[0];
        var algorithm = SealAlgorithms.ForKey(PublicKeyPem.FromCertificate(certificate).KeyAlgorithm);
        var toSign = BuildToSign(seal.Seal, certificate, algorithm, propertyInfo, alg => SealData.Hash(alg, data));
        var tbs = toSign.Encode();
        var value = SignatureValues.Check(certificate, algorithm, tbs, provider.Sign(sealId, algorithm, tbs));
        return new SesSignature(toSign, certificate, SealAlgorithms.OidOf(algorithm), value);
    }

    /// <summary>Signs a file through a provider, streaming it; <c>propertyInfo</c> is the file name when it is ASCII.</summary>
    /// <exception cref="SealUnusableException">The seal is revoked, outside its validity, or does not list the signer.</exception>
    /// <exception cref="SealingRefusedException">The provider's signature does not verify with the seal certificate.</exception>
    public SesSignature SignFile(ISealProvider provider, string sealId, string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return Sign(provider, sealId, stream, PropertyInfoOf(path));
    }

    /// <summary>
    /// Phase one of two-phase signing: hashes the rest of <paramref name="data"/>, freezes <c>TBS_Sign</c> (seal, signing
    /// time, data hash, description) and the signer certificate, and returns what to sign with an expiring session.
    /// </summary>
    /// <exception cref="SealUnusableException">The seal is revoked, outside its validity, or does not list the signer.</exception>
    /// <exception cref="TrustKeyException">The certificate's key is not SM2 or RSA.</exception>
    public PreparedSeal Prepare(SesSeal seal, ReadOnlyMemory<byte> signerCertificate, Stream data, SealSessionProtector protector, string propertyInfo = "")
    {
        ArgumentNullException.ThrowIfNull(seal);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(protector);
        ArgumentNullException.ThrowIfNull(propertyInfo);
        var algorithm = SealAlgorithms.ForKey(PublicKeyPem.FromCertificate(signerCertificate.Span).KeyAlgorithm);
        var toSign = BuildToSign(seal, signerCertificate.Span, algorithm, propertyInfo, alg => SealData.Hash(alg, data));
        var tbs = toSign.Encode();
        var state = SessionState.Write(tbs, signerCertificate.ToArray(), [(byte)algorithm]);
        var session = protector.Protect(SessionState.SesKind, state, out var expires);
        return new PreparedSeal(algorithm, tbs, signerCertificate.Span, session, expires);
    }

    /// <summary>
    /// Phase two: opens the session and builds the <c>SES_Signature</c> from <paramref name="signature"/>: a signature value
    /// (DER, or raw r‖s for SM2) or a complete DER <c>SES_Signature</c>, which must sign exactly the prepared
    /// <c>TBS_Sign</c> with the prepared certificate. The signature is verified before the result is returned.
    /// </summary>
    /// <exception cref="SealingRefusedException">
    /// The session is malformed, tampered with or expired; or the signature has another key, signer ID or digest, or a bad encoding.
    /// </exception>
    public static SesSignature Complete(ReadOnlySpan<byte> session, ReadOnlySpan<byte> signature, SealSessionProtector protector)
    {
        ArgumentNullException.ThrowIfNull(protector);
        var fields = SessionState.Read(protector.Unprotect(SessionState.SesKind, session), 3);
        var (tbs, certificate) = (fields[0], fields[1]);
        if (fields[2].Length != 1 || !Enum.IsDefined((SignatureAlgorithm)fields[2][0]))
        {
            throw new SealingRefusedException(SealingReasons.SessionMalformed, "The sealing session names no known algorithm.");
        }

        var algorithm = (SignatureAlgorithm)fields[2][0];
        var value = signature;
        if (signature.Length > 0 && signature[0] == 0x30 && SesSignature.TryDecode(signature, out var complete))
        {
            if (!complete.SignerCertificate.Span.SequenceEqual(certificate))
            {
                throw new SealingRefusedException(SealingReasons.WrongKey, "The returned SES_Signature carries another signer certificate than the prepared one.");
            }

            if (!complete.ToSign.Encode().AsSpan().SequenceEqual(tbs))
            {
                throw new SealingRefusedException(SealingReasons.WrongDigest, "The returned SES_Signature signs another TBS_Sign (data hash, time or seal) than was prepared.");
            }

            value = complete.Signature.Span;
        }

        var checkedValue = SignatureValues.Check(certificate, algorithm, tbs, value);
        var toSign = TbsSign.FromAsn1(Org.BouncyCastle.Asn1.Asn1Object.FromByteArray(tbs));
        return new SesSignature(toSign, certificate, SealAlgorithms.OidOf(algorithm), checkedValue);
    }

    private static string PropertyInfoOf(string path)
    {
        var name = Path.GetFileName(path);
        return name.All(char.IsAscii) && name.Length <= SesLimits.MaxPropertyInfoLength ? name : "";
    }
}
