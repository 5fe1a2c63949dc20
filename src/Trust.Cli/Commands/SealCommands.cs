using System.CommandLine;
using System.Text.Json;
using Trust.Application.Seals;
using Trust.Cli.Remote;
using Trust.Cli.State;
using Trust.Core.Crypto;
using Trust.Core.Keys;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Results;
using Trust.Core.Seals;
using Trust.Core.Seals.Asn1;
using Trust.Core.Storage;
using Trust.Storage;

namespace Trust.Cli.Commands;

/// <summary>
/// <c>trust seal list</c>, <c>trust seal sign-file</c> and <c>trust seal verify-file</c>: the development seals and
/// GB/T 38540 <c>SES_Signature</c>s over files. Also registers the seal contributor of <c>trust pki init</c>.
/// </summary>
/// <remarks>
/// Seal revocations live in the store (<c>trust seal revoke</c> or the server's <c>SealService.RevokeSeal</c>, the same
/// table): every command reads them from there, so both hosts agree on which seals are revoked. Certificate
/// revocation comes from the PKI's CRLs.
/// </remarks>
internal static class SealCommands
{
    private const int MaxReasonLength = SealRevocations.MaxReasonLength;

    internal static IEnumerable<Command> Create(CliContext context)
    {
        context.PkiContributors.Add(new SealPkiContributor());
        var seal = new Command("seal", "Electronic seals (GB/T 38540-2020): list seals, sign and verify files with SES_Signature.");
        seal.Add(List(context));
        seal.Add(Revoke(context));
        seal.Add(SignFile(context));
        seal.Add(VerifyFile(context));
        seal.Add(SealPdfCommands.Pdf(context));
        seal.Add(SealPdfCommands.Verify(context));
        yield return seal;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the seals of the PKI: id, name, department, algorithm.");
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var (_, registry) = LoadRegistry(run);
            var seals = registry.List();
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    Seals = seals.Select(s => new
                    {
                        s.Id,
                        s.Name,
                        s.Department,
                        Algorithm = SignatureAlgorithms.DisplayName(s.Algorithm),
                        Kind = (int)s.Kind,
                        ValidFrom = s.Seal.SealInfo.Property.ValidStart,
                        ValidTo = s.Seal.SealInfo.Property.ValidEnd,
                        Revoked = registry.IsRevoked(s.Id),
                    }),
                });
            }
            else
            {
                foreach (var s in seals)
                {
                    run.Output.WriteLine($"{s.Id,-16} {SignatureAlgorithms.DisplayName(s.Algorithm),-10} {s.Department,-10} {s.Name}{(registry.IsRevoked(s.Id) ? " (revoked)" : "")}");
                }

                run.Output.WriteLine($"{seals.Count} seals of {seals.Select(s => s.Department).Distinct().Count()} departments");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Revoke(CliContext context)
    {
        var sealId = new Argument<string>("SEAL_ID") { Description = "The seal to revoke (see 'trust seal list')." };
        var reason = new Option<string>("--reason") { Description = $"Why (free text, at most {MaxReasonLength} characters, no personal data); recorded in the store and the audit log.", HelpName = "TEXT", Required = true };
        var command = new Command("revoke", "Revoke a seal (final): it can no longer seal, and documents sealed with it verify as invalid (seal.revoked). " +
            "The revocation and its seal.revoke audit entry are written together. Exit 0 revoked, 1 already revoked, 2 unknown seal or bad input.")
        {
            sealId, reason,
        };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var id = parse.GetValue(sealId)!;
            var why = parse.GetValue(reason)!;
            if (string.IsNullOrWhiteSpace(why) || why.Length > MaxReasonLength)
            {
                throw new CliUsageException($"--reason: required, at most {MaxReasonLength} characters");
            }

            var manifest = CliState.LoadManifest(run);
            var registry = SealPkiContributor.LoadRegistry(run.PkiDirectory, manifest, new InMemorySealRevocations());
            if (!registry.TryFind(id, out var record))
            {
                throw new CliUsageException($"SEAL_ID {id}: no such seal in {run.PkiDirectory} (see 'trust seal list')");
            }

            using var store = CliState.OpenStore(run);
            var entry = SealRevocations.RevokeAsync(store, record, why, LicenceCommands.Actor, DateTimeOffset.UtcNow).GetAwaiter().GetResult()
                ?? throw new CliRefusedException($"seal {record.Id} is already revoked");
            if (run.Json)
            {
                run.Context.WriteJson(new Dictionary<string, object?>
                {
                    ["seal_id"] = record.Id,
                    ["status"] = "revoked",
                    ["department"] = record.Department,
                    ["reason"] = why,
                    ["revoked_at"] = entry.At,
                    ["audit_sequence"] = entry.Sequence,
                });
            }
            else
            {
                run.Output.WriteLine($"revoked seal {record.Id} ({record.Name}, {record.Department}) (audit entry {entry.Sequence})");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command SignFile(CliContext context)
    {
        var sealId = new Option<string>("--seal") { Description = "Seal identifier (see 'trust seal list').", HelpName = "SEAL_ID", Required = true };
        var input = new Option<string>("--in") { Description = "File to sign (streamed; any size).", HelpName = "FILE", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the DER SES_Signature (written atomically).", HelpName = "FILE.ses", Required = true };
        var command = new Command("sign-file", "Sign a file with a seal: GB/T 38540 SES_Signature (SM3 data hash for SM2 seals, SHA-256 for RSA). " +
            "The department key is decrypted with $" + DevelopmentPki.PassphraseVariable + " or the development passphrase.")
        {
            sealId, input, output,
        };
        var tsa = new TsaOptions();
        tsa.AddTo(command);
        var remote = new RemoteSealOptions();
        remote.AddTo(command);
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var id = parse.GetValue(sealId)!;
            var inPath = parse.GetValue(input)!;
            using var remoteProvider = remote.Open(parse);
            SealRecord record;
            SesSignature signature;
            if (remoteProvider is not null)
            {
                if (!File.Exists(inPath))
                {
                    throw new CliUsageException($"--in {inPath}: file does not exist");
                }

                // The seal key stays on the platform; only TBS_Sign (with the file's digest) is sent to it.
                (record, _) = RemoteSealOptions.FetchTrusted(run, remoteProvider, id);
                signature = SealPdfCommands.RemoteSeal(() => new SealSigner().SignFile(remoteProvider.ForDocument(Path.GetFileName(inPath)), id, inPath), id);
            }
            else
            {
                (record, signature) = SignLocally(run, id, inPath);
            }

            var (timestampClient, http) = tsa.Create(parse, run);
            using (http)
            {
                if (timestampClient is not null)
                {
                    try
                    {
                        signature = SesSignatureTimestamp.AddAsync(signature, timestampClient).GetAwaiter().GetResult();
                    }
                    catch (Trust.Core.Timestamps.TimestampException ex)
                    {
                        throw TsaOptions.Refused(ex);
                    }
                }
            }

            var outPath = parse.GetValue(output)!;
            var der = signature.Encode();
            AtomicFile.WriteAllBytes(outPath, der);
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    SealId = record.Id,
                    record.Department,
                    Algorithm = SignatureAlgorithms.DisplayName(record.Algorithm),
                    In = inPath,
                    Out = outPath,
                    DataHash = Convert.ToHexStringLower(signature.ToSign.DataHash.Span),
                    SigningTime = signature.ToSign.TimeInfo,
                    SignatureBytes = der.Length,
                    Timestamped = signature.TimeStamp is not null,
                });
            }
            else
            {
                run.Output.WriteLine($"signed {inPath} with seal {record.Id} ({record.Name}, {SignatureAlgorithms.DisplayName(record.Algorithm)}) -> {outPath}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// A seal of this PKI that may be used now, by the same rule the server applies (the store's revocations decide),
    /// with its department's certificate chain and decrypted key (the caller disposes the key).
    /// Exit 2 for an unknown seal or a PKI without its department, exit 1 for a seal that may not be used.
    /// </summary>
    internal static (SealRecord Record, IReadOnlyList<byte[]> Chain, SigningKey Key) OpenUsableSeal(
        CliInvocation run, TrustStore store, DevelopmentPkiManifest manifest, SealRegistry registry, string id)
    {
        if (!registry.TryFind(id, out _))
        {
            throw new CliUsageException($"--seal {id}: no such seal in {run.PkiDirectory} (see 'trust seal list')");
        }

        SealRecord record;
        try
        {
            record = SealUse.GetUsableAsync(store, registry, id).GetAwaiter().GetResult();
        }
        catch (SealUnusableException ex)
        {
            throw new CliRefusedException($"--seal {id}: {ex.Message} ({ex.Reason})");
        }

        var department = manifest.Departments.FirstOrDefault(d => d.Code == record.Department)
            ?? throw new CliUsageException($"--seal {id}: its department {record.Department} is not in {run.PkiDirectory}/pki.json");
        var certificatePath = PkiPath(run, department.Certificate);
        var chainPath = Path.Combine(Path.GetDirectoryName(certificatePath)!, "chain.pem");
        var chain = CertificatePem.LoadFile(File.Exists(chainPath) ? chainPath : certificatePath);
        var key = PrivateKeyPem.LoadFile(PkiPath(run, department.Key), DevelopmentPki.ResolvePassphrase(), out _);
        return (record, chain, key);
    }

    private static (SealRecord Record, SesSignature Signature) SignLocally(CliInvocation run, string id, string inPath)
    {
        var (manifest, registry) = LoadRegistry(run);
        if (!File.Exists(inPath))
        {
            throw new CliUsageException($"--in {inPath}: file does not exist");
        }

        // The same usable-seal step as 'seal pdf': the store's revocations decide (SealUse.GetUsableAsync).
        using var store = CliState.OpenStore(run);
        var (record, chain, key) = OpenUsableSeal(run, store, manifest, registry, id);
        using (key)
        {
            try
            {
                return (record, new SealSigner(registry.Revocations).SignFile(record.Seal, chain[0], key, inPath));
            }
            catch (SealUnusableException ex)
            {
                throw new CliRefusedException($"--seal {id}: {ex.Message} ({ex.Reason})");
            }
        }
    }

    private static Command VerifyFile(CliContext context)
    {
        var input = new Option<string>("--in") { Description = "The signed file.", HelpName = "FILE", Required = true };
        var sig = new Option<string>("--sig") { Description = "The DER SES_Signature.", HelpName = "FILE.ses", Required = true };
        var command = new Command("verify-file", "Verify a GB/T 38540 SES_Signature over a file against the PKI's trust anchors and CRLs. " +
            "Exit 0 valid, 1 invalid, 2 bad input (for example a malformed .ses file).")
        {
            input, sig,
        };
        var atTime = new Option<string?>("--at") { Description = "Validate as of this time (ISO 8601): a valid timeStamp proves the signature existed at its time.", HelpName = "DATE" };
        command.Options.Add(atTime);
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var inPath = parse.GetValue(input)!;
            var sigPath = parse.GetValue(sig)!;
            var validationTime = SealPdfCommands.ParseAt(parse.GetValue(atTime));
            if (!File.Exists(inPath))
            {
                throw new CliUsageException($"--in {inPath}: file does not exist");
            }

            if (!File.Exists(sigPath))
            {
                throw new CliUsageException($"--sig {sigPath}: file does not exist");
            }

            if (new FileInfo(sigPath).Length > SesLimits.MaxSignatureBytes)
            {
                throw new CliUsageException($"--sig {sigPath}: larger than {SesLimits.MaxSignatureBytes} bytes, not an SES_Signature");
            }

            SesSignature signature;
            try
            {
                signature = SesSignature.Decode(File.ReadAllBytes(sigPath));
            }
            catch (Trust.Core.TrustFormatException ex)
            {
                throw new CliUsageException($"--sig {sigPath}: not a valid SES_Signature: {ex.Message}");
            }

            var (_, registry) = LoadRegistry(run);
            var verifier = new SealSignatureVerifier(LoadValidator(run), registry.Revocations);
            SealVerificationResult result;
            using (var data = new FileStream(inPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
            {
                result = verifier.Verify(signature, data, validationTime);
            }

            var department = result.SealId is not null && registry.TryFind(result.SealId, out var record) ? record.Department : null;
            var verdict = VerdictWords.Seal(result.Verdict);
            var algorithm = result.Algorithm is { } a ? SignatureAlgorithms.DisplayName(a) : null;
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    Verdict = verdict,
                    result.Reasons,
                    Indication = result.Outcome.Indication.ToText(),
                    SubIndication = result.Outcome.SubIndication.ToText(),
                    result.SealId,
                    result.SealName,
                    Department = department,
                    Algorithm = algorithm,
                    result.Signer,
                    result.SigningTime,
                    result.TimestampTime,
                    result.BestSignatureTime,
                    In = inPath,
                    Sig = sigPath,
                });
            }
            else
            {
                run.Output.WriteLine($"{verdict}: seal {result.SealId} ({result.SealName}, {department ?? "unknown department"}, {algorithm ?? "unknown algorithm"}) signed {inPath} at {result.SigningTime:u}");
                foreach (var reason in result.Reasons)
                {
                    run.Output.WriteLine($"  {reason}");
                }
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.Invalid;
        }));
        return command;
    }

    /// <summary>The PKI's seals, with the revocations in the store as they are now.</summary>
    internal static (DevelopmentPkiManifest Manifest, SealRegistry Registry) LoadRegistry(CliInvocation run)
    {
        var manifest = DevelopmentPkiManifest.Load(run.PkiDirectory);
        using var store = CliState.OpenStore(run);
        var revocations = store.GetSealRevocationSnapshotAsync().GetAwaiter().GetResult();
        return (manifest, SealPkiContributor.LoadRegistry(run.PkiDirectory, manifest, revocations));
    }

    private static CertificateValidator LoadValidator(CliInvocation run) => new(
        CertificatePem.LoadFile(PkiPath(run, "ca/trust-anchors.pem")),
        CertificatePem.LoadFile(PkiPath(run, "ca/intermediates.pem")),
        CertificatePem.LoadCrlFile(PkiPath(run, "crl/all.pem")));

    internal static string PkiPath(CliInvocation run, string relative) => Path.Combine(run.PkiDirectory, relative);
}
