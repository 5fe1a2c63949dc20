using System.Security.Cryptography;
using Trust.Core.Crypto;
using Trust.Core.Seals.Asn1;

namespace Trust.Core.Seals;

/// <summary>Checks against a seal's certificate list (GB/T 38540-2020, 7.1 <c>certList</c>).</summary>
internal static class SealCertificates
{
    /// <summary>Whether <paramref name="certificate"/> (DER) or its digest is listed in the seal.</summary>
    internal static bool Lists(SesPropertyInfo property, ReadOnlySpan<byte> certificate)
    {
        if (property.CertListType == SesCertListType.Certificates)
        {
            foreach (var listed in property.Certificates)
            {
                if (listed.Span.SequenceEqual(certificate))
                {
                    return true;
                }
            }

            return false;
        }

        foreach (var entry in property.CertificateDigests)
        {
            if (SealAlgorithms.DigestFromName(entry.DigestName) is { } digest &&
                CryptographicOperations.FixedTimeEquals(Digest.Hash(digest, certificate), entry.Value.Span))
            {
                return true;
            }
        }

        return false;
    }
}
