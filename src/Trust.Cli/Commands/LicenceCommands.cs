using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Trust.Application.Licences;
using Trust.Cli.State;
using Trust.Core.Identifiers;
using Trust.Core.Licences;
using Trust.Core.Results;
using Trust.Core.Pki.Development;
using Trust.Core.Services;
using Trust.Core.Status;
using Trust.Core.Storage;

namespace Trust.Cli.Commands;

/// <summary>
/// <c>trust license types|issue|verify|revoke|suspend|resume</c> (brief section 11). State lives
/// in the store of the <c>--pki</c> folder (or <c>--store</c>), so a revocation is seen by a later
/// verification with the same <c>--pki</c>.
/// </summary>
internal static class LicenceCommands
{
    /// <summary>Who is recorded in the audit log for status changes made with the tool.</summary>
    internal const string Actor = "trust-cli";

    /// <summary>Longest status change reason accepted (the store allows more; reasons are free text, never personal data).</summary>
    internal const int MaxReasonLength = LicenceStatusChanges.MaxReasonLength;

    /// <summary>Most <c>--field</c> options accepted (a type has at most <see cref="LicenceType.MaxFieldCount"/> fields).</summary>
    private const int MaxFieldOptions = LicenceType.MaxFieldCount;

    private static readonly FieldTransform HolderMask = FieldTransform.TryParse("mask")!;

    internal static IEnumerable<Command> Create(CliContext context)
    {
        var license = new Command("license", "E-licences: list types, issue, verify, revoke, suspend, resume.");
        license.Aliases.Add("licence");
        license.Add(Types(context));
        license.Add(Issue(context));
        license.Add(Verify(context));
        license.Add(LicenceFileCommands.File(context));
        license.Add(StatusChange(context, "revoke", LicenceStatus.Revoked, "Revoke a licence permanently (store and audit log change together)."));
        license.Add(StatusChange(context, "suspend", LicenceStatus.Suspended, "Suspend a valid licence (it verifies as 'suspended' until resumed)."));
        license.Add(StatusChange(context, "resume", LicenceStatus.Valid, "Resume a suspended licence."));
        yield return license;
    }

