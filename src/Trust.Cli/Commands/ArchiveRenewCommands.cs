using System.CommandLine;
using System.Globalization;
using Trust.Cli.State;
using Trust.Core.Crypto;
using Trust.Core.Evidence;
using Trust.Core.Pki.Development;
using Trust.Core.Results;
using Trust.Pdf;

namespace Trust.Cli.Commands;

/// <summary>
/// <c>trust archive renew DIR</c> (renews the archive time-stamps of a folder of archived files that are due, through
/// <see cref="ArchiveRenewal"/>) and <c>trust archive verify-evidence FILE</c> (checks one file alone against its RFC 4998
/// evidence record, through <see cref="EvidenceRecordVerifier"/>). Thin: the library decides, this maps.
/// </summary>
internal static class ArchiveRenewCommands
{
    public static Command Renew(CliContext context)
    {
        var directory = new Argument<string>("DIR") { Description = "The folder of archived files (searched recursively)." };
        var before = new Option<int>("--before") { Description = "Renew when the newest time-stamp's TSA certificate expires (or its hash algorithm stops being trusted) within this many days.", HelpName = "DAYS", DefaultValueFactory = _ => 365 };
        var hash = new Option<string>("--hash") { Description = "Hash algorithm of new time-stamps and hash trees.", HelpName = "sha256|sm3", DefaultValueFactory = _ => "sha256" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report what needs renewal; write nothing and ask no TSA." };
        var command = new Command("renew", "Renew archive time-stamps before the newest one's TSA certificate expires or its hash algorithm is no longer trusted. " +
            "Sealed PDFs get a new document time-stamp (with the validation data of the earlier ones); every other file a sidecar RFC 4998 evidence record FILE.ers, " +
            "all of them under ONE time-stamp over a hash tree per run. Exit 0 all ok or renewed, 1 a file could not be renewed, 2 bad input.")
        {
            directory, before, hash, dryRun,
        };
        var tsa = new TsaOptions();
        tsa.AddTo(command);
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var dir = parse.GetValue(directory)!;
            if (!Directory.Exists(dir))
            {
                throw new CliUsageException($"DIR {dir}: folder does not exist");
            }

            var days = parse.GetValue(before);
            if (days is < 0 or > 36500)
            {
                throw new CliUsageException($"--before {days}: expected 0 to 36500 days");
            }

            var algorithm = parse.GetValue(hash) switch
            {
                "sha256" => DigestAlgorithm.Sha256,
                "sm3" => DigestAlgorithm.Sm3,
                var other => throw new CliUsageException($"--hash {other}: expected sha256 or sm3"),
            };
            var dry = parse.GetValue(dryRun);
            if (!dry && string.IsNullOrEmpty(parse.GetValue(tsa.Url)))
            {
                throw new CliUsageException("--tsa: required to renew (or use --dry-run to only report)");
            }

            IReadOnlyList<byte[]> certificates = [], crls = [];
            if (File.Exists(Path.Combine(run.PkiDirectory, DevelopmentPki.ManifestFileName)))
            {
                (certificates, crls) = CliState.LoadValidationMaterial(run, CliState.LoadManifest(run));
            }

            var options = new ArchiveRenewalOptions
            {
                Validator = tsa.CreateValidator(parse, run),
                Policy = new ArchiveTimestampPolicy { RenewBefore = TimeSpan.FromDays(days) },
                DigestAlgorithm = algorithm,
                Certificates = certificates,
                Crls = crls,
            };
            var plan = ArchiveRenewal.Plan(dir, options);
            IReadOnlyList<ArchiveRenewalItem> items = plan.Items;
            var requested = 0;
            if (!dry && plan.Items.Any(i => i.Status == ArchiveRenewalStatus.NeedsRenewal))
            {
                var (client, http) = tsa.Create(parse, run);
                using var httpLifetime = http;
                var result = ArchiveRenewal.ExecuteAsync(plan, client!, options).GetAwaiter().GetResult();
                items = result.Items;
                requested = result.TimestampsRequested;
            }

            var counts = Enum.GetValues<ArchiveRenewalStatus>().ToDictionary(s => s, s => items.Count(i => i.Status == s));
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    Directory = dir,
                    DryRun = dry,
                    Hash = parse.GetValue(hash),
                    BeforeDays = days,
                    Time = plan.Time,
                    TimestampsRequested = requested,
                    Summary = new
                    {
                        Ok = counts[ArchiveRenewalStatus.Ok],
                        Renewed = counts[ArchiveRenewalStatus.Renewed],
                        NeedsRenewal = counts[ArchiveRenewalStatus.NeedsRenewal],
                        Error = counts[ArchiveRenewalStatus.Error],
                    },
                    Files = items.Select(i => new
                    {
                        File = i.Path,
                        Protection = Word(i.Protection),
                        Status = Word(i.Status),
                        Action = Word(i.Action),
                        i.Reasons,
                        i.NewestTimestamp,
                        i.TsaNotAfter,
                    }),
                });
            }
            else
            {
                foreach (var i in items)
                {
                    var why = i.Reasons.Count > 0 ? " (" + string.Join("; ", i.Reasons.Select(r => ReasonCatalog.Describe(r, ReasonLanguage.English))) + ")" : string.Empty;
                    var action = i.Action == ArchiveRenewalAction.None ? string.Empty : " " + Word(i.Action);
                    run.Output.WriteLine($"{Word(i.Status),-13} {i.Path}{action}{why}");
                }

                run.Output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{items.Count} files: {counts[ArchiveRenewalStatus.Ok]} ok, {counts[ArchiveRenewalStatus.Renewed]} renewed, {counts[ArchiveRenewalStatus.NeedsRenewal]} need renewal, {counts[ArchiveRenewalStatus.Error]} errors; {requested} time-stamps requested"));
            }

            return counts[ArchiveRenewalStatus.Error] > 0 ? ExitCodes.Invalid : ExitCodes.Ok;
        }));
        return command;
    }

    public static Command VerifyEvidence(CliContext context)
    {
        var file = new Argument<string>("FILE") { Description = "The archived file." };
        var ers = new Option<string?>("--ers") { Description = "Its evidence record (default FILE.ers).", HelpName = "FILE.ers" };
        var at = new Option<string?>("--at") { Description = "Validate as of this time (ISO 8601); now by default.", HelpName = "DATE" };
        var command = new Command("verify-evidence", "Check one file alone against its RFC 4998 evidence record: its path in the hash tree, every archive time-stamp and renewal, " +
            "the TSA chains. Exit 0 valid, 1 invalid or indeterminate, 2 bad input.")
        {
            file, ers, at,
        };
        var tsa = new TsaOptions();
        command.Options.Add(tsa.Trust);
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var path = parse.GetValue(file)!;
            var ersPath = parse.GetValue(ers) ?? path + ArchiveRenewalOptions.EvidenceRecordExtension;
            if (!File.Exists(path))
            {
                throw new CliUsageException($"FILE {path}: file does not exist");
            }

            if (!File.Exists(ersPath))
            {
                throw new CliUsageException($"--ers {ersPath}: file does not exist");
            }

            if (new FileInfo(ersPath).Length > EvidenceRecord.MaxEncodedBytes)
            {
                throw new CliUsageException($"--ers {ersPath}: larger than {EvidenceRecord.MaxEncodedBytes} bytes");
            }

            var time = SealPdfCommands.ParseAt(parse.GetValue(at));
            var verifier = new EvidenceRecordVerifier(tsa.CreateValidator(parse, run));
            EvidenceVerification result;
            using (var data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read))
            {
                result = verifier.VerifyEncoded(File.ReadAllBytes(ersPath), data, time);
            }

            var verdict = result.Outcome.Indication switch
            {
                Indication.Passed => "valid",
                Indication.Failed => "invalid",
                _ => "indeterminate",
            };
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    File = path,
                    Ers = ersPath,
                    Verdict = verdict,
                    Indication = result.Outcome.Indication.ToText(),
                    SubIndication = result.Outcome.SubIndication.ToText(),
                    result.Reasons,
                    result.ProvenSince,
                    Timestamps = result.Timestamps.Select(t => new { t.Chain, t.Index, t.Time, t.Tsa, t.TsaNotAfter, t.Digest, t.Reasons }),
                });
            }
            else
            {
                run.Output.WriteLine($"{verdict}: {path} against {ersPath}" + (result.ProvenSince is { } since ? $", existed at {since:yyyy-MM-ddTHH:mm:ssZ}" : string.Empty));
                foreach (var t in result.Timestamps)
                {
                    run.Output.WriteLine($"  chain {t.Chain} time-stamp {t.Index}: {t.Time:yyyy-MM-ddTHH:mm:ssZ} {t.Digest} by {t.Tsa}" + (t.Reasons.Count > 0 ? " (" + string.Join(", ", t.Reasons) + ")" : string.Empty));
                }

                foreach (var reason in result.Reasons)
                {
                    run.Output.WriteLine($"  {ReasonCatalog.Describe(reason, ReasonLanguage.English)}");
                }
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
        }));
        return command;
    }

    private static string Word(ArchiveRenewalStatus status) => status switch
    {
        ArchiveRenewalStatus.Ok => "ok",
        ArchiveRenewalStatus.Renewed => "renewed",
        ArchiveRenewalStatus.NeedsRenewal => "needs_renewal",
        _ => "error",
    };

    private static string Word(ArchiveProtection protection) => protection == ArchiveProtection.DocumentTimestamp ? "document_timestamp" : "evidence_record";

    private static string Word(ArchiveRenewalAction action) => action switch
    {
        ArchiveRenewalAction.DocumentTimestamp => "document_timestamp",
        ArchiveRenewalAction.NewEvidenceRecord => "new_evidence_record",
        ArchiveRenewalAction.TimestampRenewal => "timestamp_renewal",
        ArchiveRenewalAction.HashTreeRenewal => "hash_tree_renewal",
        _ => "none",
    };
}
