using Trust.Core.Crypto;

namespace Trust.Core.Seals.Providers;

/// <summary>
/// Where seals and their signing keys live: a local key, a PKCS#11 token, or a remote seal platform. The PDF and
/// SES sealers sign through this interface only, so a seal key never has to be held by the caller.
/// </summary>
/// <remarks>
/// <see cref="Sign"/> receives the small to-be-signed structure (the DER of <c>TBS_Sign</c>, GB/T 38540-2020 7.2,
/// or of a CMS SignerInfo's signed attributes, RFC 5652 5.4); it carries the document's digest, never the document.
/// </remarks>
public interface ISealProvider
{
    /// <summary>The seals this provider can sign with, in a stable order.</summary>
    IReadOnlyList<SealRecord> ListSeals();

    /// <summary>A seal (its SES_Seal, picture, owner) when it exists, is unrevoked and valid now.</summary>
    /// <exception cref="KeyNotFoundException">The provider has no seal with this identifier.</exception>
    /// <exception cref="SealUnusableException">The seal is revoked or outside its validity.</exception>
    SealRecord GetSeal(string sealId);

    /// <summary>The DER certificates of the seal's signer, signer first, then its issuers.</summary>
    /// <exception cref="KeyNotFoundException">The provider has no seal with this identifier.</exception>
    IReadOnlyList<byte[]> GetCertificateChain(string sealId);

    /// <summary>Signs <paramref name="toBeSigned"/> with the seal's key. SM2 and ECDSA values are DER <c>SEQUENCE { r, s }</c>.</summary>
    /// <exception cref="KeyNotFoundException">The provider has no seal with this identifier.</exception>
    /// <exception cref="SealUnusableException">The seal is revoked or outside its validity.</exception>
    /// <exception cref="TrustKeyException">The key or device refused to sign, or the algorithm does not fit the key.</exception>
    byte[] Sign(string sealId, SignatureAlgorithm algorithm, ReadOnlySpan<byte> toBeSigned);
}
