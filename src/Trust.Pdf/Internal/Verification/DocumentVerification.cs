using System.Globalization;
using UglyToad.PdfPig.Tokens;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Pki;
using Trust.Core.Results;
using Trust.Pdf.Internal.ChangeAnalysis;
using Trust.Pdf.Internal.Reader;
using Trust.Pdf.Internal.Signing;

namespace Trust.Pdf.Internal.Verification;

/// <summary>Verifies every signature of a PDF and analyses the revisions after each one.</summary>
internal static class DocumentVerification
{
    private const int MaxRevisionsAnalysed = 200;

    private static readonly HashSet<string> UndecidableKinds = new(StringComparer.Ordinal)
    {
        "revision-unreadable", "revision-too-large", "too-many-changes", "object-unreadable",
    };

    public static PdfVerificationReport Verify(Stream file, PdfVerificationOptions options)
    {
        var skipped = new List<string>();
        if (options.SkipChangeAnalysis)
        {
            skipped.Add("change-analysis");
        }

        if (options.SkipCertificateValidation)
        {
            skipped.Add("certificate");
        }

        var ends = RevisionScanner.FindRevisionEnds(file);
        PdfRevisionReader reader;
        try
        {
            reader = PdfRevisionReader.Open(file);
        }
        catch (TrustFormatException)
        {
            return Report(PdfDocumentVerdict.Indeterminate, [], ends.Count, skipped, ["pdf.unreadable"]);
        }

        using (reader)
        {
            IReadOnlyList<FormField> fields;
            int? docMdp;
            try
            {
                fields = SignatureFields.All(reader).Where(f => f.FieldType == "Sig" && f.Value is not null).ToList();
                docMdp = DocMdp.Permission(reader);
            }
            catch (Exception ex) when (ex is TrustFormatException or InvalidOperationException or ArgumentException)
            {
                return Report(PdfDocumentVerdict.Indeterminate, [], ends.Count, skipped, ["pdf.structure_unreadable"]);
            }

            var revisionChanges = new Dictionary<int, List<PdfChange>>();
            var seals = new List<PdfSealReport>();
            var removed = VerifyRemovedSignatures(file, ends, fields, options, docMdp, revisionChanges);

            // PAdES B-LTA: document time-stamps are checked first, since they prove the existence of the seals they cover.
            // The file's own validation data (/DSS certificates) helps build their TSA chains.
            var archive = new ArchiveEvidence(HasDss(reader), []);
            var (dssCertificates, dssCrls) = archive.HasDss ? ValidationData.Read(reader) : ([], []);
            var timestampOptions = ValidationData.With(options, dssCertificates, [], null);
            var sealFields = new List<FormField>();
            foreach (var field in fields)
            {
                if (DocumentTimestampCheck.IsDocumentTimestamp(reader, field))
                {
                    archive.DocumentTimestamps.Add(DocumentTimestampCheck.Check(reader, file, field, timestampOptions));
                }
                else
                {
                    sealFields.Add(field);
                }
            }

            // The seals are then validated with the DSS certificates and CRLs too; a CRL issued after the earliest valid
            // document time-stamp is outside the proved time and does not count.
            var provedBy = archive.DocumentTimestamps.Where(t => t.Valid && t.Time is not null).Select(t => t.Time).Min();
            options = ValidationData.With(options, dssCertificates, dssCrls, provedBy);

            if (sealFields.Count == 0 && removed.Count == 0)
            {
                return Report(PdfDocumentVerdict.Unsigned, [], ends.Count, skipped, [], archive);
            }

            foreach (var field in sealFields)
            {
                seals.Add(VerifyField(reader, file, field, ends, options, docMdp, revisionChanges, archive));
            }

            seals.AddRange(removed);

            var verdicts = seals.Select(s => s.Verdict).Concat(archive.DocumentTimestamps.Select(t =>
                t.Valid || (options.SkipCertificateValidation && !t.Failed) ? PdfDocumentVerdict.Valid : t.Failed ? PdfDocumentVerdict.Invalid : PdfDocumentVerdict.Indeterminate));
            var documentReasons = archive.DocumentTimestamps.SelectMany(t => t.Report.Reasons).Where(r => r != "certificate.not_checked" || !options.SkipCertificateValidation).Distinct().ToList();
            var verdict = Combine(verdicts);
            return Report(verdict, seals, ends.Count, skipped, documentReasons, archive);
        }
    }

