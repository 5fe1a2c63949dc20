using Google.Protobuf.WellKnownTypes;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Grpc.V1;
using Trust.Pdf;

namespace Trust.Grpc.Seals;

/// <summary>
/// Maps a <see cref="PdfVerificationReport"/> to <see cref="VerifyPdfResponse"/>, with the fields and texts of
/// <c>trust seal verify --json</c>. It only copies: every verdict, reason and department is the library's
/// (seal revocation included, through <see cref="PdfVerificationOptions.SealRevocations"/>).
/// </summary>
internal static class PdfReportMapping
{
    public static VerifyPdfResponse ToProto(PdfVerificationReport report)
    {
        var outcome = report.Outcome;
        var response = new VerifyPdfResponse
        {
            Verdict = VerdictText(report.Verdict),
            Revisions = report.Revisions,
            Indication = outcome.Indication.ToText(),
            SubIndication = outcome.SubIndication.ToText(),
        };
        response.Reasons.AddRange(report.Reasons);
        response.Skipped.AddRange(report.Skipped);
        foreach (var seal in report.Seals)
        {
            var item = new PdfSealVerification
            {
                Field = seal.FieldName,
                SealId = seal.SealId ?? "",
                Department = seal.Department ?? "",
                SealName = seal.SealName ?? "",
                Algorithm = seal.Algorithm ?? "",
                Integrity = PdfVerdicts.ToText(seal.Integrity),
                CoversRevision = seal.CoversRevision is not null,
                ModifiedAfter = seal.ModifiedAfter,
                Certificate = seal.CertificateStatus,
                Verdict = VerdictText(seal.Verdict),
                Revision = seal.CoversRevision ?? 0,
                CoversWholeDocument = seal.CoversWholeDocument,
                Signer = seal.Signer ?? "",
                SubFilter = seal.SubFilter ?? "",
            };
            var sealOutcome = seal.Outcome;
            item.Indication = sealOutcome.Indication.ToText();
            item.SubIndication = sealOutcome.SubIndication.ToText();
            if (seal.SigningTime is { } time)
            {
                item.SigningTime = Timestamp.FromDateTimeOffset(time);
            }

            item.Level = seal.Level;
            item.ProvenBy = seal.ProvenBy ?? "";
            if (seal.BestSignatureTime is { } best)
            {
                item.BestSignatureTime = Timestamp.FromDateTimeOffset(best);
            }

            item.Reasons.AddRange(seal.Reasons);
            foreach (var change in seal.ChangesAfter)
            {
                item.ChangesAfter.Add(new V1.PdfChange
                {
                    Revision = change.Revision,
                    Kind = change.Kind,
                    Permitted = change.Permitted,
                    Description = change.Description,
                    Object = change.ObjectNumber ?? 0,
                });
            }

            response.Seals.Add(item);
        }

        return response;
    }

    public static string VerdictText(PdfDocumentVerdict verdict) => PdfVerdicts.ToText(verdict);
}
