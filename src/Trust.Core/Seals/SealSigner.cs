using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Seals.Asn1;

namespace Trust.Core.Seals;

/// <summary>
/// Makes electronic signatures with a seal (<c>SES_Signature</c>, GB/T 38540-2020, 7.2) over a stream, a file or
/// a byte range. The data is hashed in chunks (SM3 for SM2 signers, SHA-256 for RSA), never held in memory.
/// </summary>
public sealed partial class SealSigner
{
    private readonly ISealRevocationSource? _revocations;
    private readonly TimeProvider _time;

    /// <summary>Creates a signer.</summary>
    /// <param name="revocations">Where seal revocations are known; no revocation check when null.</param>
    /// <param name="timeProvider">Clock for the signing time; the system clock when null.</param>
    public SealSigner(ISealRevocationSource? revocations = null, TimeProvider? timeProvider = null)
    {
        _revocations = revocations;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Signs the rest of <paramref name="data"/> (from its position to its end) with <paramref name="seal"/>.</summary>
    /// <param name="seal">The seal to use; must be unrevoked, valid now, and list <paramref name="signerCertificate"/>.</param>
    /// <param name="signerCertificate">The signer's DER certificate.</param>
    /// <param name="signerKey">The signer's private key (SM2 or RSA) for that certificate.</param>
    /// <param name="data">The data to sign.</param>
    /// <param name="propertyInfo">Description of the data written into <c>propertyInfo</c> (ASCII), for example a file name.</param>
    /// <exception cref="SealUnusableException">The seal is revoked, outside its validity, or does not list the signer.</exception>
    /// <exception cref="TrustKeyException">The key is not SM2/RSA or does not match the certificate.</exception>
    /// <exception cref="TrustFormatException">A field is malformed or over its limit.</exception>
    public SesSignature Sign(SesSeal seal, ReadOnlyMemory<byte> signerCertificate, SigningKey signerKey, Stream data, string propertyInfo = "") =>
        SignCore(seal, signerCertificate, signerKey, propertyInfo, alg => SealData.Hash(alg, data));

    /// <summary>Signs <paramref name="length"/> bytes of a seekable stream starting at <paramref name="offset"/>.</summary>
    /// <exception cref="SealUnusableException">The seal is revoked, outside its validity, or does not list the signer.</exception>
    /// <exception cref="TrustKeyException">The key is not SM2/RSA or does not match the certificate.</exception>
    /// <exception cref="TrustFormatException">The range runs past the end of the data, or a field is malformed.</exception>
    public SesSignature SignRange(SesSeal seal, ReadOnlyMemory<byte> signerCertificate, SigningKey signerKey, Stream data, long offset, long length, string propertyInfo = "") =>
        SignCore(seal, signerCertificate, signerKey, propertyInfo, alg => SealData.Hash(alg, data, offset, length));

    /// <summary>Signs a file, streaming it; <c>propertyInfo</c> is the file name when it is ASCII.</summary>
    /// <exception cref="SealUnusableException">The seal is revoked, outside its validity, or does not list the signer.</exception>
    /// <exception cref="TrustKeyException">The key is not SM2/RSA or does not match the certificate.</exception>
    public SesSignature SignFile(SesSeal seal, ReadOnlyMemory<byte> signerCertificate, SigningKey signerKey, string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        var name = Path.GetFileName(path);
        return Sign(seal, signerCertificate, signerKey, stream, name.All(char.IsAscii) && name.Length <= SesLimits.MaxPropertyInfoLength ? name : "");
    }

    private SesSignature SignCore(SesSeal seal, ReadOnlyMemory<byte> signerCertificate, SigningKey signerKey, string propertyInfo, Func<DigestAlgorithm, byte[]> hash)
    {
        ArgumentNullException.ThrowIfNull(seal);
        ArgumentNullException.ThrowIfNull(signerKey);
        ArgumentNullException.ThrowIfNull(propertyInfo);
        var algorithm = SealAlgorithms.ForKey(signerKey.KeyAlgorithm);
        var certKey = PublicKeyPem.FromCertificate(signerCertificate.Span);
        if (!certKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(signerKey.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new TrustKeyException("The signer's key does not belong to the signer's certificate.");
        }

        var toSign = BuildToSign(seal, signerCertificate.Span, algorithm, propertyInfo, hash);
        var signature = signerKey.Sign(algorithm, toSign.Encode());
        return new SesSignature(toSign, signerCertificate.ToArray(), SealAlgorithms.OidOf(algorithm), signature);
    }

    /// <summary>Freezes what is signed: the seal (checked usable now), the signing time and the data hash.</summary>
    private TbsSign BuildToSign(SesSeal seal, ReadOnlySpan<byte> signerCertificate, SignatureAlgorithm algorithm, string propertyInfo, Func<DigestAlgorithm, byte[]> hash)
    {
        var now = SesDer.ToSeconds(_time.GetUtcNow());
        EnsureUsable(seal, signerCertificate, now);
        return new TbsSign(seal, now, hash(SignatureAlgorithms.DigestOf(algorithm)), propertyInfo);
    }

    private void EnsureUsable(SesSeal seal, ReadOnlySpan<byte> signerCertificate, DateTimeOffset at)
    {
        var property = seal.SealInfo.Property;
        if (_revocations?.IsRevoked(seal.SealInfo.EsId) == true)
        {
            throw new SealUnusableException(SealReasons.Revoked, $"Seal {seal.SealInfo.EsId} is revoked and cannot be used to sign.");
        }

        if (at < property.ValidStart || at > property.ValidEnd)
        {
            throw new SealUnusableException(SealReasons.NotValidAtSigningTime,
                $"Seal {seal.SealInfo.EsId} is valid from {property.ValidStart:u} to {property.ValidEnd:u}; it cannot be used to sign at {at:u}.");
        }

        if (!SealCertificates.Lists(property, signerCertificate))
        {
            throw new SealUnusableException(SealReasons.SignerNotListed, $"The signer's certificate is not listed in seal {seal.SealInfo.EsId}.");
        }
    }
}