    /// <summary>The document's long-term validation material: whether it has a DSS, and its document time-stamps.</summary>
    private sealed record ArchiveEvidence(bool HasDss, List<DocumentTimestampCheck.Outcome> DocumentTimestamps);

    private static bool HasDss(PdfRevisionReader reader)
    {
        try
        {
            return reader.Catalog.TryGet(NameToken.Create("DSS"), out var dss) && reader.ResolveDictionary(dss, "DSS") is not null;
        }
        catch (Exception ex) when (ex is TrustFormatException or InvalidOperationException or ArgumentException)
        {
            return false;
        }
    }

    private static PdfSealReport VerifyField(PdfRevisionReader reader, Stream file, FormField field, IReadOnlyList<long> ends, PdfVerificationOptions options, int? docMdp, Dictionary<int, List<PdfChange>> revisionChanges, ArchiveEvidence? archive = null)
    {
        var reasons = new List<string>();
        var signature = reader.ResolveDictionary(field.Value, "V");
        if (signature is null)
        {
            return Simple(field, PdfSealIntegrity.Broken, "signature.not_a_dictionary");
        }

        var subFilter = signature.TryGet(NameToken.SubFilter, out var sf) && reader.Resolve(sf) is NameToken sfn ? sfn.Data : null;
        var (range, contents, structural) = ByteRangeCheck.Check(reader, file, field.Value, signature);
        if (structural is not null)
        {
            return Simple(field, PdfSealIntegrity.Broken, structural);
        }

        var end = range![2] + range[3];
        var revisionIndex = RevisionAt(file, ends, end);
        var coversWhole = end == file.Length;
        if (revisionIndex is null)
        {
            reasons.Add("byterange.not_at_revision_end");
        }

        var cms = CmsVerifier.Verify(contents!, file, range);
        if (cms.Reason is not null)
        {
            reasons.Add(cms.Reason);
        }

        var signingTime = cms.SigningTime ?? ParseDate(signature.TryGet(NameToken.M, out var m) ? SignatureFields.TextOf(reader.Resolve(m)) : null);

        // PAdES B-T: a valid signature time-stamp proves the signature existed at its time (ETSI EN 319 102-1 section
        // 5.6.2.2); that time, not the claimed /M, is when the certificate must have been valid.
        var timestamp = SignatureTimestampCheck.Check(cms, options, reasons);
        var provenTime = false;
        string? provenBy = null;
        if (timestamp is { Valid: true, Time: { } proven })
        {
            signingTime = proven;
            provenTime = true;
            provenBy = PdfSealReport.ProvenBySignatureTimestamp;
        }

        // PAdES B-LTA: a valid document time-stamp whose byte range includes this seal proves the seal existed then.
        var archiveStamp = archive?.DocumentTimestamps.Where(t => t.Valid && t.End >= end && t.Time is not null).OrderBy(t => t.Time).FirstOrDefault();
        if (!provenTime && archiveStamp is not null)
        {
            signingTime = archiveStamp.Time;
            provenTime = true;
            provenBy = PdfSealReport.ProvenByDocumentTimestamp;
        }

        var sealCheck = EmbeddedSealCheck.Check(cms.SesSeal, cms.SignerCertificate, signingTime ?? DateTimeOffset.UtcNow, options.SkipCertificateValidation ? null : options.CertificateValidator);
        var sealId = sealCheck?.SealId;
        var sealName = sealCheck?.Name;
        var department = EmbeddedSealCheck.DepartmentOf(sealCheck, options.SealRegistry);
        var sealOk = sealCheck is null || sealCheck.Problems.Count == 0;
        if (sealCheck is not null)
        {
            reasons.AddRange(sealCheck.Problems);
        }

        // A revoked seal invalidates its signature whoever made it: a foreign seal reusing a revoked esID is no better.
        if (sealId is not null && options.SealRevocations?.IsRevoked(sealId) == true)
        {
            reasons.Add(Trust.Core.Seals.SealReasons.Revoked);
            sealOk = false;
        }

        // Certificate status at signing time.
        string certificateStatus;
        var certificateOk = true;
        var certificateUnknown = false;
        if (options.SkipCertificateValidation)
        {
            certificateStatus = VerdictWords.CertificateNotChecked;
        }
        else if (options.CertificateValidator is null || cms.SignerCertificate is null)
        {
            certificateStatus = VerdictWords.CertificateNotChecked;
            certificateUnknown = true;
            reasons.Add("certificate.not_checked");
        }
        else
        {
            var others = cms.Certificates.Where(c => !c.AsSpan().SequenceEqual(cms.SignerCertificate)).Select(c => (ReadOnlyMemory<byte>)c).ToList();
            // ETSI EN 319 102-1 section 5.6.2.1 (past signature validation): with a proof of existence (a valid
            // signature time-stamp) the chain is judged at the proven time; asked to validate at a chosen time without
            // one, at that time, where an expired or revoked certificate leaves the seal undecided (no POE).
            var noProof = !provenTime && options.ValidationTime is not null;
            var certificateTime = provenTime ? signingTime!.Value : options.ValidationTime ?? signingTime ?? DateTimeOffset.UtcNow;
            var chain = options.CertificateValidator.Validate(cms.SignerCertificate, others, certificateTime, CertificateUsage.Seal);
            certificateStatus = VerdictWords.Certificate(chain.Status);
            if (chain.Status == ChainStatus.Untrusted)
            {
                certificateUnknown = true;
                reasons.AddRange(chain.Reasons.Select(r => "certificate." + r));
            }
            else if (noProof && chain.Status is ChainStatus.Expired or ChainStatus.Revoked)
            {
                certificateUnknown = true;
                reasons.Add(chain.Status == ChainStatus.Expired ? "certificate.expired_no_poe" : "certificate.revoked_no_poe");
            }
            else
            {
                certificateOk = chain.IsTrusted;
                reasons.AddRange(chain.Reasons.Select(r => "certificate." + r));
            }
        }

        // Changes after this seal's revision.
        var changes = new List<PdfChange>();
        var analysisUnsure = false;
        if (!coversWhole && revisionIndex is { } covered)
        {
            if (options.SkipChangeAnalysis)
            {
                analysisUnsure = true;
                reasons.Add("change_analysis.skipped");
            }
            else
            {
                for (var r = covered + 1; r <= ends.Count || (r == ends.Count + 1 && ends.Count > 0 && ends[^1] < file.Length); r++)
                {
                    if (r - covered > MaxRevisionsAnalysed)
                    {
                        analysisUnsure = true;
                        reasons.Add("change_analysis.too_many_revisions");
                        break;
                    }

                    if (!revisionChanges.TryGetValue(r, out var list))
                    {
                        list = AnalyseRevision(file, ends, r, docMdp);
                        revisionChanges[r] = list;
                    }

                    changes.AddRange(list);
                }
            }
        }

        // Changes the analysis could not judge make the seal indeterminate, not "modified".
        if (changes.Any(c => UndecidableKinds.Contains(c.Kind)))
        {
            analysisUnsure = true;
            reasons.Add("change_analysis.undecidable");
        }

        var modifiedAfter = changes.Any(c => !c.Permitted && !UndecidableKinds.Contains(c.Kind));
        if (docMdp == 1 && changes.Count > 0)
        {
            modifiedAfter = true;
            reasons.Add("docmdp.no_changes_permitted");
        }

        var integrity = revisionIndex is null && cms.Integrity == PdfSealIntegrity.Intact ? PdfSealIntegrity.Broken : cms.Integrity;
        var verdict = integrity switch
        {
            PdfSealIntegrity.Broken => PdfDocumentVerdict.Invalid,
            PdfSealIntegrity.Indeterminate => PdfDocumentVerdict.Indeterminate,
            _ when !certificateOk || !sealOk || timestamp?.Failed == true => PdfDocumentVerdict.Invalid,
            _ when modifiedAfter => PdfDocumentVerdict.Modified,
            _ when certificateUnknown || analysisUnsure || sealCheck?.Indeterminate == true || timestamp is { Valid: false, Failed: false } => PdfDocumentVerdict.Indeterminate,
            _ => PdfDocumentVerdict.Valid,
        };

        return new PdfSealReport
        {
            FieldName = field.FullName,
            SealId = sealId,
            SealName = sealName,
            Department = department,
            Signer = cms.Signer,
            Algorithm = cms.Algorithm is { } a ? SignatureAlgorithms.DisplayName(a) : null,
            SubFilter = subFilter,
            SigningTime = signingTime,
            Integrity = integrity,
            SignatureTimestamp = timestamp?.Report,
            BestSignatureTime = provenTime ? signingTime : null,
            ProvenBy = provenBy,
            Level = timestamp is not { Valid: true } ? PdfLevels.BasicSignature
                : archive is not { HasDss: true } ? PdfLevels.Timestamped
                : archiveStamp is null ? PdfLevels.LongTerm
                : PdfLevels.LongTermArchive,
            CoversRevision = revisionIndex,
            CoversWholeDocument = coversWhole,
            ModifiedAfter = modifiedAfter,
            ChangesAfter = changes,
            CertificateStatus = certificateStatus,
            Reasons = reasons,
            Verdict = verdict,
        };
    }