    private static Command Types(CliContext context)
    {
        var command = new Command("types", "List the licence types of the catalog with their fields.");
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var types = LicenceCatalog.Default.Types;
            if (run.Json)
            {
                run.Context.WriteJson(new { Types = types.Select(Describe) });
            }
            else
            {
                foreach (var type in types)
                {
                    run.Output.WriteLine($"{type.Code,-8} {type.NameZh} ({type.NameEn}); {HolderText(type.HolderKind)}; issued by {type.DepartmentKind}");
                    foreach (var field in type.Fields)
                    {
                        var values = field.Type == FieldType.Enum ? " [" + string.Join("|", field.Values) + "]" : "";
                        run.Output.WriteLine($"    {field.Code,-28} {FieldTypeText(field.Type),-10} {(field.Required ? "required" : "optional"),-8} {field.LabelZh} ({field.LabelEn}){values}");
                    }
                }

                run.Output.WriteLine($"{types.Count} licence types.");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Dictionary<string, object?> Describe(LicenceType type) => new()
    {
        ["code"] = type.Code,
        ["name"] = type.NameZh,
        ["name_en"] = type.NameEn,
        ["version"] = type.Version,
        ["holder"] = HolderText(type.HolderKind),
        ["department"] = type.DepartmentKind,
        ["validity_months"] = type.DefaultValidity?.Months,
        ["fields"] = type.Fields.Select(DescribeField).ToList(),
    };

    private static Dictionary<string, object?> DescribeField(LicenceFieldDefinition field)
    {
        var result = new Dictionary<string, object?>
        {
            ["code"] = field.Code,
            ["name"] = field.LabelZh,
            ["name_en"] = field.LabelEn,
            ["type"] = FieldTypeText(field.Type),
            ["required"] = field.Required,
            ["max_length"] = field.MaxLength,
            ["example"] = field.Example,
        };
        if (field.Type == FieldType.Enum)
        {
            result["values"] = field.Values;
        }

        if (field.Pattern is not null)
        {
            result["pattern"] = field.Pattern;
        }

        return result;
    }

    private static Command Issue(CliContext context)
    {
        var type = new Option<string>("--type") { Description = "Licence type code (see 'trust license types').", HelpName = "CODE", Required = true };
        var holder = new Option<string>("--holder") { Description = "Holder: resident ID number (person types) or unified social credit code (organisation types).", HelpName = "ID", Required = true };
        var holderName = new Option<string>("--holder-name") { Description = "The holder's name.", HelpName = "NAME", Required = true };
        var fields = new Option<string[]>("--field")
        {
            Description = "A field value, KEY=VALUE (repeat the option, or give several after one --field). Dates as ISO 8601 (2024-03-01).",
            HelpName = "KEY=VALUE",
            AllowMultipleArgumentsPerToken = true,
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new Option<string>("--out") { Description = "Where to write the signed licence (COSE_Sign1). Written atomically.", HelpName = "FILE.lic", Required = true };
        var department = new Option<string?>("--department") { Description = "Issuing department code from pki.json (default: a department of the type's kind).", HelpName = "CODE" };
        var validFrom = new Option<string?>("--valid-from") { Description = "Start of validity: DATE (00:00 UTC) or an ISO 8601 time; default now.", HelpName = "DATE" };
        var validUntil = new Option<string?>("--valid-until") { Description = "End of validity: DATE (valid through that day, UTC) or an ISO 8601 time; default the type's validity.", HelpName = "DATE" };
        var command = new Command("issue", "Issue a licence: checks holder and fields against the type, signs with the department's licence-issuer key, records it in the store and audit log, writes FILE.lic.")
        {
            type, holder, holderName, fields, output, department, validFrom, validUntil,
        };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var typeCode = parse.GetValue(type)!;
            var licenceType = LicenceCatalog.Default.Find(typeCode)
                ?? throw new CliUsageException($"--type {typeCode}: unknown licence type code (see 'trust license types')");
            var holderId = parse.GetValue(holder)!;
            var name = parse.GetValue(holderName)!;
            var values = ParseFields(parse.GetValue(fields) ?? []);
            var from = ParseTime(parse.GetValue(validFrom), "--valid-from", endOfDay: false);
            var until = ParseTime(parse.GetValue(validUntil), "--valid-until", endOfDay: true);
            var outPath = parse.GetValue(output)!;
            CheckOutput(outPath);

            // Check everything the user typed before the (slow) key decryption; the issuer checks again.
            var all = new Dictionary<string, string>(values, StringComparer.Ordinal) { [LicenceType.HolderNameField] = name };
            var errors = licenceType.Validate(holderId, all);
            if (errors.Count > 0)
            {
                return ReportFieldErrors(run, errors);
            }

            var manifest = CliState.LoadManifest(run);
            var requested = parse.GetValue(department);
            PkiDepartment pkiDepartment;
            try
            {
                pkiDepartment = IssuingDepartmentDirectory.From(manifest).Choose(licenceType, requested, out var warning);
                if (warning is not null)
                {
                    run.Warn(warning);
                }
            }
            catch (Core.TrustFormatException ex)
            {
                throw new CliUsageException((requested is null ? "--type " : "--department ") + ex.Message);
            }

            var chain = CliState.LoadCertificates(run, pkiDepartment.LicenceIssuerCertificate).Take(1)
                .Concat(CliState.LoadCertificates(run, manifest.FindAuthority(pkiDepartment.Issuer)?.Certificate
                    ?? throw new CliUsageException($"--pki {run.PkiDirectory}: CA {pkiDepartment.Issuer} of {pkiDepartment.Code} is not in pki.json")))
                .ToList();
            using var key = CliState.LoadKey(run, pkiDepartment.LicenceIssuerKey);
            using var store = CliState.OpenStore(run);
            var issuer = DepartmentLicenceIssuers.Create(DepartmentLicenceIssuers.Options(pkiDepartment.Code, key, chain, Actor + ":" + pkiDepartment.Code), store);
            SignedLicence licence;
            try
            {
                licence = issuer.IssueAsync(new LicenceIssueRequest(licenceType.Code, holderId, name, values) { ValidFrom = from, ValidUntil = until })
                    .GetAwaiter().GetResult();
            }
            catch (LicenceFieldsException ex)
            {
                return ReportFieldErrors(run, ex.Errors);
            }

            AtomicFile.WriteAllBytes(outPath, licence.Encoded.Span);
            var payload = licence.Payload;
            if (run.Json)
            {
                run.Context.WriteJson(new Dictionary<string, object?>
                {
                    ["id"] = licence.Id,
                    ["type"] = payload.TypeCode,
                    ["type_version"] = payload.TypeVersion,
                    ["holder"] = HolderMask.Apply(payload.HolderId),
                    ["department"] = pkiDepartment.Code,
                    ["department_licence_form"] = payload.IssuerDepartment,
                    ["algorithm"] = Core.Crypto.SignatureAlgorithms.DisplayName(licence.Algorithm),
                    ["valid_from"] = payload.ValidFrom,
                    ["valid_until"] = payload.ValidUntil,
                    ["file"] = outPath,
                    ["bytes"] = licence.Encoded.Length,
                    ["qr"] = licence.ToQrText(),
                    ["status_list"] = payload.StatusListId,
                    ["status_index"] = payload.StatusIndex,
                });
            }
            else
            {
                var end = payload.ValidUntil is { } u ? u.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "no end";
                run.Output.WriteLine($"issued {licence.Id} ({licenceType.NameEn}) to {HolderMask.Apply(payload.HolderId)} by {pkiDepartment.Code}, " +
                    $"valid {payload.ValidFrom:yyyy-MM-dd} to {end} -> {outPath} ({licence.Encoded.Length} bytes)");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Verify(CliContext context)
    {
        var files = new Argument<string[]>("FILE.lic") { Description = "Signed licences (.lic files, or text files holding the QR text TL1:...).", Arity = ArgumentArity.OneOrMore };
        var command = new Command("verify", "Verify licences: signature, chain to the PKI's roots (with CRLs), type and fields, validity and status in the store. " +
            "Exit 0 when all are valid, 1 when any is not, 2 when a file cannot be read.")
        {
            files,
        };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var paths = parse.GetValue(files)!;
            var contents = paths.Select(ReadLicenceFile).ToList();
            var manifest = CliState.LoadManifest(run);
            var validator = CliState.LoadValidator(run, manifest);
            using var store = CliState.OpenStore(run);
            var verifier = new LicenceVerifier(validator, new StoreStatusSource(store));
            var directory = IssuingDepartmentDirectory.From(manifest);
            var readable = contents.Where(c => c.QrError is null).Select(c => c.Bytes).ToList();
            var verified = new Queue<LicenceVerificationResult>(verifier.VerifyManyAsync(readable).GetAwaiter().GetResult());
            var results = contents.Select(c => c.QrError is { } error ? LicenceVerificationResult.Malformed(error) : verified.Dequeue()).ToList();
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    Results = results.Select((r, i) => new Dictionary<string, object?>
                    {
                        ["file"] = paths[i],
                        ["id"] = r.LicenceId,
                        ["verdict"] = r.VerdictText,
                        ["reasons"] = r.Reasons,
                        ["indication"] = r.Outcome.Indication.ToText(),
                        ["sub_indication"] = r.Outcome.SubIndication.ToText(),
                        ["type"] = r.Licence?.Payload.TypeCode,
                        ["department"] = r.Licence?.Payload.IssuerDepartment is { } form ? directory.CanonicalOf(form) ?? form : null,
                        ["department_licence_form"] = r.Licence?.Payload.IssuerDepartment,
                        ["holder"] = r.Licence is { } l ? HolderMask.Apply(l.Payload.HolderId) : null,
                        ["valid_until"] = r.Licence?.Payload.ValidUntil,
                    }),
                });
            }
            else
            {
                for (var i = 0; i < results.Count; i++)
                {
                    var r = results[i];
                    var reasons = r.Reasons.Count > 0 ? " (" + string.Join(", ", r.Reasons) + ")" : "";
                    run.Output.WriteLine($"{paths[i]}: {r.LicenceId ?? "-"}: {r.VerdictText}{reasons}");
                }
            }

            return results.All(r => r.IsValid) ? ExitCodes.Ok : ExitCodes.Invalid;
        }));
        return command;
    }

    private static Command StatusChange(CliContext context, string name, LicenceStatus target, string description)
    {
        var id = new Argument<string>("LICENCE_ID") { Description = "The licence identifier (as printed by 'license issue')." };
        var reason = new Option<string>("--reason") { Description = $"Why (free text, at most {MaxReasonLength} characters, no personal data); recorded in the audit log.", HelpName = "TEXT", Required = true };
        var command = new Command(name, description + " Exit 1 when the licence is unknown or its status does not allow it.") { id, reason };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var text = parse.GetValue(id)!;
            if (!LicenceId.TryParse(text, out _))
            {
                throw new CliUsageException($"LICENCE_ID {text}: not a licence identifier (wrong format or check character)");
            }

            var why = parse.GetValue(reason)!;
            if (why.Length > MaxReasonLength)
            {
                throw new CliUsageException($"--reason: longer than {MaxReasonLength} characters");
            }

            using var store = CliState.OpenStore(run);
            var change = new LicenceStatusChanges(store, store).ChangeAsync(text, target, why, Actor).GetAwaiter().GetResult();
            if (change is not { Outcome: LicenceStatusChangeOutcome.Changed, Entry: { } entry, Previous: { } current })
            {
                throw new CliRefusedException(change.Outcome == LicenceStatusChangeOutcome.UnknownLicence
                    ? $"licence {text} is not in the store {CliState.StoreSpec(run)}"
                    : change.Refusal!);
            }

            if (run.Json)
            {
                run.Context.WriteJson(new Dictionary<string, object?>
                {
                    ["id"] = text,
                    ["status"] = StatusText(target),
                    ["previous_status"] = StatusText(current),
                    ["reason"] = why,
                    ["at"] = entry.At,
                    ["audit_sequence"] = entry.Sequence,
                });
            }
            else
            {
                run.Output.WriteLine($"{LicenceStatusTransitions.PastTense(target)} {text} (audit entry {entry.Sequence})");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Parses <c>KEY=VALUE</c> options; the key must be a field code shape, duplicates are refused.</summary>
    internal static Dictionary<string, string> ParseFields(IReadOnlyList<string> options)
    {
        if (options.Count > MaxFieldOptions)
        {
            throw new CliUsageException($"--field: at most {MaxFieldOptions} fields");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            var eq = option.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new CliUsageException($"--field {Shorten(option)}: expected KEY=VALUE");
            }

            var key = option[..eq];
            if (!result.TryAdd(key, option[(eq + 1)..]))
            {
                throw new CliUsageException($"--field {Shorten(key)}: given twice");
            }
        }

        return result;
    }

    /// <summary>Parses an ISO 8601 date (<c>2024-03-01</c>, UTC) or date and time with offset.</summary>
    internal static DateTimeOffset? ParseTime(string? text, string option, bool endOfDay)
    {
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return endOfDay ? start.AddDays(1) : start;
        }

        if (text.Length > 10 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time;
        }

        throw new CliUsageException($"{option} {Shorten(text)}: expected an ISO 8601 date (2024-03-01) or time (2024-03-01T08:00:00+08:00)");
    }

    private static void CheckOutput(string path)
    {
        if (Directory.Exists(path))
        {
            throw new CliUsageException($"--out {path}: is a folder");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(directory))
        {
            throw new CliUsageException($"--out {path}: the folder {directory} does not exist");
        }
    }

    /// <summary>
    /// Reads a licence file, or the QR text (<c>TL1:...</c>) in a text file; a QR text that does not decode
    /// gives its error (reported as <c>input.malformed:qr.base45</c> and so on).
    /// </summary>
    private static (ReadOnlyMemory<byte> Bytes, Core.TrustFormatException? QrError) ReadLicenceFile(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            throw new CliUsageException($"{path}: file does not exist");
        }

        // Oversized files are not read whole: the verifier reports input.too_large for MaxBytes + 1 bytes.
        var length = (int)Math.Min(info.Length, SignedLicence.MaxBytes + 1L);
        var bytes = new byte[length];
        using (var stream = info.OpenRead())
        {
            stream.ReadExactly(bytes);
        }

        var prefix = System.Text.Encoding.ASCII.GetBytes(SignedLicence.QrPrefix);
        if (bytes.AsSpan().StartsWith(prefix) && info.Length <= SignedLicence.MaxBytes)
        {
            try
            {
                return (SignedLicence.BytesFromQrText(System.Text.Encoding.ASCII.GetString(bytes).Trim()), null);
            }
            catch (Core.TrustFormatException ex)
            {
                return (bytes, ex); // starts like a QR text but is not one: the layer that failed is the reason
            }
        }

        return (bytes, null);
    }

    private static int ReportFieldErrors(CliInvocation run, IReadOnlyList<LicenceFieldError> errors)
    {
        foreach (var error in errors)
        {
            var where = error.Field switch
            {
                LicenceType.HolderIdField => "--holder",
                LicenceType.HolderNameField => "--holder-name",
                _ => "--field " + error.Field,
            };
            run.Error.WriteLine($"trust: {where}: {error.Message}");
        }

        return ExitCodes.Usage;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static string HolderText(HolderKind kind) => kind == HolderKind.Person ? "person" : "organisation";

    private static string FieldTypeText(FieldType type) => type switch
    {
        FieldType.Date => "date",
        FieldType.Number => "number",
        FieldType.Enum => "enum",
        FieldType.Identifier => "identifier",
        _ => "text",
    };

    private static string StatusText(LicenceStatus status) => Trust.Core.Results.VerdictWords.Status(status);
}
