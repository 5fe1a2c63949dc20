using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Seals.Asn1;

namespace Trust.Core.Seals;

/// <summary>
/// The seal maker (制章人): holds the seal-maker certificate and its key and makes <c>SES_Seal</c>s
/// (GB/T 38540-2020, 7.1). SM2 makers sign with SM2-SM3, RSA makers with RSA PKCS#1 v1.5 SHA-256.
/// </summary>
public sealed class SealMaker
{
    private readonly SigningKey _key;
    private readonly byte[] _certificate;
    private readonly SignatureAlgorithm _algorithm;

    /// <summary>Creates a maker from its DER certificate and the matching signing key.</summary>
    /// <param name="makerCertificate">The seal maker's DER X.509 certificate.</param>
    /// <param name="key">The private key of that certificate (SM2 or RSA).</param>
    /// <param name="vendorId">The vendor identifier written into every seal header (<c>vid</c>), ASCII.</param>
    /// <param name="timeProvider">Clock for the creation date; the system clock when null.</param>
    /// <exception cref="TrustKeyException">The key is not SM2 or RSA, or does not match the certificate.</exception>
    /// <exception cref="TrustFormatException">The certificate is too large.</exception>
    public SealMaker(ReadOnlyMemory<byte> makerCertificate, SigningKey key, string vendorId = "Trust", TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(vendorId);
        SesDer.CheckBytes(makerCertificate.Span, "makerCertificate", SesLimits.MaxCertificateBytes, 1);
        _algorithm = SealAlgorithms.ForKey(key.KeyAlgorithm);
        var certKey = PublicKeyPem.FromCertificate(makerCertificate.Span);
        if (!certKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.PublicKey.ExportSubjectPublicKeyInfo()))
        {
            throw new TrustKeyException("The seal maker's key does not belong to the seal maker's certificate.");
        }

        _key = key;
        _certificate = makerCertificate.ToArray();
        VendorId = vendorId;
        Time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The vendor identifier written into seal headers.</summary>
    public string VendorId { get; }

    /// <summary>The algorithm the maker signs seals with.</summary>
    public SignatureAlgorithm Algorithm => _algorithm;

    private TimeProvider Time { get; }

    /// <summary>Makes and signs a seal.</summary>
    /// <exception cref="TrustFormatException">A request field is malformed or over its limit; names the field.</exception>
    /// <exception cref="TrustKeyException">The key refused to sign.</exception>
    public SesSeal Make(SealRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.SignerCertificates is not { Count: > 0 })
        {
            throw new TrustFormatException(nameof(request.SignerCertificates), "a seal must list at least one signer certificate");
        }

        if (request.ValidTo <= request.ValidFrom)
        {
            throw new TrustFormatException(nameof(request.ValidTo), "the seal's validity must end after it starts");
        }

        var digest = SignatureAlgorithms.DigestOf(_algorithm);
        var certs = request.ListCertificateDigests ? [] : request.SignerCertificates;
        var digests = request.ListCertificateDigests
            ? request.SignerCertificates.Select(c => new SesCertDigest(SealAlgorithms.DigestName(digest), Digest.Hash(digest, c.Span))).ToList()
            : [];
        var property = new SesPropertyInfo(
            (int)request.Kind,
            request.Name,
            request.ListCertificateDigests ? SesCertListType.CertificateDigests : SesCertListType.Certificates,
            certs,
            digests,
            SesDer.ToSeconds(Time.GetUtcNow()),
            SesDer.ToSeconds(request.ValidFrom),
            SesDer.ToSeconds(request.ValidTo));
        var info = new SesSealInfo(new SesHeader(VendorId), request.EsId, property, request.Picture, request.Extensions);
        var oid = SealAlgorithms.OidOf(_algorithm);
        var toBeSigned = SesSeal.ToBeSigned(info, _certificate, oid);
        var signature = _key.Sign(_algorithm, toBeSigned);
        var seal = new SesSeal(info, _certificate, oid, signature);
        seal.Encode(); // checks every limit before the seal leaves the maker
        return seal;
    }
}
