using System.Xml;
using Trust.Core.Crypto;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Pdf;

namespace Trust.Documents.Ofd;

/// <summary>
/// Verifies the seals of an OFD package (GB/T 33190-2016 section 18, GB/T 38540-2020 section 8): for each signature
/// listed in Signatures.xml, every reference's SM3 check value, files added to the package after the seal (anything
/// not covered other than Signatures.xml and the folders of later seals), the seal file matching the seal inside the
/// signature, the stamp annotation's page, and the SES_Signature over Signature.xml with
/// <see cref="SealSignatureVerifier"/> (maker signature, seal validity, signer listed, chain, revocation).
/// </summary>
internal static class OfdVerifier
{
    public const string Unreadable = "ofd.unreadable";
    public const string Unsigned = "ofd.unsigned";
    public const string SignatureMalformed = "ofd.signature_malformed";
    public const string ReferenceMismatch = "ofd.reference_mismatch";
    public const string ReferenceMissing = "ofd.reference_missing";
    public const string FileAdded = "ofd.file_added";
    public const string SealFileMismatch = "ofd.seal_file_mismatch";
    public const string StampPageMissing = "ofd.stamp_page_missing";

    /// <summary>The outcome; <see cref="Limit"/> is the <c>limit.*</c> reason when a limit of the options stopped the work.</summary>
    internal sealed record Result(PdfDocumentVerdict Verdict, IReadOnlyList<PdfSealReport> Seals, IReadOnlyList<string> Reasons, EmbeddedContent Content, string? Limit = null)
    {
        /// <summary>The archive time-stamps (<see cref="OfdArchiver"/>), in order.</summary>
        public IReadOnlyList<PdfTimestampReport> ArchiveTimestamps { get; init; } = [];

        /// <summary>Whether the package carries archive validation data.</summary>
        public bool HasValidationData { get; init; }
    }

    public static Result Verify(byte[] package, LicenceFileVerificationOptions options, Func<bool> outOfTime) =>
        Verify(package, options.CertificateValidator, options.SealRevocations, options.Intermediates, options.SealRegistry, options.SealLimits, options.MaxOfdEntries, options.MaxOfdExpandedBytes, outOfTime, options.ValidationTime);

    /// <summary>Verifies the seals of <paramref name="package"/> with the given trust material and limits (no licence check).</summary>
    public static Result Verify(
        byte[] package,
        Core.Pki.ICertificateValidator validator,
        ISealRevocationSource? revocations,
        IReadOnlyList<ReadOnlyMemory<byte>>? intermediates,
        SealRegistry? registry,
        SesVerificationLimits? sealLimits = null,
        int maxEntries = OfdZip.MaxEntries,
        long maxExpandedBytes = OfdZip.MaxTotalBytes,
        Func<bool>? outOfTime = null,
        DateTimeOffset? validationTime = null)
    {
        List<(string Path, byte[] Data)> files;
        try
        {
            files = OfdZip.Read(package, maxEntries, maxExpandedBytes);
        }
        catch (OfdLimitException limit)
        {
            return new Result(PdfDocumentVerdict.Indeterminate, [], [limit.Reason], EmbeddedContent.None, limit.Reason);
        }
        catch (Core.TrustFormatException)
        {
            return new Result(PdfDocumentVerdict.Invalid, [], [Unreadable], EmbeddedContent.None);
        }

        var byPath = files.ToDictionary(f => f.Path, f => f.Data, StringComparer.Ordinal);
        var content = ReadContent(byPath);
        List<string> signaturePaths;
        try
        {
            signaturePaths = SignaturePaths(byPath);
        }
        catch (Exception ex) when (ex is XmlException or InvalidDataException)
        {
            return new Result(PdfDocumentVerdict.Invalid, [], [Unreadable], content);
        }

        if (signaturePaths.Count == 0)
        {
            return new Result(PdfDocumentVerdict.Unsigned, [], [Unsigned], content);
        }

        // The archive parts first: their time-stamps prove when the seals existed and their data extends the validator.
        var archive = OfdArchiveCheck.Check(byPath, validator, validationTime);
        var verifier = new SealSignatureVerifier(archive.Validator, revocations, intermediates, limits: sealLimits);
        var seals = new List<PdfSealReport>();
        for (var i = 0; i < signaturePaths.Count; i++)
        {
            if (outOfTime?.Invoke() == true)
            {
                return new Result(PdfDocumentVerdict.Indeterminate, [], [Core.Results.LimitReasons.Time], content, Core.Results.LimitReasons.Time);
            }

            var laterDirs = signaturePaths.Skip(i + 1).Select(DirOf).ToList();
            seals.Add(VerifyOne(signaturePaths[i], byPath, laterDirs, verifier, registry, archive, validationTime));
        }

        var archiveVerdict = archive.Failed ? PdfDocumentVerdict.Invalid : archive.Reasons.Count > 0 ? PdfDocumentVerdict.Indeterminate : PdfDocumentVerdict.Valid;
        var verdicts = seals.Select(s => s.Verdict).Append(archiveVerdict).ToList();
        var verdict = verdicts.Contains(PdfDocumentVerdict.Invalid) ? PdfDocumentVerdict.Invalid
            : verdicts.Contains(PdfDocumentVerdict.Modified) ? PdfDocumentVerdict.Modified
            : verdicts.Contains(PdfDocumentVerdict.Indeterminate) ? PdfDocumentVerdict.Indeterminate
            : PdfDocumentVerdict.Valid;
        return new Result(verdict, seals, archive.Reasons, content)
        {
            ArchiveTimestamps = archive.Parts.Where(p => p.Timestamp is not null).Select(p => p.Timestamp!).ToList(),
            HasValidationData = archive.HasValidationData,
        };
    }

