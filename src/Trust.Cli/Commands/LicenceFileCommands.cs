using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Trust.Application.Seals;
using Trust.Cli.State;
using Trust.Core.Keys;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Core.Status;
using Trust.Documents;
using Trust.Pdf;
using Trust.Storage;

namespace Trust.Cli.Commands;

/// <summary>
/// <c>trust license file</c>: a licence as a sealed archival file (OFD or PDF/A-3b), and the licence-file part of
/// <c>trust seal verify</c> (OFD files, and PDFs that carry an embedded licence).
/// </summary>
internal static class LicenceFileCommands
{
    internal static Command File(CliContext context)
    {
        var input = new Argument<string>("LICENCE.lic") { Description = "The signed licence (.lic, or a text file with its QR text)." };
        var format = new Option<string>("--format") { Description = "ofd or pdf.", HelpName = "ofd|pdf", Required = true };
        var output = new Option<string>("--out") { Description = "The sealed licence file (written atomically).", HelpName = "FILE", Required = true };
        var sealId = new Option<string?>("--seal") { Description = "Seal identifier; default the issuing department's e-licence seal.", HelpName = "SEAL_ID" };
        var command = new Command("file", "Render a licence as a one-page archival file (OFD per GB/T 33190, or PDF/A-3b) with the licence embedded, " +
            "and seal it. Exit 0 written, 1 refused (licence not valid, seal unusable), 2 bad input (nothing is written).")
        {
            input, format, output, sealId,
        };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var path = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            var fileFormat = parse.GetValue(format) switch
            {
                "ofd" => LicenceFileFormat.Ofd,
                "pdf" => LicenceFileFormat.Pdf,
                var other => throw new CliUsageException($"--format {other}: must be ofd or pdf"),
            };
            if (!System.IO.File.Exists(path))
            {
                throw new CliUsageException($"{path}: file does not exist");
            }

            var directory = Path.GetDirectoryName(Path.GetFullPath(outPath))!;
            if (!Directory.Exists(directory))
            {
                throw new CliUsageException($"--out {outPath}: the folder {directory} does not exist");
            }

            var bytes = System.IO.File.ReadAllBytes(path);
            if (bytes.AsSpan().StartsWith("TL1:"u8))
            {
                bytes = SignedLicence.BytesFromQrText(System.Text.Encoding.ASCII.GetString(bytes).Trim());
            }

            if (!SignedLicence.TryDecode(bytes, out var licence, out var error))
            {
                throw new CliUsageException($"{path}: not a signed licence ({error!.Message})");
            }

            var manifest = CliState.LoadManifest(run);
            var validator = CliState.LoadValidator(run, manifest);
            using var store = CliState.OpenStore(run);
            var verification = new LicenceVerifier(validator, new StoreStatusSource(store)).VerifyAsync(bytes).GetAwaiter().GetResult();
            if (LicenceFileMaker.Refusal(verification) is { } refusal)
            {
                throw new CliRefusedException($"{path}: {refusal}");
            }

            var (_, registry) = SealCommands.LoadRegistry(run);
            var id = parse.GetValue(sealId) ?? DefaultSeal(manifest, registry, licence!.Payload.IssuerDepartment)
                ?? throw new CliRefusedException($"no e-licence seal of department {licence!.Payload.IssuerDepartment} in {run.PkiDirectory}; name one with --seal");
            var (record, chain, key) = SealCommands.OpenUsableSeal(run, store, manifest, registry, id);
            using var ownedKey = key;

            var made = LicenceFileMaker.Make(verification, fileFormat, record, key, chain);
            var sealedFile = made.Bytes;
            AtomicFile.WriteAllBytes(outPath, sealedFile);
            var sha256 = made.Sha256;
            var use = new SealUseRecord(record.Id, record.Department, LicenceFileMaker.SealUseField, made.LicenceBytes, made.LicenceSha256, sealedFile.Length, sha256);
            SealUse.RecordAsync(store, LicenceCommands.Actor, use, DateTimeOffset.UtcNow).GetAwaiter().GetResult();
            if (run.Json)
            {
                run.Context.WriteJson(new Dictionary<string, object?>
                {
                    ["file"] = outPath,
                    ["format"] = LicenceFileFormats.ToText(fileFormat),
                    ["seal_id"] = record.Id,
                    ["bytes"] = sealedFile.Length,
                    ["sha256"] = sha256,
                    ["licence_id"] = licence!.Id,
                });
            }
            else
            {
                run.Output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{licence!.Id} -> {outPath} ({LicenceFileFormats.ToText(fileFormat)}, {sealedFile.Length} bytes, seal {record.Id})"));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The issuing department's e-licence seal (else its first seal), by the licence form of its code.</summary>
    private static string? DefaultSeal(DevelopmentPkiManifest manifest, SealRegistry registry, string licenceForm) =>
        LicenceFileMaker.DefaultSeal(registry, IssuingDepartmentDirectory.From(manifest).CanonicalOf(licenceForm) ?? licenceForm)?.Id;

    /// <summary>
    /// For <c>trust seal verify</c>: verifies OFD files and PDFs with an embedded licence as licence files and writes
    /// the report; null when the file is a PDF without an embedded licence (the plain PDF path handles it).
    /// </summary>
    internal static int? TryVerify(CliInvocation run, string path, ICertificateValidator validator, SealRegistry? registry, DateTimeOffset? validationTime = null)
    {
        // Licence files are small (about 100-200 KB); a large PDF goes to the streaming PDF path unread, a large OFD
        // is read only up to one byte past the verifier's limit (it then reports limit.input_size).
        const long MaxLicenceFileBytes = LicenceFileVerificationOptions.DefaultMaxInputBytes;
        var head = new byte[1024];
        int read;
        using (var stream = System.IO.File.OpenRead(path))
        {
            read = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }

        var format = LicenceFileFormats.Detect(head.AsSpan(0, read));
        if (format is null || (format == LicenceFileFormat.Pdf && new FileInfo(path).Length > MaxLicenceFileBytes))
        {
            return null;
        }

        var bytes = ReadAtMost(path, MaxLicenceFileBytes + 1);
        if (format == LicenceFileFormat.Pdf && bytes.AsSpan().IndexOf("/AFRelationship/Source"u8) < 0)
        {
            return null;
        }

        var manifest = CliState.LoadManifest(run);
        using var store = CliState.OpenStore(run);
        var licences = new LicenceVerifier(CliState.LoadValidator(run, manifest), new StoreStatusSource(store));
        var report = LicenceFileVerifier.VerifyAsync(bytes, new LicenceFileVerificationOptions
        {
            Licences = licences,
            CertificateValidator = validator,
            SealRegistry = registry,
            SealRevocations = registry?.Revocations,
            ValidationTime = validationTime,
        }).GetAwaiter().GetResult();
        var verdict = SealPdfCommands.VerdictText(report.Verdict);
        if (run.Json)
        {
            run.Context.WriteJson(new
            {
                Verdict = verdict,
                Format = format == LicenceFileFormat.Ofd ? "ofd" : "pdf",
                Indication = report.Outcome.Indication.ToText(),
                SubIndication = report.Outcome.SubIndication.ToText(),
                report.Revisions,
                Seals = report.Seals.Select(s => new
                {
                    Field = s.FieldName,
                    s.SealId,
                    s.Department,
                    s.SealName,
                    s.Algorithm,
                    Integrity = PdfVerdicts.ToText(s.Integrity),
                    CoversRevision = s.CoversWholeDocument || s.CoversRevision != null,
                    s.ModifiedAfter,
                    ChangesAfter = s.ChangesAfter.Select(c => new { c.Revision, c.Kind, c.Permitted, c.Description, Object = c.ObjectNumber }),
                    Certificate = s.CertificateStatus,
                    Verdict = SealPdfCommands.VerdictText(s.Verdict),
                    s.Signer,
                    s.SigningTime,
                    s.SubFilter,
                    s.Level,
                    s.BestSignatureTime,
                    s.ProvenBy,
                    s.Reasons,
                }),
                ArchiveTimestamps = report.ArchiveTimestamps.Select(t => new { t.Time, t.Tsa, t.Valid, t.Reasons }),
                ValidationData = report.HasValidationData,
                Licence = new { report.Licence.Id, Verdict = report.Licence.VerdictText, report.Licence.MatchesPage },
                report.Reasons,
            });
        }
        else
        {
            run.Output.WriteLine($"{verdict}: {(format == LicenceFileFormat.Ofd ? "OFD" : "PDF")} licence file, {report.Seals.Count} seal(s); " +
                $"licence {report.Licence.Id ?? "-"} {report.Licence.VerdictText}, page {(report.Licence.MatchesPage ? "matches" : "DOES NOT match")} the licence");
            foreach (var s in report.Seals)
            {
                run.Output.WriteLine($"  {s.FieldName}: {SealPdfCommands.VerdictText(s.Verdict)}; seal {s.SealId ?? "-"} ({s.Department ?? "-"}, {s.Algorithm ?? "-"}), " +
                    $"integrity {PdfVerdicts.ToText(s.Integrity)}, certificate {s.CertificateStatus}, level {s.Level}");
                foreach (var reason in s.Reasons)
                {
                    run.Output.WriteLine($"    {reason}");
                }
            }

            foreach (var reason in report.Reasons)
            {
                run.Output.WriteLine($"  {reason}");
            }
        }

        if (format == LicenceFileFormat.Ofd && report.Reasons.Contains("ofd.unreadable"))
        {
            return run.Context.Fail(ExitCodes.Usage, $"{path}: not a readable OFD package");
        }

        return report.Verdict == PdfDocumentVerdict.Valid ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    /// <summary>The first <paramref name="max"/> bytes of the file (all of it when shorter).</summary>
    private static byte[] ReadAtMost(string path, long max)
    {
        using var stream = System.IO.File.OpenRead(path);
        var bytes = new byte[(int)Math.Min(stream.Length, max)];
        stream.ReadExactly(bytes);
        return bytes;
    }
}
