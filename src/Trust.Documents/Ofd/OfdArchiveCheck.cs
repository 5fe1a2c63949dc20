using System.Globalization;
using System.Xml;
using Trust.Core.Crypto;
using Trust.Core.Pki;
using Trust.Core.Results;
using Trust.Core.Timestamps;
using Trust.Pdf;

namespace Trust.Documents.Ofd;

/// <summary>
/// Checks the archive parts <see cref="OfdArchiver"/> adds: each <c>Archive_N.xml</c> must list every file of the
/// package but itself and later archive parts, each with its SM3 (so a byte changed anywhere, or a file added or
/// removed, is caught), and each <c>Archive_N.tst</c> must be a valid RFC 3161 token over <c>Archive_N.xml</c> from a
/// trusted TSA at the validation time. The parts' certificates and CRLs extend the validator (anchored at its roots).
/// </summary>
internal static class OfdArchiveCheck
{
    public const string Malformed = "ofd.archive_malformed";
    public const string FileMismatch = "ofd.archive_file_mismatch";
    public const string FileMissing = "ofd.archive_file_missing";
    public const string FileAdded = "ofd.archive_file_added";

    /// <summary>One archive part: whether it has a valid time-stamp (and its time) and the files it covers.</summary>
    internal sealed record Part(int Index, HashSet<string> Covered, PdfTimestampReport? Timestamp, bool Valid);

    /// <summary>What the archive parts say: reasons (failures), the parts, and the validator with their data.</summary>
    internal sealed record Outcome(IReadOnlyList<string> Reasons, bool Failed, IReadOnlyList<Part> Parts, ICertificateValidator Validator)
    {
        public bool HasValidationData => Parts.Count > 0;

        /// <summary>The earliest valid archive time-stamp that covers <paramref name="path"/>, or null.</summary>
        public Part? ProofFor(string path) => Parts.Where(p => p.Valid && p.Timestamp?.Time is not null && p.Covered.Contains(path)).OrderBy(p => p.Timestamp!.Time).FirstOrDefault();

        /// <summary>Whether an archive part (with or without time-stamp) covers <paramref name="path"/>.</summary>
        public bool Covers(string path) => Parts.Any(p => p.Covered.Contains(path));
    }

