using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Trust.Core.Crypto.Internal;

/// <summary>
/// The CMS AlgorithmIdentifiers of a scheme (RFC 5652 sections 5.3 and 10.1), looked up in <see cref="AlgorithmRegistry"/>:
/// the digest (SM3 with absent parameters as GM/T 0010 writes it, SHA-256 with NULL) and the signature
/// (<see cref="SignatureAlgorithmInfo.Cms"/>). Writers call <c>Digest</c> and <see cref="Signature"/>; verifiers
/// call <c>Recognise</c>. No algorithm is named here.
/// </summary>
internal static class CmsAlgorithmIdentifiers
{
    /// <summary>The digestAlgorithm identifier written for <paramref name="algorithm"/>'s digest.</summary>
    public static AlgorithmIdentifier Digest(SignatureAlgorithm algorithm) => Digest(AlgorithmRegistry.Get(algorithm).Digest);

    /// <summary>The AlgorithmIdentifier of <paramref name="digest"/>: SM3 with absent parameters, SHA-2 with NULL.</summary>
    public static AlgorithmIdentifier Digest(DigestAlgorithm digest)
    {
        var oid = new DerObjectIdentifier(AlgorithmRegistry.DigestOid(digest));
        return digest == DigestAlgorithm.Sm3 ? new AlgorithmIdentifier(oid) : new AlgorithmIdentifier(oid, DerNull.Instance);
    }

    /// <summary>The signatureAlgorithm identifier written for <paramref name="algorithm"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The scheme is not registered.</exception>
    public static AlgorithmIdentifier Signature(SignatureAlgorithm algorithm)
    {
        var cms = AlgorithmRegistry.Get(algorithm).Cms;
        var parameters = cms.WriteParameters();
        var oid = new DerObjectIdentifier(cms.Oid);
        return parameters is null ? new AlgorithmIdentifier(oid) : new AlgorithmIdentifier(oid, parameters);
    }

    /// <summary>
    /// The scheme a SignerInfo's digest and signature algorithms name (any accepted alias), or null when it is not one
    /// Trust verifies: unknown signature OID, a digest other than the scheme's, parameters the scheme does not accept,
    /// or (with <paramref name="timestampToken"/>) a scheme not used for time-stamp tokens.
    /// </summary>
    public static SignatureAlgorithm? Recognise(AlgorithmIdentifier digest, AlgorithmIdentifier signature, bool timestampToken = false)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(signature);
        if (!AlgorithmRegistry.TryGetByCmsOid(signature.Algorithm.Id, out var algorithm))
        {
            return null;
        }

        var info = AlgorithmRegistry.Get(algorithm);
        if (digest.Algorithm.Id != AlgorithmRegistry.DigestOid(info.Digest) || (timestampToken && !info.Cms.UsedForTimestamps))
        {
            return null;
        }

        try
        {
            return info.Cms.AcceptsParameters(signature.Parameters) ? algorithm : null;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or InvalidCastException or ArithmeticException)
        {
            return null; // parameters of the wrong ASN.1 type or out of range
        }
    }

    /// <summary>The scheme of OIDs alone, for callers that do not keep the parameters (see <see cref="Recognise(AlgorithmIdentifier, AlgorithmIdentifier, bool)"/>).</summary>
    public static SignatureAlgorithm? Recognise(string digestOid, string signatureOid, bool timestampToken = false) =>
        Recognise(new AlgorithmIdentifier(new DerObjectIdentifier(digestOid)), new AlgorithmIdentifier(new DerObjectIdentifier(signatureOid)), timestampToken);
}