    /// <summary>
    /// Signatures present in an earlier revision but gone from the final one (for example after the
    /// catalog was swapped): verified against their own revision and reported as modified.
    /// </summary>
    private static List<PdfSealReport> VerifyRemovedSignatures(Stream file, IReadOnlyList<long> ends, IReadOnlyList<FormField> finalFields, PdfVerificationOptions options, int? docMdp, Dictionary<int, List<PdfChange>> revisionChanges)
    {
        var result = new List<PdfSealReport>();
        var known = finalFields.Select(f => f.Value).OfType<IndirectReferenceToken>().Select(r => r.Data).ToHashSet();
        var start = Math.Max(0, ends.Count - 1 - MaxRevisionsAnalysed);
        for (var i = start; i < ends.Count - 1 || (i == ends.Count - 1 && ends[^1] < file.Length); i++)
        {
            try
            {
                using var older = PdfRevisionReader.Open(file, ends[i]);
                foreach (var field in SignatureFields.All(older).Where(f => f.FieldType == "Sig" && f.Value is IndirectReferenceToken))
                {
                    var sigRef = ((IndirectReferenceToken)field.Value!).Data;
                    if (!known.Add(sigRef))
                    {
                        continue;
                    }

                    var report = VerifyField(older, file, field, ends, options, docMdp, revisionChanges);
                    result.Add(new PdfSealReport
                    {
                        FieldName = report.FieldName,
                        SealId = report.SealId,
                        SealName = report.SealName,
                        Department = report.Department,
                        Signer = report.Signer,
                        Algorithm = report.Algorithm,
                        SubFilter = report.SubFilter,
                        SigningTime = report.SigningTime,
                        Integrity = report.Integrity,
                        CoversRevision = report.CoversRevision,
                        CoversWholeDocument = report.CoversWholeDocument,
                        ModifiedAfter = true,
                        ChangesAfter = [.. report.ChangesAfter, new PdfChange(i + 2, sigRef.ObjectNumber, "signature-removed", false, $"Signature '{field.FullName}' is no longer part of the document.")],
                        CertificateStatus = report.CertificateStatus,
                        Reasons = [.. report.Reasons, "signature.removed_later"],
                        Verdict = report.Verdict == PdfDocumentVerdict.Invalid ? PdfDocumentVerdict.Invalid : PdfDocumentVerdict.Modified,
                    });
                }
            }
            catch (TrustFormatException)
            {
                // An unreadable earlier revision is reported by the change analysis of the seals that precede it.
            }
        }

        return result;
    }

