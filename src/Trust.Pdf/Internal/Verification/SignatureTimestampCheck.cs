using Trust.Core.Results;
using Trust.Core.Timestamps;

namespace Trust.Pdf.Internal.Verification;

/// <summary>
/// Checks a seal's signature time-stamp (PAdES B-T): the token must cover the SignerInfo's signature value and come
/// from a TSA that chains to the verifier's trust anchors (RFC 3161, ETSI EN 319 142-1 section 5.3).
/// </summary>
internal static class SignatureTimestampCheck
{
    internal sealed record Outcome(PdfTimestampReport Report, bool Valid, bool Failed, DateTimeOffset? Time);

    /// <summary>Null when the seal has no signature time-stamp; otherwise the check, its reasons added to <paramref name="reasons"/>.</summary>
    public static Outcome? Check(CmsVerification cms, PdfVerificationOptions options, List<string> reasons)
    {
        if (cms.SignatureTimestampToken is not { } token || cms.SignatureValue is not { } signatureValue)
        {
            return null;
        }

        if (options.SkipCertificateValidation || options.CertificateValidator is null)
        {
            TimestampTokenVerifier.TryDecode(token, out var fields);
            var problems = fields is null ? new[] { TimestampReasons.Malformed } : [];
            reasons.AddRange(problems);
            return new Outcome(new PdfTimestampReport(fields?.Time, fields?.TsaName, false, problems), false, fields is null, fields?.Time);
        }

        var check = TimestampTokenVerifier.Verify(token, signatureValue, options.CertificateValidator, options.ValidationTime);
        reasons.AddRange(check.Reasons);
        var failed = check.Reasons.Any(r => ReasonCatalog.Find(r)?.Indication == Indication.Failed);
        return new Outcome(new PdfTimestampReport(check.Token?.Time, check.Token?.TsaName, check.IsValid, check.Reasons), check.IsValid, failed, check.Token?.Time);
    }
}
