using System.CommandLine;
using System.Globalization;
using Trust.Application.Grants;
using Trust.Cli.State;
using Trust.Core;
using Trust.Core.Grants;
using Trust.Core.Licences;
using Trust.Core.Results;
using Trust.Core.Services;
using Trust.Core.Status;

namespace Trust.Cli.Commands;

/// <summary>
/// <c>trust grant create</c>, <c>trust grant check</c> and <c>trust grant revoke</c>: authorisation grants
/// ("one card" / "one code" service, brief sections 6 and 11). Grants are signed with the PKI's
/// <c>grant-signing</c> key and recorded in the same store as the licences.
/// </summary>
internal static class GrantCommands
{
    private const string GrantSigningKeyId = "grant-signing";
    private static readonly FieldTransform HolderMask = FieldTransform.TryParse("mask")!;

    internal static IEnumerable<Command> Create(CliContext context)
    {
        var grant = new Command("grant", "Authorisation grants: a holder allows a clerk to see the licences a service item needs.");
        grant.Add(CreateGrant(context));
        grant.Add(Check(context));
        grant.Add(Revoke(context));
        yield return grant;
    }

    private static Command CreateGrant(CliContext context)
    {
        var holder = new Option<string>("--holder") { Description = "Resident ID number (one card) or unified social credit code (one code) of the holder.", HelpName = "ID", Required = true };
        var grantee = new Option<string?>("--grantee") { Description = "Clerk id allowed to use the grant.", HelpName = "ID" };
        var department = new Option<string?>("--department") { Description = "Department allowed to use the grant (with or instead of --grantee).", HelpName = "CODE" };
        var service = new Option<string>("--service") { Description = "Service item code (see 'trust service list').", HelpName = "ITEM", Required = true };
        var licences = new Option<string[]>("--licence") { Description = "Restrict the grant to these licence ids (repeatable).", HelpName = "ID" };
        var ttl = new Option<string>("--ttl") { Description = "Validity: minutes or hours, for example 30m or 2h (1 minute to 24 hours).", HelpName = "DURATION", DefaultValueFactory = _ => "30m" };
        var purpose = new Option<string?>("--purpose") { Description = "Purpose shown to the clerk (default: the service item's name).", HelpName = "TEXT" };
        var singleUse = new Option<bool>("--single-use") { Description = "The grant can be checked successfully only once." };
        var output = new Option<string>("--out") { Description = "Where to write the signed grant (COSE_Sign1 bytes; written atomically).", HelpName = "GRANT", Required = true };
        var command = new Command("create", "Issue a signed authorisation grant. Exit 0 issued, 2 bad input (nothing is written).")
        {
            holder, grantee, department, service, licences, ttl, purpose, singleUse, output,
        };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var minutes = ParseTtl(parse.GetValue(ttl)!);
            var clerk = parse.GetValue(grantee);
            var dept = parse.GetValue(department);
            if (string.IsNullOrEmpty(clerk) && string.IsNullOrEmpty(dept))
            {
                throw new CliUsageException("--grantee: a grant needs a clerk (--grantee) and/or a department (--department)");
            }

            var itemCode = parse.GetValue(service)!;
            var item = ServiceCatalog.Default.Find(itemCode)
                ?? throw new CliUsageException($"--service {itemCode}: no such service item (see 'trust service list')");
            var manifest = CliState.LoadManifest(run);
            var signing = manifest.FindKey(GrantSigningKeyId)
                ?? throw new CliUsageException($"--pki {run.PkiDirectory}: no {GrantSigningKeyId} key in the PKI");
            using var key = CliState.LoadKey(run, signing.Key);
            var chain = CliState.LoadCertificates(run, signing.Certificate).ToList();
            using var store = CliState.OpenStore(run);
            var issuer = new GrantIssuer(new GrantIssuerOptions { SigningKey = key, CertificateChain = chain, Actor = "trust-cli" }, store);
            var request = new GrantIssueRequest(parse.GetValue(holder)!, item.Code)
            {
                ClerkId = clerk,
                DepartmentCode = dept,
                LicenceIds = parse.GetValue(licences) is { Length: > 0 } ids ? ids : null,
                Purpose = parse.GetValue(purpose) ?? item.NameZh,
                SingleUse = parse.GetValue(singleUse),
                ValidityMinutes = minutes,
            };
            var signed = issuer.IssueAsync(request).GetAwaiter().GetResult();
            var outPath = parse.GetValue(output)!;
            AtomicFile.WriteAllBytes(outPath, signed.Encoded.Span);
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    Id = signed.Id,
                    Holder = HolderMask.Apply(signed.Payload.HolderId),
                    Service = item.Code,
                    Grantee = clerk,
                    Department = dept,
                    signed.Payload.NotBefore,
                    signed.Payload.ExpiresAt,
                    signed.Payload.SingleUse,
                    File = outPath,
                    Qr = signed.ToQrText(),
                });
            }
            else
            {
                run.Output.WriteLine($"grant {signed.Id} for {item.Code} ({item.NameEn}) to {clerk ?? dept}, valid until {signed.Payload.ExpiresAt:u} -> {outPath}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Check(CliContext context)
    {
        var grantFile = new Argument<string>("GRANT") { Description = "The grant: a file of COSE bytes, a file holding its QR text (TG1:...), or the QR text itself." };
        var service = new Option<string>("--service") { Description = "The service item the clerk is working on.", HelpName = "ITEM", Required = true };
        var grantee = new Option<string>("--grantee") { Description = "The clerk's id.", HelpName = "ID", Required = true };
        var department = new Option<string?>("--department") { Description = "The clerk's department code.", HelpName = "CODE" };
        var command = new Command("check", "Check a grant for a service item and a clerk: allowed or denied with reasons, and for each licence the item needs " +
            "whether the holder has one, its verdict and the form values. Exit 0 allowed, 1 denied, 2 unreadable input.")
        {
            grantFile, service, grantee, department,
        };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var bytes = ReadGrant(parse.GetValue(grantFile)!);
            var manifest = CliState.LoadManifest(run);
            var validator = CliState.LoadValidator(run, manifest);
            using var store = CliState.OpenStore(run);
            var checker = GrantChecks.Create(validator, store, new LicenceVerifier(validator, new StoreStatusSource(store)));
            var request = new GrantCheckRequest(bytes, parse.GetValue(service)!, new ClerkIdentity(parse.GetValue(grantee)!, parse.GetValue(department) ?? string.Empty));
            var result = checker.CheckAsync(request).GetAwaiter().GetResult();
            var report = GrantCheckReport.From(result, bytes, ServiceCatalog.Default.Find(request.ServiceItemCode), IssuingDepartmentDirectory.From(manifest));
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    report.Verdict,
                    report.Reasons,
                    report.Indication,
                    report.SubIndication,
                    Grant = report.GrantId,
                    Service = report.ServiceItem,
                    report.Details?.Complete,
                    Licences = report.Licences.Select(l => new
                    {
                        l.Type,
                        l.Found,
                        l.Verdict,
                        l.Form,
                        Id = l.LicenceId,
                        l.Required,
                        l.Reasons,
                        l.Indication,
                        l.SubIndication,
                        l.Department,
                        l.DepartmentLicenceForm,
                    }),
                });
            }
            else
            {
                run.Output.WriteLine($"{report.Verdict}: grant {report.GrantId ?? "-"} for {report.ServiceItem}");
                foreach (var reason in report.Reasons)
                {
                    run.Output.WriteLine($"  {reason}");
                }

                foreach (var licence in report.Licences)
                {
                    run.Output.WriteLine($"  {licence.Type}: {(licence.Found ? licence.Verdict : "missing")} {licence.LicenceId}");
                    foreach (var (field, value) in licence.Form)
                    {
                        run.Output.WriteLine($"    {field} = {value}");
                    }
                }
            }

            return result.IsAllowed ? ExitCodes.Ok : ExitCodes.Invalid;
        }));
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var id = new Argument<string>("GRANT_ID") { Description = "The grant id (32 hex digits)." };
        var reason = new Option<string>("--reason") { Description = "Why (recorded in the audit log; no personal data).", HelpName = "TEXT", Required = true };
        var command = new Command("revoke", "Revoke a grant: every later check is denied with grant.revoked. Exit 0 revoked, 1 already revoked or never issued.")
        {
            id, reason,
        };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var given = parse.GetValue(id)!;
            string grantId;
            try
            {
                grantId = GrantRevocations.NormaliseId(given);
            }
            catch (TrustFormatException)
            {
                throw new CliUsageException($"GRANT_ID {given}: a grant id is 32 hexadecimal digits");
            }

            using var store = CliState.OpenStore(run);
            var result = new GrantRevocations(store, store).RevokeAsync(grantId, parse.GetValue(reason)!, "trust-cli").GetAwaiter().GetResult();
            if (result.Outcome != GrantRevocationOutcome.Revoked)
            {
                throw new CliRefusedException(result.Refusal!);
            }

            run.Output.WriteLine(run.Json ? $"{{\"id\":\"{grantId}\",\"revoked\":true}}" : $"revoked grant {given}");
            return ExitCodes.Ok;
        }));
        return command;
    }

    internal static int ParseTtl(string text)
    {
        var unit = text.Length > 1 ? text[^1] : '\0';
        if ((unit is 'm' or 'h') && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            var minutes = unit == 'h' ? (long)value * 60 : value;
            if (minutes is >= GrantIssueRequest.MinValidityMinutes and <= GrantIssueRequest.MaxValidityMinutes)
            {
                return (int)minutes;
            }
        }

        throw new CliUsageException($"--ttl {text}: expected minutes or hours such as 30m or 2h, between 1m and 24h");
    }

    private static ReadOnlyMemory<byte> ReadGrant(string argument)
    {
        if (argument.StartsWith(SignedGrant.QrPrefix, StringComparison.Ordinal))
        {
            return FromQr(argument, "GRANT");
        }

        var info = new FileInfo(argument);
        if (!info.Exists)
        {
            throw new CliUsageException($"GRANT {argument}: file does not exist");
        }

        if (info.Length > SignedGrant.MaxBytes * 4L)
        {
            throw new CliUsageException($"GRANT {argument}: larger than any grant ({info.Length} bytes)");
        }

        var bytes = File.ReadAllBytes(argument);
        var text = System.Text.Encoding.ASCII.GetString(bytes).Trim();
        return text.StartsWith(SignedGrant.QrPrefix, StringComparison.Ordinal) ? FromQr(text, argument) : bytes;
    }

    private static byte[] FromQr(string text, string source)
    {
        try
        {
            return SignedGrant.BytesFromQrText(text);
        }
        catch (TrustFormatException ex)
        {
            throw new CliUsageException($"GRANT {source}: not a grant QR text: {ex.Message}");
        }
    }
}
