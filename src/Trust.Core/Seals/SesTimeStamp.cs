using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Trust.Core.Encoding;
using Trust.Core.Pki;
using Trust.Core.Results;
using Trust.Core.Timestamps;

namespace Trust.Core.Seals;

/// <summary>
/// The optional <c>timeStamp</c> of a GB/T 38540 <c>SES_Signature</c>: a time-stamp token (RFC 3161) over the
/// signature value. Strict: a present token must parse as an RFC 3161 TimeStampToken (CMS SignedData,
/// encapsulated content type <c>id-ct-TSTInfo</c>, one signer with the ESS signing-certificate attribute) and its
/// message imprint must be the digest of the signature value.
/// </summary>
/// <remarks>
/// <see cref="Verify"/> then checks the token in full with <see cref="TimestampTokenVerifier"/>: the TSA's signature,
/// the ESS signing certificate, the TSA certificate's critical id-kp-timeStamping and its chain (with revocation) to the
/// verifier's trust anchors at the token's own time. A token that passes is a proof of existence of the signature at
/// that time (ETSI EN 319 102-1 section 5.6.2.2); one from a foreign or untrusted TSA names why (<c>timestamp.*</c>).
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

    /// <summary>What <see cref="Verify"/> found about a present token.</summary>
    /// <param name="Reasons">Reason codes; empty when the token is valid.</param>
    /// <param name="Failed">True when a reason is a failure (the signature is invalid), false when the token only could not be trusted.</param>
    /// <param name="Time">The token's time when it is valid (the proven time), else null.</param>
    internal sealed record Outcome(IReadOnlyList<string> Reasons, bool Failed, DateTimeOffset? Time)
    {
        public bool Valid => Reasons.Count == 0;
    }

    /// <summary>
    /// Null when the token is absent; otherwise the full check: structure and imprint over <paramref name="signatureValue"/>
    /// (<see cref="SealReasons.TimeStampMalformed"/>, <see cref="SealReasons.TimeStampMismatch"/>), then the TSA's
    /// signature and certificate, chained to <paramref name="validator"/>'s anchors at the token's time.
    /// </summary>
    public static Outcome? Verify(ReadOnlyMemory<byte>? token, ReadOnlySpan<byte> signatureValue, ICertificateValidator validator)
    {
        if (token is not { Length: > 0 } bytes)
        {
            return null;
        }

        if (Check(bytes, signatureValue) is { } structural)
        {
            return new Outcome([structural], true, null);
        }

        if (!TimestampTokenVerifier.TryDecode(bytes, out var fields) || fields is null)
        {
            return new Outcome([SealReasons.TimeStampMalformed], true, null);
        }

        TimestampVerification check;
        try
        {
            check = TimestampTokenVerifier.Verify(bytes, signatureValue, validator, fields.Time);
        }
#pragma warning disable CA1031 // A validator that fails leaves the token unproven, never a crash.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            return new Outcome([TimestampReasons.TsaUntrusted], false, null);
        }

        var reasons = check.Reasons.Select(r => r switch
        {
            TimestampReasons.Malformed => SealReasons.TimeStampMalformed,
            TimestampReasons.ImprintMismatch => SealReasons.TimeStampMismatch,
            _ => r,
        }).Distinct().ToList();
        var failed = reasons.Any(r => ReasonCatalog.Find(r)?.Indication == Indication.Failed);
        return new Outcome(reasons, failed, reasons.Count == 0 ? fields.Time : null);
    }

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
