using System.CommandLine;
using Trust.Cli.State;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Pki.Development;
using Trust.Documents.Ofd;
using Trust.Pdf;

namespace Trust.Cli.Commands;

/// <summary>
/// <c>trust archive extend FILE --level lt|lta --tsa URL --out OUT</c>: extends a sealed PDF to PAdES B-LT (a document
/// security store with the certificates and CRLs needed to validate every seal) or B-LTA (plus a document time-stamp).
/// <c>trust archive pack</c> and <c>trust archive check</c> live in <see cref="ArchivePackageCommands"/>.
/// </summary>
internal static class ArchiveCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var group = new Command("archive", "Long-term archiving of sealed files (PAdES B-LT / B-LTA) and archival packages (GB/T 42727, four-property check).");
        group.Add(Extend(context));
        group.Add(ArchivePackageCommands.Pack(context));
        group.Add(ArchivePackageCommands.Check(context));
        group.Add(ArchiveRenewCommands.Renew(context));
        group.Add(ArchiveRenewCommands.VerifyEvidence(context));
        yield return group;
    }

    private static Command Extend(CliContext context)
    {
        var input = new Argument<string>("FILE") { Description = "The sealed PDF or OFD package (never modified; picked by content)." };
        var level = new Option<string>("--level") { Description = "lt: add the validation data (DSS); lta: also a document time-stamp (needs --tsa).", HelpName = "lt|lta", DefaultValueFactory = _ => "lta" };
        var output = new Option<string>("--out") { Description = "The extended PDF: the original bytes plus one or two incremental updates (written atomically).", HelpName = "OUT.pdf", Required = true };
        var sm3 = new Option<bool>("--sm3") { Description = "Use SM3 for the document time-stamp's imprint (default SHA-256)." };
        var command = new Command("extend", "Extend a sealed PDF to PAdES B-LT or B-LTA: certificates of every seal and time-stamp and the PKI's CRLs in a /DSS, " +
            "then a /DocTimeStamp (ETSI.RFC3161). Exit 0 written, 1 TSA failure or not a sealed PDF, 2 bad input (nothing is written).")
        {
            input, level, output, sm3,
        };
        var tsa = new TsaOptions();
        tsa.AddTo(command);
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            if (!File.Exists(inPath))
            {
                throw new CliUsageException($"FILE {inPath}: file does not exist");
            }

            var archiveLevel = parse.GetValue(level) switch
            {
                "lt" => PdfArchiveLevel.LongTerm,
                "lta" => PdfArchiveLevel.LongTermArchive,
                var other => throw new CliUsageException($"--level {other}: expected lt or lta"),
            };
            if (archiveLevel == PdfArchiveLevel.LongTermArchive && string.IsNullOrEmpty(parse.GetValue(tsa.Url)))
            {
                throw new CliUsageException("--tsa: required for --level lta (the document time-stamp)");
            }

            var full = Path.GetFullPath(outPath);
            var directory = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(directory))
            {
                throw new CliUsageException($"--out {outPath}: the folder {directory} does not exist");
            }

            if (string.Equals(Path.GetFullPath(inPath), full, StringComparison.Ordinal))
            {
                throw new CliUsageException($"--out {outPath}: must differ from FILE (the original is never modified)");
            }

            IReadOnlyList<byte[]> certificates = [], crls = [];
            if (File.Exists(Path.Combine(run.PkiDirectory, DevelopmentPki.ManifestFileName)))
            {
                (certificates, crls) = CliState.LoadValidationMaterial(run, CliState.LoadManifest(run));
            }

            var (client, http) = tsa.Create(parse, run);
            using var httpLifetime = http;
            var options = new PdfArchiveOptions
            {
                Level = archiveLevel,
                TimestampClient = client,
                DigestAlgorithm = parse.GetValue(sm3) ? DigestAlgorithm.Sm3 : DigestAlgorithm.Sha256,
                Certificates = certificates,
                Crls = crls,
            };

            var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
            PdfArchiveResult result;
            try
            {
                using (var source = new FileStream(inPath, FileMode.Open, FileAccess.Read, FileShare.Read))
                using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite))
                {
                    try
                    {
                        result = ExtendPdfOrOfd(source, target, options);
                    }
                    catch (TrustFormatException ex) when (ex.Field is "signatures")
                    {
                        throw new CliRefusedException($"FILE {inPath}: {ex.Message}");
                    }
                    catch (Trust.Core.Timestamps.TimestampException ex)
                    {
                        throw TsaOptions.Refused(ex);
                    }

                    target.Flush(flushToDisk: true);
                }

                File.Move(temp, full, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }

            var levelName = archiveLevel == PdfArchiveLevel.LongTerm ? PdfLevels.LongTerm : PdfLevels.LongTermArchive;
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    In = inPath,
                    Out = outPath,
                    Level = levelName,
                    result.Certificates,
                    result.Crls,
                    DocumentTimestampField = result.DocumentTimestampField,
                    DocumentTimestampTime = result.DocumentTimestampTime,
                });
            }
            else
            {
                var stamp = result.DocumentTimestampTime is { } t ? $", document time-stamp {t:yyyy-MM-ddTHH:mm:ssZ} in field {result.DocumentTimestampField}" : string.Empty;
                run.Output.WriteLine($"extended {inPath} to {levelName} ({result.Certificates} certificates, {result.Crls} CRLs{stamp}) -> {outPath}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Picks the format by content: an OFD package (a ZIP) gets <see cref="OfdArchiver"/>'s archive part, anything else is a PDF.</summary>
    private static PdfArchiveResult ExtendPdfOrOfd(FileStream source, FileStream target, PdfArchiveOptions options)
    {
        var head = new byte[4];
        var read = source.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        source.Position = 0;
        if (read < 4 || head is not [(byte)'P', (byte)'K', 3, 4])
        {
            return PdfArchiver.Extend(source, target, options);
        }

        var package = new byte[source.Length];
        source.ReadExactly(package);
        var (extended, result) = OfdArchiver.Extend(package, options);
        target.Write(extended);
        return result;
    }
}
