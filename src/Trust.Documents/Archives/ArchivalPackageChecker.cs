using Org.BouncyCastle.X509;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Timestamps;

namespace Trust.Documents.Archives;

/// <summary>
/// The four-property check of DA/T 70 over an archival package made by <see cref="ArchivalPackageBuilder"/>, per file:
/// <list type="bullet">
/// <item>authenticity: the package seal (GB/T 38540 section 8 checks over the manifest) and its time-stamp (RFC 3161,
/// TSA chain), and every seal of a document (PDF and OFD seals), none lost since ingest;</item>
/// <item>integrity: the manifest is covered by the package seal, every file matches its SM3 and size, nothing is added
/// or missing, a document still matches its metadata record;</item>
/// <item>usability: the file opens and is on the archival list (PDF/A identified by XMP pdfaid, OFD, XML; DER
/// certificates, CRLs and time-stamp tokens for evidence);</item>
/// <item>security: no encryption, no active content, no external references (<see cref="ArchivalSecurityScan"/>).</item>
/// </list>
/// Never throws for a package whose files are bad: only for bytes that are not a package at all.
/// </summary>
public static class ArchivalPackageChecker
{
    /// <summary>Checks <paramref name="package"/>.</summary>
    /// <exception cref="TrustFormatException">Not a ZIP, an unsafe or duplicate entry name, over a limit, or neither a manifest nor case metadata (not a package).</exception>
    public static ArchivalPackageReport Check(byte[] package, ArchivalCheckOptions options)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(options);
        var entries = ArchivalZip.Read(package, options.Limits);
        if (!entries.ContainsKey(ArchivalPackageLayout.ManifestPath) && !entries.ContainsKey(ArchivalPackageLayout.CasePath))
        {
            throw new TrustFormatException("package", $"Not an archival package: neither {ArchivalPackageLayout.ManifestPath} nor {ArchivalPackageLayout.CasePath}.");
        }

        var sm3 = ArchivalPackageLayout.Sm3Hex(package);
        var now = options.Verification.ValidationTime ?? DateTimeOffset.UtcNow;

        // Evidence kept beside the package may move the validation time into the past (proof of existence).
        var evidence = options.AdditionalEvidence.Select(e => e.Verify(new ArchivalEvidenceContext
        {
            Package = package,
            PackageSm3 = sm3,
            Verification = options.Verification,
            ValidationTime = now,
        })).ToList();
        var proven = evidence.Where(e => e.Reasons.Count == 0 && e.ProvenAt is not null).Select(e => e.ProvenAt!.Value).DefaultIfEmpty(now).Min();
        var at = proven < now ? proven : now;
        var verification = new ArchivalVerificationOptions
        {
            CertificateValidator = options.Verification.CertificateValidator,
            SealRegistry = options.Verification.SealRegistry,
            SealRevocations = options.Verification.SealRevocations,
            Intermediates = options.Verification.Intermediates,
            ValidationTime = at,
        };

        // The manifest.
        var manifestProblems = new List<string>();
        IReadOnlyList<ManifestEntry>? manifest = null;
        string? caseId = null;
        if (!entries.TryGetValue(ArchivalPackageLayout.ManifestPath, out var manifestBytes))
        {
            manifestProblems.Add(ArchivalReasons.ManifestMissing);
        }
        else
        {
            try
            {
                (caseId, manifest) = ArchivalXml.ReadManifest(manifestBytes);
            }
            catch (FormatException)
            {
                manifestProblems.Add(ArchivalReasons.ManifestMalformed);
            }
        }

        // The package seal and its time-stamp: authenticity of every file; a seal not covering the manifest breaks integrity.
        var (sealReport, packageAuthenticity, manifestSignatureInvalid) = CheckPackageSeal(entries, manifestBytes, verification, at);
        if (options.ArchivingDepartments is { } departments && sealReport.SealId is not null
            && (sealReport.Department is null || !departments.Contains(sealReport.Department)))
        {
            packageAuthenticity.Add(ArchivalReasons.PackageSealNotEntitled + ":" + (sealReport.Department ?? "unknown"));
        }

        packageAuthenticity.AddRange(evidence.SelectMany(e => e.Reasons));
        var packageIntegrity = new List<string>(manifestProblems);
        if (manifestSignatureInvalid)
        {
            packageIntegrity.Add(ArchivalReasons.ManifestSignatureInvalid);
        }

