using System.Security.Cryptography;
using Trust.Core.Crypto.Internal;

namespace Trust.Core.Crypto.Ecdsa;

/// <summary>Checks that a platform EC key is on NIST P-256 (secp256r1), not merely 256 bits long.</summary>
internal static class P256
{
    internal static bool IsP256(ECAlgorithm key)
    {
        ECCurve curve;
        try
        {
            curve = key.ExportParameters(false).Curve;
        }
        catch (CryptographicException)
        {
            return false;
        }

        if (!curve.IsNamed)
        {
            return false;
        }

        return curve.Oid.Value == Oids.P256
            || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256" or "secp256r1" or "prime256v1";
    }
}