    private static string DirOf(string signatureXmlPath) => signatureXmlPath[..(signatureXmlPath.LastIndexOf('/') + 1)];

    private static XmlDocument Load(byte[] data)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 64 << 20 };
        using var reader = XmlReader.Create(new MemoryStream(data, writable: false), settings);
        var doc = new XmlDocument { XmlResolver = null };
        doc.Load(reader);
        return doc;
    }

    private static XmlNamespaceManager Ns(XmlDocument doc)
    {
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("ofd", OfdPackageWriter.Ns);
        return ns;
    }

    private static string Normalize(string path) => path.Trim().TrimStart('/');

    private static List<string> SignaturePaths(Dictionary<string, byte[]> files)
    {
        if (!files.TryGetValue("OFD.xml", out var ofdXml))
        {
            throw new InvalidDataException("no OFD.xml");
        }

        var ofd = Load(ofdXml);
        var signaturesNode = ofd.SelectSingleNode("/ofd:OFD/ofd:DocBody/ofd:Signatures", Ns(ofd));
        if (signaturesNode is null)
        {
            return [];
        }

        var signaturesPath = Normalize(signaturesNode.InnerText);
        if (!files.TryGetValue(signaturesPath, out var listXml))
        {
            throw new InvalidDataException("Signatures.xml missing");
        }

        var list = Load(listXml);
        var result = new List<string>();
        foreach (XmlElement sig in list.SelectNodes("/ofd:Signatures/ofd:Signature", Ns(list))!)
        {
            var baseLoc = sig.GetAttribute("BaseLoc");
            result.Add(baseLoc.StartsWith('/') ? Normalize(baseLoc) : Normalize(signaturesPath[..(signaturesPath.LastIndexOf('/') + 1)] + baseLoc));
        }

        return result;
    }

    private static PdfSealReport VerifyOne(string signaturePath, Dictionary<string, byte[]> files, List<string> laterDirs, SealSignatureVerifier verifier, SealRegistry? registry, OfdArchiveCheck.Outcome archive, DateTimeOffset? validationTime)
    {
        OfdArchiveCheck.Part? proof = null;
        var archived = false;
        var reasons = new List<string>();
        var changes = new List<PdfChange>();
        var dir = DirOf(signaturePath);
        var name = dir.TrimEnd('/')[(dir.TrimEnd('/').LastIndexOf('/') + 1)..];
        SesSignature? ses = null;
        SealVerificationResult? result = null;
        var integrityOk = true;
        try
        {
            if (!files.TryGetValue(signaturePath, out var signatureXml))
            {
                throw new InvalidDataException("Signature.xml missing");
            }

            var doc = Load(signatureXml);
            var ns = Ns(doc);
            var references = doc.SelectSingleNode("/ofd:Signature/ofd:SignedInfo/ofd:References", ns) as XmlElement
                ?? throw new InvalidDataException("no References");
            if (references.GetAttribute("CheckMethod") is not (OfdSealer.Sm3Oid or "" or "SM3"))
            {
                reasons.Add(SignatureMalformed + ":check_method");
                integrityOk = false;
            }

            var covered = new HashSet<string>(StringComparer.Ordinal);
            foreach (XmlElement reference in references.SelectNodes("ofd:Reference", ns)!)
            {
                var path = Normalize(reference.GetAttribute("FileRef"));
                covered.Add(path);
                var expected = reference.SelectSingleNode("ofd:CheckValue", ns)?.InnerText.Trim() ?? "";
                if (!files.TryGetValue(path, out var data))
                {
                    reasons.Add(ReferenceMissing + ":" + path);
                    integrityOk = false;
                }
                else if (!string.Equals(Convert.ToBase64String(OfdSealer.Sm3(data)), expected, StringComparison.Ordinal))
                {
                    reasons.Add(ReferenceMismatch + ":" + path);
                    integrityOk = false;
                }
            }

            // Files not covered: allowed are Signatures.xml, this seal's own three files, and later seals' folders.
            var own = new[] { "Signature.xml", "SignedValue.dat", "Seal.esl" }.Select(f => dir + f).ToHashSet(StringComparer.Ordinal);
            foreach (var path in files.Keys.Where(p => !covered.Contains(p)).Order(StringComparer.Ordinal))
            {
                var allowed = path == OfdSealer.SignaturesPath || own.Contains(path)
                    || path.StartsWith(OfdArchiver.Folder, StringComparison.Ordinal) // archive parts, checked on their own
                    || laterDirs.Any(d => path.StartsWith(d, StringComparison.Ordinal) && path.IndexOf('/', d.Length) < 0);
                if (!allowed)
                {
                    changes.Add(new PdfChange(0, null, "file_added", false, "File added after the seal: " + path));
                    reasons.Add(FileAdded + ":" + path);
                }
            }

            var pageRef = (doc.SelectSingleNode("/ofd:Signature/ofd:SignedInfo/ofd:StampAnnot", ns) as XmlElement)?.GetAttribute("PageRef");
            if (pageRef != OfdPackageWriter.PageId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                reasons.Add(StampPageMissing);
            }

            var valuePath = Normalize(doc.SelectSingleNode("/ofd:Signature/ofd:SignedValue", ns)?.InnerText ?? "");
            if (!files.TryGetValue(valuePath, out var signedValue) || !SesSignature.TryDecode(signedValue, out ses))
            {
                throw new InvalidDataException("SignedValue missing or malformed");
            }

            // A valid archive time-stamp over this seal's signature value proves the seal existed at its time: asked to
            // validate at a chosen time, the certificates are judged then (the seal's own timeStamp, when valid, first).
            proof = archive.ProofFor(valuePath);
            archived = archive.Covers(valuePath);
            using (var data = new MemoryStream(signatureXml, writable: false))
            {
                result = verifier.Verify(ses, data, proof is not null && validationTime is not null ? proof.Timestamp!.Time : validationTime);
            }

            reasons.AddRange(result.Reasons);
            var sealLoc = Normalize(doc.SelectSingleNode("/ofd:Signature/ofd:SignedInfo/ofd:Seal/ofd:BaseLoc", ns)?.InnerText ?? "");
            if (!files.TryGetValue(sealLoc, out var sealFile) || !sealFile.AsSpan().SequenceEqual(ses.ToSign.Seal.Encode()))
            {
                reasons.Add(SealFileMismatch);
            }
        }
        catch (Exception ex) when (ex is XmlException or InvalidDataException or FormatException)
        {
            reasons.Add(SignatureMalformed);
            integrityOk = false;
        }

        var dataHashOk = result is not null && !result.Reasons.Contains(SealReasons.DataHashMismatch) && !result.Reasons.Contains(SealReasons.SignatureInvalid);
        var integrity = integrityOk && dataHashOk ? PdfSealIntegrity.Intact : PdfSealIntegrity.Broken;
        var modified = changes.Count > 0;
        var certificate = result is null ? "untrusted"
            : result.Reasons.FirstOrDefault(r => r.StartsWith(SealReasons.SignerChainPrefix, StringComparison.Ordinal)) is { } chain
                ? (chain.Contains("expired", StringComparison.Ordinal) ? "expired" : chain.Contains("revoked", StringComparison.Ordinal) ? "revoked" : "untrusted")
                : "trusted";
        var verdict = integrity == PdfSealIntegrity.Broken ? PdfDocumentVerdict.Invalid
            : result!.Verdict == SealVerdict.Invalid || reasons.Contains(SealFileMismatch) || reasons.Contains(StampPageMissing) ? PdfDocumentVerdict.Invalid
            : modified ? PdfDocumentVerdict.Modified
            : result.Verdict == SealVerdict.Indeterminate ? PdfDocumentVerdict.Indeterminate
            : PdfDocumentVerdict.Valid;
        return new PdfSealReport
        {
            FieldName = name,
            SealId = ses?.ToSign.Seal.SealInfo.EsId,
            SealName = ses?.ToSign.Seal.SealInfo.Property.Name,
            Department = ses is not null && registry is not null && registry.TryFind(ses.ToSign.Seal.SealInfo.EsId, out var known)
                ? known.Department : ses?.ToSign.Seal.SealInfo.Property.Name,
            Signer = result?.Signer,
            Algorithm = result?.Algorithm is { } a ? SignatureAlgorithms.DisplayName(a) : null,
            SubFilter = "GB/T 38540 OFD",
            SigningTime = result?.SigningTime,
            SignatureTimestamp = result?.TimestampTime is { } tsTime ? new PdfTimestampReport(tsTime, null, result.BestSignatureTime is not null,
                result.Reasons.Where(r => r.StartsWith("timestamp.", StringComparison.Ordinal) || r == SealReasons.TimeStampMalformed || r == SealReasons.TimeStampMismatch).ToList()) : null,
            BestSignatureTime = result?.BestSignatureTime ?? (proof is not null && validationTime is not null && result?.IsValid == true ? proof.Timestamp!.Time : null),
            ProvenBy = result?.BestSignatureTime is not null ? PdfSealReport.ProvenBySignatureTimestamp
                : proof is not null && validationTime is not null && result?.IsValid == true ? PdfSealReport.ProvenByDocumentTimestamp : null,
            Level = result?.BestSignatureTime is null ? PdfLevels.BasicSignature
                : !archived ? PdfLevels.Timestamped
                : proof is null ? PdfLevels.LongTerm
                : PdfLevels.LongTermArchive,
            Integrity = integrity,
            CoversRevision = null,
            CoversWholeDocument = !modified,
            ModifiedAfter = modified,
            ChangesAfter = changes,
            CertificateStatus = certificate,
            Reasons = reasons,
            Verdict = verdict,
        };
    }

    private static EmbeddedContent ReadContent(Dictionary<string, byte[]> files)
    {
        if (!files.TryGetValue(OfdPackageWriter.AttachmentPath, out var licence))
        {
            return EmbeddedContent.None;
        }

        files.TryGetValue(OfdPackageWriter.ContentPath, out var content);
        return new EmbeddedContent(licence, rendered =>
            content is not null && content.AsSpan().SequenceEqual(OfdPackageWriter.Content(rendered.Page).Content));
    }
}