        // A valid package seal with a valid time-stamp proves that the manifest, and through its SM3 digests every file
        // it lists, existed at the time-stamp: the documents' seals are validated as of then (ETSI EN 319 102-1
        // past-signature validation), so a document seal whose certificate expired after packing stays valid.
        var documentTime = packageAuthenticity.Count == 0 && packageIntegrity.Count == 0 && sealReport.TimestampTime is { } stamped && stamped < at ? stamped : at;
        var documentVerification = documentTime == at ? verification : new ArchivalVerificationOptions
        {
            CertificateValidator = verification.CertificateValidator,
            SealRegistry = verification.SealRegistry,
            SealRevocations = verification.SealRevocations,
            Intermediates = verification.Intermediates,
            ValidationTime = documentTime,
        };
        var byPath = manifest?.ToDictionary(e => e.Path, StringComparer.Ordinal) ?? [];
        var paths = new SortedSet<string>(entries.Keys, StringComparer.Ordinal);
        paths.UnionWith(byPath.Keys);
        var files = new List<ArchivalFileReport>();
        foreach (var path in paths)
        {
            files.Add(CheckFile(path, entries, manifest is null ? null : byPath, packageAuthenticity, packageIntegrity, documentVerification));
        }

        return new ArchivalPackageReport
        {
            CaseId = caseId,
            Sm3 = sm3,
            ValidationTime = at,
            DocumentValidationTime = documentTime,
            PackageSeal = sealReport,
            Evidence = evidence,
            Files = files,
        };
    }

    private static ArchivalFileReport CheckFile(
        string path,
        SortedDictionary<string, byte[]> entries,
        Dictionary<string, ManifestEntry>? manifest,
        List<string> packageAuthenticity,
        List<string> packageIntegrity,
        ArchivalVerificationOptions verification)
    {
        var role = ArchivalPackageLayout.RoleOf(path);
        var authenticity = new List<string>(packageAuthenticity);
        var integrity = new List<string>();
        var usability = new List<string>();
        var security = new List<string>();

        // Integrity: what is wrong with the manifest concerns every file; then the file against its manifest line (the
        // manifest itself and the seal over it are checked through the package seal).
        integrity.AddRange(packageIntegrity);
        if (role is not (ArchivalFileRole.Manifest or ArchivalFileRole.PackageSeal))
        {
            if (manifest is not null)
            {
                var present = entries.TryGetValue(path, out var bytes);
                if (!manifest.TryGetValue(path, out var listed))
                {
                    integrity.Add(ArchivalReasons.FileAdded);
                }
                else if (!present)
                {
                    integrity.Add(ArchivalReasons.FileMissing);
                }
                else if (listed.Size != bytes!.LongLength || listed.Sm3 != ArchivalPackageLayout.Sm3Hex(bytes))
                {
                    integrity.Add(ArchivalReasons.DigestMismatch);
                }
            }
        }

        if (!entries.TryGetValue(path, out var data))
        {
            authenticity.Add(ArchivalReasons.NotChecked);
            usability.Add(ArchivalReasons.NotChecked);
            security.Add(ArchivalReasons.NotChecked);
            return Report(path, role, null, null, authenticity, integrity, usability, security);
        }

        string? format = null;
        int? seals = null;
        switch (role)
        {
            case ArchivalFileRole.Document or ArchivalFileRole.Other:
            {
                var inspection = ArchivalDocumentInspector.Inspect(data, verification);
                format = inspection.Format;
                seals = inspection.Seals.Count;
                authenticity.AddRange(inspection.Authenticity);
                usability.AddRange(inspection.Usability);
                security.AddRange(inspection.Security);
                if (role == ArchivalFileRole.Document)
                {
                    CompareWithRecord(path, data, inspection, entries, integrity, authenticity);
                }

                break;
            }

            case ArchivalFileRole.Metadata or ArchivalFileRole.ValidationReport or ArchivalFileRole.Manifest:
                if (!ArchivalSecurityScan.WellFormed(data))
                {
                    usability.Add(ArchivalReasons.FileUnreadable);
                }

                security.AddRange(ArchivalSecurityScan.Xml(data));
                break;
            case ArchivalFileRole.Evidence:
                if (!EvidenceOpens(path, data))
                {
                    usability.Add(path.EndsWith(".cer", StringComparison.Ordinal) || path.EndsWith(".crl", StringComparison.Ordinal) || path.EndsWith(".tsr", StringComparison.Ordinal)
                        ? ArchivalReasons.FileUnreadable : ArchivalReasons.FormatNotArchival);
                }

                break;
            case ArchivalFileRole.PackageSeal:
                if (!SesSignature.TryDecode(data, out _))
                {
                    usability.Add(ArchivalReasons.FileUnreadable);
                }

                break;
        }

        return Report(path, role, format, seals, authenticity, integrity, usability, security);
    }

    /// <summary>A document against its metadata record: the same bytes and format as at ingest, no seal lost.</summary>
    private static void CompareWithRecord(string path, byte[] data, DocumentInspection inspection, SortedDictionary<string, byte[]> entries, List<string> integrity, List<string> authenticity)
    {
        if (!entries.TryGetValue(ArchivalPackageLayout.MetadataOf(path), out var recordXml))
        {
            integrity.Add(ArchivalReasons.MetadataMissing);
            return;
        }

        DocumentRecord record;
        try
        {
            record = ArchivalXml.ReadDocument(recordXml);
        }
        catch (FormatException)
        {
            integrity.Add(ArchivalReasons.MetadataMissing + ":malformed");
            return;
        }

        if (record.Path != path || record.Size != data.LongLength || record.Sm3 != ArchivalPackageLayout.Sm3Hex(data) || record.Format != inspection.Format)
        {
            integrity.Add(ArchivalReasons.MetadataMismatch);
        }

        if (inspection.Seals.Count < record.Seals)
        {
            authenticity.Add(ArchivalReasons.SealMissing + $":{inspection.Seals.Count}_of_{record.Seals}");
        }
    }

    private static (ArchivalPackageSealReport Report, List<string> Authenticity, bool ManifestSignatureInvalid) CheckPackageSeal(
        SortedDictionary<string, byte[]> entries, byte[]? manifest, ArchivalVerificationOptions verification, DateTimeOffset at)
    {
        var reasons = new List<string>();
        if (!entries.TryGetValue(ArchivalPackageLayout.PackageSealPath, out var sealBytes))
        {
            reasons.Add(ArchivalReasons.PackageSealMissing);
            return (new ArchivalPackageSealReport { Reasons = reasons }, reasons.ToList(), false);
        }

        if (!SesSignature.TryDecode(sealBytes, out var signature))
        {
            reasons.Add(ArchivalReasons.PackageSealMalformed);
            return (new ArchivalPackageSealReport { Reasons = reasons }, reasons.ToList(), false);
        }

        var verifier = new SealSignatureVerifier(verification.CertificateValidator, verification.SealRevocations, verification.Intermediates);
        SealVerificationResult result;
        using (var data = new MemoryStream(manifest ?? [], writable: false))
        {
            result = verifier.Verify(signature, data);
        }

        reasons.AddRange(result.Reasons);
        var manifestSignatureInvalid = manifest is not null && result.Reasons.Contains(SealReasons.DataHashMismatch);
        if (manifestSignatureInvalid)
        {
            reasons.Add(ArchivalReasons.ManifestSignatureInvalid);
        }

        DateTimeOffset? stampTime = null;
        string? tsa = null;
        if (signature.TimeStamp is not { } token)
        {
            reasons.Add(ArchivalReasons.TimestampMissing);
        }
        else
        {
            var stamp = TimestampTokenVerifier.Verify(token, signature.Signature.Span, verification.CertificateValidator, at);
            stampTime = stamp.Token?.Time;
            tsa = stamp.Token?.TsaName;
            reasons.AddRange(stamp.Reasons);
        }

        var department = result.SealId is not null && verification.SealRegistry is { } registry && registry.TryFind(result.SealId, out var known)
            ? known.Department : result.SealName;
        var report = new ArchivalPackageSealReport
        {
            SealId = result.SealId,
            SealName = result.SealName,
            Department = department,
            Signer = result.Signer,
            Algorithm = result.Algorithm is { } a ? SignatureAlgorithms.DisplayName(a) : null,
            SigningTime = result.SigningTime,
            TimestampTime = stampTime,
            Tsa = tsa,
            Reasons = reasons,
        };
        return (report, reasons.Distinct(StringComparer.Ordinal).ToList(), manifestSignatureInvalid);
    }

    private static bool EvidenceOpens(string path, byte[] data)
    {
        try
        {
            if (path.EndsWith(".cer", StringComparison.Ordinal))
            {
                return new X509CertificateParser().ReadCertificate(data) is not null;
            }

            if (path.EndsWith(".crl", StringComparison.Ordinal))
            {
                return new X509CrlParser().ReadCrl(data) is not null;
            }

            return path.EndsWith(".tsr", StringComparison.Ordinal) && TimestampTokenVerifier.TryDecode(data, out _);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return false;
        }
    }

    private static ArchivalFileReport Report(string path, ArchivalFileRole role, string? format, int? seals, List<string> authenticity, List<string> integrity, List<string> usability, List<string> security) => new()
    {
        Path = path,
        Role = role,
        Format = format,
        Seals = seals,
        Authenticity = Outcome(authenticity),
        Integrity = Outcome(integrity),
        Usability = Outcome(usability),
        Security = Outcome(security),
    };

    private static VerificationOutcome Outcome(List<string> reasons) => VerificationOutcome.FromReasons(reasons.Distinct(StringComparer.Ordinal));
}