    private static List<PdfChange> AnalyseRevision(Stream file, IReadOnlyList<long> ends, int revision, int? docMdp)
    {
        var start = ends[revision - 2];
        var end = revision <= ends.Count ? ends[revision - 1] : file.Length;
        try
        {
            using var older = PdfRevisionReader.Open(file, start);
            using var newer = PdfRevisionReader.Open(file, end);
            return RevisionDiff.Compare(older, newer, file, start, end, revision, docMdp);
        }
        catch (Exception ex) when (ex is TrustFormatException or InvalidOperationException or ArgumentException or IOException or FormatException)
        {
            return [new PdfChange(revision, null, "revision-unreadable", false, "The revision cannot be parsed, so its changes cannot be judged.")];
        }
    }

    /// <summary>1-based revision whose end (%%EOF plus optional EOL) is <paramref name="end"/>.</summary>
    private static int? RevisionAt(Stream file, IReadOnlyList<long> ends, long end)
    {
        for (var i = 0; i < ends.Count; i++)
        {
            var e = ends[i];
            if (end == e)
            {
                return i + 1;
            }

            // Signers that exclude the final end-of-line: end is between "%%EOF" and its EOL.
            if (end < e && e - end <= 2)
            {
                var tail = new byte[e - end];
                file.Position = end;
                file.ReadExactly(tail);
                if (tail.All(b => b is (byte)'\r' or (byte)'\n'))
                {
                    return i + 1;
                }
            }
        }

        return null;
    }

