using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cmp;
using Org.BouncyCastle.Asn1.Tsp;
using Trust.Core.Crypto;
using Trust.Core.Pki;

namespace Trust.Core.Timestamps.Internal;

/// <summary>
/// The client side of RFC 3161 section 2.4: builds a request (imprint, 64-bit random nonce, certReq true), reads the
/// response, and accepts the token only if status is granted (or grantedWithMods), the imprint and nonce match, and
/// <see cref="TimestampTokenVerifier"/> finds nothing wrong at the current time.
/// </summary>
internal static class TimestampExchange
{
    public const int MaxResponseBytes = TimestampTokenVerifier.MaxTokenBytes + 4096;

    public static (byte[] Request, byte[] Nonce) CreateRequest(DigestAlgorithm algorithm, ReadOnlySpan<byte> imprint)
    {
        var oid = TimestampAlgorithms.OidOf(algorithm);
        if (TimestampAlgorithms.ImprintLength(oid) != imprint.Length)
        {
            throw new TrustFormatException("imprint", "the imprint must have its digest algorithm's length");
        }

        var nonce = new byte[8];
        RandomNumberGenerator.Fill(nonce);
        nonce[0] &= 0x7F;
        nonce[0] |= 0x01;
        var request = new TimeStampReq(
            new MessageImprint(TimestampAlgorithms.Identifier(oid), imprint.ToArray()),
            null,
            new DerInteger(new Org.BouncyCastle.Math.BigInteger(1, nonce)),
            DerBoolean.True,
            null);
        return (request.GetEncoded(Asn1Encodable.Der), nonce);
    }

    public static byte[] AcceptResponse(ReadOnlySpan<byte> response, DigestAlgorithm algorithm, ReadOnlySpan<byte> imprint, byte[] nonce, ICertificateValidator validator, DateTimeOffset now)
    {
        TimeStampResp parsed;
        try
        {
            if (response.Length == 0 || response.Length > MaxResponseBytes)
            {
                throw new FormatException("size");
            }

            Encoding.DerNesting.Check(response, "TimeStampResp");
            parsed = TimeStampResp.GetInstance(Asn1Object.FromByteArray(response.ToArray()));
        }
#pragma warning disable CA1031 // Hostile bytes from the network.
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new TimestampException("The TSA's answer is not a TimeStampResp.", [TimestampReasons.Unavailable], ex);
        }

        var status = parsed.Status.Status.IntValueExact;
        if ((status != (int)PkiStatus.Granted && status != (int)PkiStatus.GrantedWithMods) || parsed.TimeStampToken is null)
        {
            var text = parsed.Status.StatusString is { } s ? string.Join("; ", Enumerable.Range(0, s.Count).Select(i => s[i].GetString())) : "status " + status;
            throw new TimestampException("The TSA refused the request: " + text, [TimestampReasons.Rejected + ":" + text]);
        }

        var token = parsed.TimeStampToken.GetEncoded(Asn1Encodable.Der);
        var check = TimestampTokenVerifier.VerifyImprint(token, algorithm, imprint, validator, now);
        var reasons = check.Reasons.ToList();
        if (check.Token is { } fields && (fields.Nonce is not { } echoed || !echoed.Span.SequenceEqual(nonce)))
        {
            reasons.Add(TimestampReasons.NonceMismatch);
        }

        if (reasons.Count > 0)
        {
            throw new TimestampException("The TSA's token failed the checks: " + string.Join(", ", reasons), reasons);
        }

        return token;
    }
}
