using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using Trust.Application.Seals;
using Trust.Cli.Remote;
using Trust.Cli.State;
using Trust.Core;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Core.Seals.Providers;
using Trust.Pdf;
using Trust.Storage;

namespace Trust.Cli.Commands;

/// <summary>
/// <c>trust seal pdf</c> and <c>trust seal verify</c>: sealing PDFs as incremental PDF signatures and verifying
/// every seal of a PDF (brief section 11). Registered inside the <c>seal</c> group by <see cref="SealCommands"/>.
/// </summary>
internal static class SealPdfCommands
{
    internal static Command Pdf(CliContext context)
    {
        var sealId = new Option<string>("--seal") { Description = "Seal identifier (see 'trust seal list').", HelpName = "SEAL_ID", Required = true };
        var input = new Option<string>("--in") { Description = "The PDF to seal (never modified).", HelpName = "IN.pdf", Required = true };
        var output = new Option<string>("--out") { Description = "The sealed PDF: the original bytes plus one incremental update (written atomically).", HelpName = "OUT.pdf", Required = true };
        var page = new Option<int>("--page") { Description = "1-based page that shows the seal.", DefaultValueFactory = _ => 1 };
        var at = new Option<string?>("--at") { Description = "Position of the seal picture's lower-left corner in millimetres from the page's lower-left corner, X,Y.", HelpName = "X,Y" };
        var field = new Option<string?>("--field") { Description = "Seal into this existing empty signature field, or name the new field.", HelpName = "NAME" };
        var reason = new Option<string?>("--reason") { Description = "The signature's /Reason.", HelpName = "TEXT" };
        var location = new Option<string?>("--location") { Description = "The signature's /Location.", HelpName = "TEXT" };
        var certify = new Option<bool>("--certify") { Description = "Certify the document with this first seal (DocMDP P=2: only form filling and further seals allowed)." };
        var command = new Command("pdf", "Seal a PDF with an electronic seal (ISO 32000 12.8 signature, CMS with the SES_Seal as a signed attribute). " +
            "Exit 0 sealed, 1 refused (revoked or expired seal, DocMDP forbids changes), 2 bad input (nothing is written).")
        {
            sealId, input, output, page, at, field, reason, location, certify,
        };
        var tsa = new TsaOptions();
        tsa.AddTo(command);
        var remote = new RemoteSealOptions();
        remote.AddTo(command);
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var inPath = parse.GetValue(input)!;
            var outPath = parse.GetValue(output)!;
            if (!File.Exists(inPath))
            {
                throw new CliUsageException($"--in {inPath}: file does not exist");
            }

            var (x, y) = ParsePosition(parse.GetValue(at));
            var pageNumber = parse.GetValue(page);
            if (pageNumber < 1)
            {
                throw new CliUsageException($"--page {pageNumber}: pages are numbered from 1");
            }

            var id = parse.GetValue(sealId)!;
            using var remoteProvider = remote.Open(parse);
            using var store = CliState.OpenStore(run);
            SealRecord record;
            IReadOnlyList<byte[]> chain;
            SigningKey? key = null;
            if (remoteProvider is not null)
            {
                // The seal key stays on the platform; its certificate is checked against --pki's anchors and CRLs.
                (record, chain) = RemoteSealOptions.FetchTrusted(run, remoteProvider, id);
            }
            else
            {
                // The same seal-use path as the server: the store's revocations decide, and the use is audited.
                var (manifest, registry) = SealCommands.LoadRegistry(run);
                (record, chain, key) = SealCommands.OpenUsableSeal(run, store, manifest, registry, id);
            }

            using var ownedKey = key;
            var (timestampClient, http) = tsa.Create(parse, run);
            using var httpLifetime = http;

            var options = new PdfSealOptions
            {
                Key = key,
                CertificateChain = chain,
                Seal = PdfSealData.FromSealRecord(record),
                Page = pageNumber,
                XMm = x,
                YMm = y,
                FieldName = parse.GetValue(field),
                Reason = parse.GetValue(reason),
                Location = parse.GetValue(location),
                Certify = parse.GetValue(certify),
                TimestampClient = timestampClient,
            };

            Func<Stream, Stream, string> seal = remoteProvider is null
                ? (source, target) => PdfSealer.Seal(source, target, options)
                : (source, target) => RemoteSeal(() => PdfSealer.Seal(source, target, options, remoteProvider.ForDocument(Path.GetFileName(inPath)), record.Id), id);
            string fieldName;
            try
            {
                fieldName = SealAtomically(inPath, outPath, seal, facts =>
                {
                    var use = new SealUseRecord(record.Id, record.Department, facts.Field, facts.InputBytes, facts.InputSha256, facts.OutputBytes, facts.OutputSha256);
                    SealUse.RecordAsync(store, LicenceCommands.Actor, use, DateTimeOffset.UtcNow).GetAwaiter().GetResult();
                });
            }
            catch (Trust.Core.Timestamps.TimestampException ex)
            {
                throw TsaOptions.Refused(ex);
            }

            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    SealId = record.Id,
                    record.Department,
                    Algorithm = SignatureAlgorithms.DisplayName(record.Algorithm),
                    Field = fieldName,
                    In = inPath,
                    Out = outPath,
                    Page = pageNumber,
                    Timestamped = timestampClient is not null,
                });
            }
            else
            {
                run.Output.WriteLine($"sealed {inPath} with seal {record.Id} ({record.Name}, {SignatureAlgorithms.DisplayName(record.Algorithm)}) in field {fieldName} -> {outPath}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static Command Verify(CliContext context)
    {
        var input = new Argument<string>("IN.pdf") { Description = "The PDF to verify." };
        var trust = new Option<string[]>("--trust") { Description = "Extra trust anchors (PEM) for seals made outside this PKI; repeatable.", HelpName = "CA.pem", AllowMultipleArgumentsPerToken = false };
        var command = new Command("verify", "Verify every seal and signature of a PDF: integrity, byte-range coverage, seal and certificate status, " +
            "and what later revisions changed. Exit 0 valid, 1 invalid/modified/unsigned/indeterminate, 2 unreadable input.")
        {
            input, trust,
        };
        var atTime = new Option<string?>("--at") { Description = "Validate as of this time (ISO 8601, for example 2031-01-01 or 2031-01-01T08:00:00Z): certificates and time-stamps are judged at that time.", HelpName = "DATE" };
        command.Options.Add(atTime);
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var path = parse.GetValue(input)!;
            var validationTime = ParseAt(parse.GetValue(atTime));
            if (!File.Exists(path))
            {
                throw new CliUsageException($"{path}: file does not exist");
            }

            var validator = LoadValidator(run, parse.GetValue(trust) ?? []);
            var registry = File.Exists(SealCommands.PkiPath(run, DevelopmentPki.ManifestFileName)) ? SealCommands.LoadRegistry(run).Registry : null;
            if (LicenceFileCommands.TryVerify(run, path, validator, registry, validationTime) is { } licenceFileExit)
            {
                return licenceFileExit; // an OFD file, or a PDF that carries an embedded licence
            }

            var report = PdfSealVerifier.Verify(path, new PdfVerificationOptions
            {
                CertificateValidator = validator,
                SealRegistry = registry,
                SealRevocations = registry?.Revocations,
                ValidationTime = validationTime,
            });
            var verdict = VerdictText(report.Verdict);
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    Verdict = verdict,
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
                        CoversRevision = s.CoversRevision != null,
                        s.ModifiedAfter,
                        ChangesAfter = s.ChangesAfter.Select(c => new { c.Revision, c.Kind, c.Permitted, c.Description, Object = c.ObjectNumber }),
                        Certificate = s.CertificateStatus,
                        Verdict = VerdictText(s.Verdict),
                        Indication = s.Outcome.Indication.ToText(),
                        SubIndication = s.Outcome.SubIndication.ToText(),
                        Revision = s.CoversRevision,
                        s.CoversWholeDocument,
                        s.Signer,
                        s.SigningTime,
                        s.SubFilter,
                        s.Level,
                        s.BestSignatureTime,
                        s.ProvenBy,
                        Timestamp = s.SignatureTimestamp is { } t ? new { t.Time, t.Tsa, t.Valid, t.Reasons } : null,
                        s.Reasons,
                    }),
                    DocumentTimestamps = report.DocumentTimestamps.Select(t => new { t.Time, t.Tsa, t.Valid, t.Reasons }),
                    ValidationData = report.HasValidationData,
                    report.Reasons,
                    report.Skipped,
                });
            }
            else
            {
                run.Output.WriteLine($"{verdict}: {report.Seals.Count} seal(s), {report.Revisions} revision(s)");
                foreach (var s in report.Seals)
                {
                    run.Output.WriteLine($"  {s.FieldName}: {VerdictText(s.Verdict)}; seal {s.SealId ?? "-"} ({s.Department ?? s.SealName ?? "-"}, {s.Algorithm ?? "-"}), " +
                        $"integrity {PdfVerdicts.ToText(s.Integrity)}, certificate {s.CertificateStatus}, " +
                        $"covers {(s.CoversWholeDocument ? "the whole document" : s.CoversRevision is { } r ? "revision " + r.ToString(CultureInfo.InvariantCulture) : "no revision")}, level {s.Level}");
                    foreach (var change in s.ChangesAfter)
                    {
                        run.Output.WriteLine($"    revision {change.Revision}: {(change.Permitted ? "permitted" : "NOT permitted")} {change.Kind}: {change.Description}");
                    }

                    foreach (var reason in s.Reasons)
                    {
                        run.Output.WriteLine($"    {reason}");
                    }
                }

                foreach (var t in report.DocumentTimestamps)
                {
                    run.Output.WriteLine($"  document time-stamp: {(t.Valid ? "valid" : "NOT valid")}, {t.Time:yyyy-MM-ddTHH:mm:ssZ}, TSA {t.Tsa ?? "-"}");
                }

                foreach (var reason in report.Reasons)
                {
                    run.Output.WriteLine($"  {reason}");
                }
            }

            if (report.Reasons.Any(r => r is "pdf.unreadable" or "pdf.structure_unreadable"))
            {
                // Not a PDF we can read at all: bad input (exit 2), after printing the report.
                return run.Context.Fail(ExitCodes.Usage, $"{path}: not a readable PDF ({string.Join(", ", report.Reasons)})");
            }

            return report.Verdict == PdfDocumentVerdict.Valid ? ExitCodes.Ok : ExitCodes.Invalid;
        }));
        return command;
    }

    /// <summary>Parses <c>--at</c>: an ISO 8601 date (midnight UTC) or date and time; null when absent.</summary>
    internal static DateTimeOffset? ParseAt(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            return value;
        }

        throw new CliUsageException($"--at {text}: expected an ISO 8601 date or date-time, for example 2031-01-01 or 2031-01-01T08:00:00Z");
    }

    /// <summary>Seals into a temporary file, calls <paramref name="audit"/> with the facts of the use, then moves the file into place.</summary>
    private static string SealAtomically(string inPath, string outPath, Func<Stream, Stream, string> seal, Action<SealedFacts> audit)
    {
        var full = Path.GetFullPath(outPath);
        var directory = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(directory))
        {
            throw new CliUsageException($"--out {outPath}: the folder {directory} does not exist");
        }

        if (string.Equals(Path.GetFullPath(inPath), full, StringComparison.Ordinal))
        {
            throw new CliUsageException($"--out {outPath}: must differ from --in (the original is never modified)");
        }

        var temp = Path.Combine(directory, $".{Path.GetFileName(full)}.tmp-{Guid.NewGuid():N}");
        try
        {
            string fieldName;
            using (var source = new FileStream(inPath, FileMode.Open, FileAccess.Read, FileShare.Read))
            using (var target = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite))
            {
                try
                {
                    fieldName = seal(source, target);
                }
                catch (TrustFormatException ex) when (ex.Field is "DocMDP" or "certify")
                {
                    throw new CliRefusedException(ex.Message);
                }

                target.Flush(flushToDisk: true);
                target.Position = 0;
                source.Position = 0;
                var facts = new SealedFacts(fieldName, source.Length, Convert.ToHexStringLower(SHA256.HashData(source)), target.Length, Convert.ToHexStringLower(SHA256.HashData(target)));

                // Audited before the sealed PDF appears at --out (as the server audits before sending it).
                audit(facts);
            }

            File.Move(temp, full, overwrite: true);
            return fieldName;
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>Runs a sealing through a remote platform, mapping a refusal of its signature or seal to exit 1.</summary>
    internal static T RemoteSeal<T>(Func<T> seal, string sealId)
    {
        try
        {
            return seal();
        }
        catch (SealingRefusedException ex)
        {
            throw new CliRefusedException($"--seal {sealId}: the platform's signature was refused: {ex.Message} ({ex.Reason})");
        }
        catch (SealUnusableException ex)
        {
            throw new CliRefusedException($"--seal {sealId}: {ex.Message} ({ex.Reason})");
        }
    }

    private sealed record SealedFacts(string Field, long InputBytes, string InputSha256, long OutputBytes, string OutputSha256);

    private static (double X, double Y) ParsePosition(string? text)
    {
        if (text is null)
        {
            return (20, 20);
        }

        var parts = text.Split(',');
        if (parts.Length != 2 ||
            !double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var x) ||
            !double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var y) ||
            !double.IsFinite(x) || !double.IsFinite(y) || x < 0 || y < 0 || x > 5000 || y > 5000)
        {
            throw new CliUsageException($"--at {text}: expected X,Y in millimetres, for example 120,40");
        }

        return (x, y);
    }

    private static CertificateValidator LoadValidator(CliInvocation run, string[] extraAnchors)
    {
        var anchors = new List<byte[]>();
        var intermediates = new List<byte[]>();
        var crls = new List<byte[]>();
        if (File.Exists(SealCommands.PkiPath(run, DevelopmentPki.ManifestFileName)))
        {
            anchors.AddRange(CertificatePem.LoadFile(SealCommands.PkiPath(run, "ca/trust-anchors.pem")));
            intermediates.AddRange(CertificatePem.LoadFile(SealCommands.PkiPath(run, "ca/intermediates.pem")));
            crls.AddRange(CertificatePem.LoadCrlFile(SealCommands.PkiPath(run, "crl/all.pem")));
        }

        foreach (var path in extraAnchors)
        {
            if (!File.Exists(path))
            {
                throw new CliUsageException($"--trust {path}: file does not exist");
            }

            anchors.AddRange(CertificatePem.LoadFile(path));
        }

        return new CertificateValidator(anchors, intermediates, crls);
    }

    internal static string VerdictText(PdfDocumentVerdict verdict) => PdfVerdicts.ToText(verdict);
}
