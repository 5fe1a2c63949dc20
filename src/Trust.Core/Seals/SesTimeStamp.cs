using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Trust.Core.Encoding;

namespace Trust.Core.Seals;

/// <summary>
/// The optional <c>timeStamp</c> of a GB/T 38540 <c>SES_Signature</c>: a time-stamp token (RFC 3161) over the
/// signature value. Strict by default: a present token must parse as an RFC 3161 TimeStampToken (CMS SignedData,
/// encapsulated content type <c>id-ct-TSTInfo</c>, one signer with the ESS signing-certificate attribute) and its
/// message imprint must be the digest of the signature value.
/// </summary>
/// <remarks>
/// Out of scope: the TSA's signature and certificate chain are not validated, and the token's time is not used
/// (the signing time stays <c>TBS_Sign.timeInfo</c>). A well-formed, matching token is therefore neither a reason
/// to fail nor evidence of anything; a malformed or mismatching one makes the signature invalid.
/// </remarks>
internal static class SesTimeStamp
{
    private const string Field = "SES_Signature.timeStamp";

    /// <summary>SM3, SHA-256, SHA-384, SHA-512: the imprint algorithms accepted.</summary>
    private static readonly HashSet<string> ImprintAlgorithms = new(StringComparer.Ordinal)
    {
        "1.2.156.10197.1.401",
        "2.16.840.1.101.3.4.2.1",
        "2.16.840.1.101.3.4.2.2",
        "2.16.840.1.101.3.4.2.3",
    };

    /// <summary>Null when the token is absent or well-formed and matching; otherwise the reason code.</summary>
    /// <param name="token">The <c>timeStamp</c> bytes (null or empty when absent).</param>
    /// <param name="signatureValue">The <c>SES_Signature.signature</c> value the token must cover.</param>
    public static string? Check(ReadOnlyMemory<byte>? token, ReadOnlySpan<byte> signatureValue)
    {
        if (token is not { Length: > 0 } bytes)
        {
            return null;
        }

        TimeStampToken parsed;
        try
        {
            // BouncyCastle's CMS parser recurses per nesting level: bound it first.
            DerNesting.Check(bytes.Span, Field);
            parsed = new TimeStampToken(new CmsSignedData(bytes.ToArray()));
        }
#pragma warning disable CA1031 // Hostile bytes: any parser failure means "not a time-stamp token".
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return SealReasons.TimeStampMalformed;
        }

        try
        {
            var info = parsed.TimeStampInfo;
            var algorithm = info.MessageImprintAlgOid;
            if (!ImprintAlgorithms.Contains(algorithm))
            {
                return SealReasons.TimeStampMalformed;
            }

            var expected = DigestUtilities.CalculateDigest(algorithm, signatureValue.ToArray());
            return System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(expected, info.GetMessageImprintDigest())
                ? null
                : SealReasons.TimeStampMismatch;
        }
#pragma warning disable CA1031
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return SealReasons.TimeStampMalformed;
        }
    }
}
