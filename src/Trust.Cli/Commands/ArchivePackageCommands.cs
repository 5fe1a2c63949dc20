using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Trust.Application.Seals;
using Trust.Cli.State;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Core.Timestamps;
using Trust.Documents.Archives;
using Trust.Storage;

namespace Trust.Cli.Commands;

/// <summary>
/// <c>trust archive pack DIR --out PACKAGE</c> and <c>trust archive check PACKAGE</c>: archival information packages
/// (<see cref="ArchivalPackageBuilder"/>) and their four-property check (<see cref="ArchivalPackageChecker"/>). The
/// library decides; these commands read files, pick the PKI material and print.
/// </summary>
internal static class ArchivePackageCommands
{
    /// <summary>The department whose seal seals packages by default (the development PKI's Municipal Archives).</summary>
    internal const string ArchivingDepartment = "ARC";

    /// <summary>The field of the <c>seal.use</c> audit entry of a package seal.</summary>
    internal const string SealUseField = "archive-package";

    /// <summary>The key of the development TSA used when no <c>--tsa</c> is given.</summary>
    internal const string LocalTsaKey = "tsa-rsa";

    internal static Command Pack(CliContext context)
    {
        var input = new Argument<string>("DIR") { Description = "The service case: every file in this folder (and its subfolders) becomes a document of the package." };
        var output = new Option<string>("--out") { Description = "The package (one ZIP file, written atomically; not inside DIR).", HelpName = "PACKAGE", Required = true };
        var sealId = new Option<string?>("--seal") { Description = $"The archiving department's seal; default the first official seal of department {ArchivingDepartment}.", HelpName = "SEAL_ID" };
        var caseId = new Option<string?>("--case") { Description = "The case identifier recorded in the metadata; default the folder's name.", HelpName = "ID" };
        var title = new Option<string?>("--title") { Description = "A title of the case.", HelpName = "TEXT" };
        var acceptInvalid = new Option<bool>("--accept-invalid") { Description = "Accept documents whose seals are not valid, whose format is not archival or that are not secure; the findings are recorded in the package." };
        var command = new Command("pack", "Build an archival information package (GB/T 42727) for one service case: the documents, their metadata (XML), " +
            "the validation report of every seal at ingest, certificates and CRLs, a manifest with the SM3 of every file, sealed by the archiving department " +
            $"and time-stamped (--tsa URL, default the PKI's own {LocalTsaKey} TSA in-process). Exit 0 written, 1 refused (a document fails authenticity, " +
            "usability or security without --accept-invalid; seal unusable; TSA failure), 2 bad input (nothing is written).")
        {
            input, output, sealId, caseId, title, acceptInvalid,
        };
        var tsa = new TsaOptions();
        tsa.AddTo(command);
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var dir = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            if (!Directory.Exists(dir))
            {
                throw new CliUsageException($"DIR {dir}: folder does not exist");
            }

            var fullDir = Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            var fullOut = Path.GetFullPath(outPath);
            if (fullOut.StartsWith(fullDir, StringComparison.Ordinal))
            {
                throw new CliUsageException($"--out {outPath}: must not be inside DIR (it would be packed next time)");
            }

            if (!Directory.Exists(Path.GetDirectoryName(fullOut)))
            {
                throw new CliUsageException($"--out {outPath}: the folder {Path.GetDirectoryName(fullOut)} does not exist");
            }

            var documents = ReadDocuments(dir, fullDir);
            var manifest = CliState.LoadManifest(run);
            var validator = CliState.LoadValidator(run, manifest);
            var (_, registry) = SealCommands.LoadRegistry(run);
            var id = parse.GetValue(sealId) ?? DefaultSeal(registry)
                ?? throw new CliUsageException($"--seal: {run.PkiDirectory} has no seal of the archiving department {ArchivingDepartment}; name one with --seal");
            using var store = CliState.OpenStore(run);
            var (record, chain, key) = SealCommands.OpenUsableSeal(run, store, manifest, registry, id);
            using var ownedKey = key;
            var (certificates, crls) = CliState.LoadValidationMaterial(run, manifest);

            var (client, http) = tsa.Create(parse, run);
            using var httpLifetime = http;
            using var localTsaKey = client is null ? LoadLocalTsa(run, manifest, validator, out client) : null;
            if (client is null)
            {
                run.Warn($"no --tsa and no {LocalTsaKey} key in {run.PkiDirectory}: the package seal is not time-stamped (the check reports authenticity indeterminate)");
            }

            ArchivalPackageBuildResult built;
            try
            {
                built = ArchivalPackageBuilder.BuildAsync(new ArchivalPackageRequest
                {
                    CaseId = parse.GetValue(caseId) ?? new DirectoryInfo(fullDir).Name,
                    Title = parse.GetValue(title),
                    Documents = documents,
                    Seal = new ArchivalPackageSeal
                    {
                        Seal = record.Seal,
                        SignerCertificate = chain[0],
                        Key = key,
                        CertificateChain = chain,
                        Department = record.Department,
                    },
                    TimestampClient = client,
                    Verification = new ArchivalVerificationOptions
                    {
                        CertificateValidator = validator,
                        SealRegistry = registry,
                        SealRevocations = registry.Revocations,
                    },
                    Certificates = certificates,
                    Crls = crls,
                    AcceptInvalid = parse.GetValue(acceptInvalid),
                }).GetAwaiter().GetResult();
            }
            catch (ArchivalIngestRefusedException ex)
            {
                throw new CliRefusedException(ex.Message + " (--accept-invalid packs them with the findings recorded)");
            }
            catch (TrustFormatException ex)
            {
                throw new CliUsageException($"DIR {dir}: {ex.Message}");
            }
            catch (SealUnusableException ex)
            {
                throw new CliRefusedException($"--seal {id}: {ex.Message} ({ex.Reason})");
            }
            catch (TimestampException ex)
            {
                throw TsaOptions.Refused(ex);
            }

            AtomicFile.WriteAllBytes(outPath, built.Package);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(built.Package));
            var inputBytes = documents.Sum(d => d.Bytes.LongLength);
            SealUse.RecordAsync(store, LicenceCommands.Actor, new SealUseRecord(record.Id, record.Department, SealUseField, inputBytes, built.Sm3, built.Package.LongLength, sha256), DateTimeOffset.UtcNow)
                .GetAwaiter().GetResult();
            if (run.Json)
            {
                run.Context.WriteJson(new Dictionary<string, object?>
                {
                    ["package"] = outPath,
                    ["case"] = parse.GetValue(caseId) ?? new DirectoryInfo(fullDir).Name,
                    ["seal_id"] = record.Id,
                    ["department"] = record.Department,
                    ["entries"] = built.Entries,
                    ["bytes"] = built.Package.LongLength,
                    ["sm3"] = built.Sm3,
                    ["sha256"] = sha256,
                    ["timestamp"] = built.TimestampTime,
                    ["documents"] = built.Documents.Select(d => new Dictionary<string, object?>
                    {
                        ["name"] = d.Name,
                        ["path"] = d.Path,
                        ["format"] = d.Format,
                        ["seals"] = d.Seals,
                        ["authenticity"] = ArchivalPropertyWords.ToText(d.Authenticity),
                        ["usability"] = ArchivalPropertyWords.ToText(d.Usability),
                        ["security"] = ArchivalPropertyWords.ToText(d.Security),
                        ["reasons"] = d.Authenticity.Reasons.Concat(d.Usability.Reasons).Concat(d.Security.Reasons).ToArray(),
                    }),
                });
            }
            else
            {
                var stamp = built.TimestampTime is { } t ? string.Create(CultureInfo.InvariantCulture, $", time-stamped {t:yyyy-MM-ddTHH:mm:ssZ}") : ", not time-stamped";
                run.Output.WriteLine($"packed {documents.Count} documents ({built.Entries} entries, {built.Package.LongLength} bytes) sealed with {record.Id} ({record.Department}){stamp} -> {outPath}");
                foreach (var d in built.Documents.Where(d => !d.Passed))
                {
                    run.Output.WriteLine($"  accepted with findings: {d.Name}: {string.Join(", ", d.Authenticity.Reasons.Concat(d.Usability.Reasons).Concat(d.Security.Reasons))}");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static Command Check(CliContext context)
    {
        var input = new Argument<string>("PACKAGE") { Description = "The archival package (ZIP) made by 'trust archive pack'." };
        var at = new Option<string?>("--at") { Description = "Validate as of this date or time (ISO 8601); default now.", HelpName = "DATE" };
        var departments = new Option<string[]>("--archiving-department") { Description = "Accept only package seals of this department (repeatable; default any department's valid seal).", HelpName = "CODE", AllowMultipleArgumentsPerToken = false };
        var command = new Command("check", "The four-property check (DA/T 70) of an archival package, per file: authenticity (package seal, its time-stamp, " +
            "the documents' seals), integrity (sealed manifest, nothing added or removed), usability (opens, PDF/A, OFD or XML), security (no encryption, " +
            "no active content, no external references). Exit 0 all four passed, 1 any failed or indeterminate, 2 not a package.")
        {
            input, at, departments,
        };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var path = parse.GetValue(input)!;
            if (!File.Exists(path))
            {
                throw new CliUsageException($"PACKAGE {path}: file does not exist");
            }

            var limits = ArchivalPackageLimits.Default;
            if (new FileInfo(path).Length > limits.MaxTotalBytes)
            {
                throw new CliUsageException($"PACKAGE {path}: larger than {limits.MaxTotalBytes} bytes");
            }

            DateTimeOffset? validationTime = null;
            if (parse.GetValue(at) is { } text)
            {
                validationTime = DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
                    ? parsed : throw new CliUsageException($"--at {text}: not an ISO 8601 date or time");
            }

            var manifest = CliState.LoadManifest(run);
            var validator = CliState.LoadValidator(run, manifest);
            var (_, registry) = SealCommands.LoadRegistry(run);
            ArchivalPackageReport report;
            try
            {
                // Evidence renewed beside the package (trust archive renew writes PACKAGE.ers) counts: see docs/archives.md.
                var sidecar = EvidenceRecordSidecar.Find(path);
                report = ArchivalPackageChecker.Check(File.ReadAllBytes(path), new ArchivalCheckOptions
                {
                    AdditionalEvidence = sidecar is null ? [] : [sidecar],
                    Verification = new ArchivalVerificationOptions
                    {
                        CertificateValidator = validator,
                        SealRegistry = registry,
                        SealRevocations = registry.Revocations,
                        ValidationTime = validationTime,
                    },
                    Limits = limits,
                    ArchivingDepartments = parse.GetValue(departments) is { Length: > 0 } codes ? new HashSet<string>(codes, StringComparer.Ordinal) : null,
                });
            }
            catch (TrustFormatException ex)
            {
                throw new CliUsageException($"PACKAGE {path}: {ex.Message}");
            }

            Print(run, path, report);
            return report.IsPassed ? ExitCodes.Ok : ExitCodes.Invalid;
        }));
        return command;
    }

    private static void Print(CliInvocation run, string path, ArchivalPackageReport report)
    {
        var properties = new (string Name, Func<ArchivalFileReport, VerificationOutcome> Of, VerificationOutcome All)[]
        {
            ("authenticity", f => f.Authenticity, report.Authenticity),
            ("integrity", f => f.Integrity, report.Integrity),
            ("usability", f => f.Usability, report.Usability),
            ("security", f => f.Security, report.Security),
        };
        if (run.Json)
        {
            var seal = report.PackageSeal;
            run.Context.WriteJson(new Dictionary<string, object?>
            {
                ["package"] = path,
                ["verdict"] = ArchivalPropertyWords.ToText(report.Outcome),
                ["indication"] = report.Outcome.Indication.ToText(),
                ["sub_indication"] = report.Outcome.SubIndication.ToText(),
                ["case"] = report.CaseId,
                ["sm3"] = report.Sm3,
                ["validation_time"] = report.ValidationTime,
                ["document_validation_time"] = report.DocumentValidationTime,
                ["package_seal"] = new Dictionary<string, object?>
                {
                    ["seal_id"] = seal.SealId,
                    ["department"] = seal.Department,
                    ["algorithm"] = seal.Algorithm,
                    ["signer"] = seal.Signer,
                    ["signing_time"] = seal.SigningTime,
                    ["timestamp"] = seal.TimestampTime,
                    ["tsa"] = seal.Tsa,
                    ["reasons"] = seal.Reasons,
                },
                ["properties"] = properties.ToDictionary(p => p.Name, p => Property(p.All)),
                ["files"] = report.Files.Select(f =>
                {
                    var item = new Dictionary<string, object?>
                    {
                        ["path"] = f.Path,
                        ["role"] = ArchivalPackageLayout.ToText(f.Role),
                        ["format"] = f.Format,
                        ["seals"] = f.Seals,
                    };
                    foreach (var p in properties)
                    {
                        item[p.Name] = Property(p.Of(f));
                    }

                    return item;
                }),
            });
            return;
        }

        run.Output.WriteLine($"{ArchivalPropertyWords.ToText(report.Outcome)}: {path} (case {report.CaseId ?? "?"}, package seal {report.PackageSeal.SealId ?? "none"}, " +
            string.Join(", ", properties.Select(p => $"{p.Name} {ArchivalPropertyWords.ToText(p.All)}")) + ")");
        foreach (var f in report.Files.Where(f => !f.Outcome.IsPassed))
        {
            foreach (var p in properties.Where(p => !p.Of(f).IsPassed))
            {
                run.Output.WriteLine($"  {f.Path}: {p.Name} {ArchivalPropertyWords.ToText(p.Of(f))}: {string.Join(", ", p.Of(f).Reasons)}");
            }
        }
    }

    private static Dictionary<string, object?> Property(VerificationOutcome outcome) => new()
    {
        ["result"] = ArchivalPropertyWords.ToText(outcome),
        ["indication"] = outcome.Indication.ToText(),
        ["sub_indication"] = outcome.SubIndication.ToText(),
        ["reasons"] = outcome.Reasons,
    };

    /// <summary>The documents of the case folder, by relative path with '/', in ordinal order; bounded in count and size.</summary>
    private static List<ArchivalDocument> ReadDocuments(string dir, string fullDir)
    {
        var limits = ArchivalPackageLimits.Default;
        var files = Directory.EnumerateFiles(fullDir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.ReparsePoint })
            .Select(f => (Full: f, Relative: Path.GetRelativePath(fullDir, f).Replace(Path.DirectorySeparatorChar, '/')))
            .OrderBy(f => f.Relative, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new CliUsageException($"DIR {dir}: no files to pack");
        }

        if (files.Count * 3 > limits.MaxEntries)
        {
            throw new CliUsageException($"DIR {dir}: {files.Count} files; a package holds at most {limits.MaxEntries / 3} documents");
        }

        long total = 0;
        var documents = new List<ArchivalDocument>();
        foreach (var (full, relative) in files)
        {
            total += new FileInfo(full).Length;
            if (total > limits.MaxTotalBytes / 2)
            {
                throw new CliUsageException($"DIR {dir}: the documents are larger than {limits.MaxTotalBytes / 2} bytes together");
            }

            documents.Add(new ArchivalDocument(relative, File.ReadAllBytes(full)));
        }

        return documents;
    }

    /// <summary>The first official seal of the archiving department (else its first seal).</summary>
    private static string? DefaultSeal(SealRegistry registry)
    {
        var seals = registry.List().Where(s => s.Department == ArchivingDepartment || s.Department.StartsWith(ArchivingDepartment + "-", StringComparison.Ordinal)).ToList();
        return (seals.FirstOrDefault(s => s.Kind == SealKind.Official) ?? seals.FirstOrDefault())?.Id;
    }

    /// <summary>The PKI's own TSA in-process (as the server stamps with its own TSA); null when the PKI has no TSA key.</summary>
    private static SigningKey? LoadLocalTsa(CliInvocation run, DevelopmentPkiManifest manifest, ICertificateValidator validator, out ITimestampClient? client)
    {
        client = null;
        if (manifest.FindKey(LocalTsaKey) is not { } entry)
        {
            return null;
        }

        var chainPath = Path.Combine(run.PkiDirectory, Path.ChangeExtension(entry.Certificate, ".chain.pem"));
        var chain = CertificatePem.LoadFile(File.Exists(chainPath) ? chainPath : Path.Combine(run.PkiDirectory, entry.Certificate));
        var key = CliState.LoadKey(run, entry.Key);
        client = new LocalTimestampClient(new TimestampAuthority(new TimestampAuthorityOptions { Key = key, CertificateChain = [.. chain] }), validator);
        return key;
    }
}