    public static Outcome Check(Dictionary<string, byte[]> files, ICertificateValidator validator, DateTimeOffset? validationTime)
    {
        var indexes = files.Keys.Where(p => p.StartsWith(OfdArchiver.Folder, StringComparison.Ordinal))
            .Select(p => p[OfdArchiver.Folder.Length..])
            .Select(n => n.StartsWith("Archive_", StringComparison.Ordinal) && n.EndsWith(".xml", StringComparison.Ordinal)
                && int.TryParse(n["Archive_".Length..^4], NumberStyles.None, CultureInfo.InvariantCulture, out var i) ? i : 0)
            .Where(i => i > 0).Order().ToList();
        var reasons = new List<string>();
        if (indexes.Count == 0)
        {
            foreach (var stray in files.Keys.Where(p => p.StartsWith(OfdArchiver.Folder, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                reasons.Add(FileAdded + ":" + stray);
            }

            return new Outcome(reasons, reasons.Count > 0, [], validator);
        }

        var certificates = new List<byte[]>();
        var crls = new List<byte[]>();
        var listed = new List<(int Index, HashSet<string> Covered, byte[] Xml)>();
        foreach (var n in indexes)
        {
            var xml = files[OfdArchiver.PartPath(n, ".xml")];
            var covered = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                var doc = Load(xml);
                var ns = new XmlNamespaceManager(doc.NameTable);
                ns.AddNamespace("trust", OfdArchiver.Namespace);
                if (doc.DocumentElement is not { LocalName: "Archive", NamespaceURI: OfdArchiver.Namespace } root || root.GetAttribute("CheckMethod") != OfdSealer.Sm3Oid)
                {
                    throw new XmlException("not an archive part");
                }

                foreach (XmlElement file in root.SelectNodes("trust:File", ns)!)
                {
                    var path = file.GetAttribute("Path");
                    covered.Add(path);
                    if (!files.TryGetValue(path, out var data))
                    {
                        reasons.Add(FileMissing + ":" + path);
                    }
                    else if (!string.Equals(Convert.ToBase64String(OfdSealer.Sm3(data)), file.GetAttribute("CheckValue"), StringComparison.Ordinal))
                    {
                        reasons.Add(FileMismatch + ":" + path);
                    }
                }

                certificates.AddRange(root.SelectNodes("trust:Certificate", ns)!.Cast<XmlElement>().Select(e => Convert.FromBase64String(e.InnerText.Trim())));
                crls.AddRange(root.SelectNodes("trust:Crl", ns)!.Cast<XmlElement>().Select(e => Convert.FromBase64String(e.InnerText.Trim())));
            }
            catch (Exception ex) when (ex is XmlException or FormatException)
            {
                reasons.Add(Malformed + ":" + OfdArchiver.PartPath(n, ".xml"));
                continue;
            }

            // Nothing added after this part: every file not listed is this part's token or a later archive part.
            foreach (var path in files.Keys.Where(p => !covered.Contains(p)).Order(StringComparer.Ordinal))
            {
                var own = path == OfdArchiver.PartPath(n, ".xml") || path == OfdArchiver.PartPath(n, ".tst");
                var later = indexes.Any(m => m > n && (path == OfdArchiver.PartPath(m, ".xml") || path == OfdArchiver.PartPath(m, ".tst")));
                if (!own && !later)
                {
                    reasons.Add(FileAdded + ":" + path);
                }
            }

            listed.Add((n, covered, xml));
        }

        // The time-stamps' TSA chains may use the parts' certificates; the seals then use the CRLs too, when issued by
        // the earliest valid archive time-stamp's time (the time the data is proved to have existed).
        var forTimestamps = With(validator, certificates, [], null);
        var parts = new List<Part>();
        foreach (var (n, covered, xml) in listed)
        {
            PdfTimestampReport? report = null;
            var valid = false;
            if (files.TryGetValue(OfdArchiver.PartPath(n, ".tst"), out var token))
            {
                var algorithm = TimestampTokenVerifier.TryDecode(token, out var decoded) && decoded is not null ? decoded.ImprintAlgorithmOid switch
                {
                    SignatureAlgorithms.Sm3Oid => DigestAlgorithm.Sm3,
                    "2.16.840.1.101.3.4.2.1" => DigestAlgorithm.Sha256,
                    _ => (DigestAlgorithm?)null,
                } : null;
                if (algorithm is null)
                {
                    report = new PdfTimestampReport(decoded?.Time, decoded?.TsaName, false, [TimestampReasons.Malformed]);
                    reasons.Add(TimestampReasons.Malformed);
                }
                else
                {
                    var check = TimestampTokenVerifier.VerifyImprint(token, algorithm.Value, Digest.Hash(algorithm.Value, xml), forTimestamps, validationTime);
                    valid = check.IsValid;
                    report = new PdfTimestampReport(check.Token?.Time, check.Token?.TsaName, check.IsValid, check.Reasons);
                    reasons.AddRange(check.Reasons);
                }
            }

            parts.Add(new Part(n, covered, report, valid));
        }

        var provedBy = parts.Where(p => p.Valid).Select(p => p.Timestamp!.Time).Min();
        var failed = reasons.Any(r => ReasonCatalog.Find(r)?.Indication == Indication.Failed);
        return new Outcome(reasons, failed, parts, With(validator, certificates, crls, provedBy));
    }

    private static ICertificateValidator With(ICertificateValidator validator, List<byte[]> certificates, List<byte[]> crls, DateTimeOffset? crlsIssuedBy) =>
        validator is CertificateValidator concrete && (certificates.Count > 0 || crls.Count > 0)
            ? concrete.WithValidationData(certificates, crls, crlsIssuedBy)
            : validator;

    private static XmlDocument Load(byte[] data)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 64 << 20 };
        using var reader = XmlReader.Create(new MemoryStream(data, writable: false), settings);
        var doc = new XmlDocument { XmlResolver = null };
        doc.Load(reader);
        return doc;
    }
}
