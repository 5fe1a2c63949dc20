using UglyToad.PdfPig.Tokens;
using Trust.Core.Crypto;
using Trust.Core.Results;
using Trust.Core.Timestamps;
using Trust.Pdf.Internal.Archiving;
using Trust.Pdf.Internal.Reader;
using Trust.Pdf.Internal.Signing;

namespace Trust.Pdf.Internal.Verification;

/// <summary>
/// Checks a document time-stamp (ISO 32000-2 section 12.8.5, ETSI EN 319 142-1 section 5.5): a signature dictionary with
/// /SubFilter /ETSI.RFC3161 whose /Contents is an RFC 3161 token over the digest of the byte range.
/// </summary>
internal static class DocumentTimestampCheck
{
    /// <summary>The check of one document time-stamp; <see cref="End"/> is where its byte range ends.</summary>
    internal sealed record Outcome(PdfTimestampReport Report, bool Valid, bool Failed, DateTimeOffset? Time, long End);

    public static bool IsDocumentTimestamp(PdfRevisionReader reader, FormField field) =>
        reader.ResolveDictionary(field.Value, "V") is { } signature
        && signature.TryGet(NameToken.SubFilter, out var sf) && reader.Resolve(sf) is NameToken { Data: ArchiveSession.DocTimeStampSubFilter };

    public static Outcome Check(PdfRevisionReader reader, Stream file, FormField field, PdfVerificationOptions options)
    {
        var signature = reader.ResolveDictionary(field.Value, "V")!;
        var (range, contents, structural) = ByteRangeCheck.Check(reader, file, field.Value, signature);
        if (structural is not null)
        {
            return Fail(structural);
        }

        var end = range![2] + range[3];
        if (!TimestampTokenVerifier.TryDecode(contents!, out var token) || token is null)
        {
            return Fail(TimestampReasons.Malformed);
        }

        DigestAlgorithm? algorithm = token.ImprintAlgorithmOid switch
        {
            SignatureAlgorithms.Sm3Oid => DigestAlgorithm.Sm3,
            "2.16.840.1.101.3.4.2.1" => DigestAlgorithm.Sha256,
            _ => null,
        };
        if (algorithm is null)
        {
            return Fail(TimestampReasons.UnsupportedAlgorithm, token);
        }

        var digest = ByteRangeHasher.Hash(file, range, algorithm.Value);
        if (options.SkipCertificateValidation || options.CertificateValidator is null)
        {
            // Without trust anchors only the imprint can be checked; the time is then not a proof.
            var matches = System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(digest, token.Imprint.Span);
            var problems = matches ? new[] { "certificate.not_checked" } : [TimestampReasons.ImprintMismatch];
            return new Outcome(new PdfTimestampReport(token.Time, token.TsaName, false, problems), false, !matches, token.Time, end);
        }

        var check = TimestampTokenVerifier.VerifyImprint(contents!, algorithm.Value, digest, options.CertificateValidator, options.ValidationTime);
        var failed = check.Reasons.Any(r => ReasonCatalog.Find(r)?.Indication == Indication.Failed);
        return new Outcome(new PdfTimestampReport(token.Time, token.TsaName, check.IsValid, check.Reasons), check.IsValid, failed, token.Time, end);

        Outcome Fail(string reason, TimestampToken? t = null) => new(new PdfTimestampReport(t?.Time, t?.TsaName, false, [reason]), false, true, null, 0);
    }
}