    private static DateTimeOffset? ParseDate(string? pdfDate)
    {
        if (pdfDate is null || !pdfDate.StartsWith("D:", StringComparison.Ordinal) || pdfDate.Length < 16)
        {
            return null;
        }

        return DateTime.TryParseExact(pdfDate.Substring(2, 14), "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero)
            : null;
    }

    private static PdfDocumentVerdict Combine(IEnumerable<PdfDocumentVerdict> verdicts)
    {
        var list = verdicts.ToList();
        if (list.Contains(PdfDocumentVerdict.Invalid))
        {
            return PdfDocumentVerdict.Invalid;
        }

        if (list.Contains(PdfDocumentVerdict.Modified))
        {
            return PdfDocumentVerdict.Modified;
        }

        return list.Contains(PdfDocumentVerdict.Indeterminate) ? PdfDocumentVerdict.Indeterminate : PdfDocumentVerdict.Valid;
    }

    private static PdfSealReport Simple(FormField field, PdfSealIntegrity integrity, string reason) => new()
    {
        FieldName = field.FullName,
        Integrity = integrity,
        ChangesAfter = [],
        CertificateStatus = VerdictWords.CertificateNotChecked,
        Reasons = [reason],
        Verdict = integrity == PdfSealIntegrity.Broken ? PdfDocumentVerdict.Invalid : PdfDocumentVerdict.Indeterminate,
    };

    private static PdfVerificationReport Report(PdfDocumentVerdict verdict, IReadOnlyList<PdfSealReport> seals, int revisions, IReadOnlyList<string> skipped, IReadOnlyList<string> reasons, ArchiveEvidence? archive = null) => new()
    {
        DocumentTimestamps = archive?.DocumentTimestamps.Select(t => t.Report).ToList() ?? [],
        HasValidationData = archive?.HasDss ?? false,
        Verdict = verdict,
        Seals = seals,
        Revisions = revisions,
        Skipped = skipped,
        Reasons = reasons,
    };
}
