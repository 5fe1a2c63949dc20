using System.CommandLine;
using System.Diagnostics;
using Trust.Core.Pki.Development;

namespace Trust.Cli.Commands;

/// <summary><c>trust pki ...</c>: the development PKI.</summary>
internal static class PkiCommands
{
    internal static IEnumerable<Command> Create(CliContext context)
    {
        var pki = new Command("pki", "Development PKI (DEVELOPMENT MATERIAL ONLY).");
        pki.Add(Init(context));
        yield return pki;
    }

    private static Command Init(CliContext context)
    {
        var output = new Option<string?>("--out") { Description = "Folder to create the PKI in (default: the --pki folder).", HelpName = "DIR" };
        var departments = new Option<int>("--departments")
        {
            Description = $"Number of department certificates (1-{DevelopmentPkiOptions.MaxDepartments}); half SM2, half RSA.",
            DefaultValueFactory = _ => DevelopmentPkiOptions.MaxDepartments,
        };
        var seals = new Option<int>("--seals") { Description = "Number of electronic seals to create (by the seal contributor).", DefaultValueFactory = _ => 160 };
        var force = new Option<bool>("--force") { Description = "Replace the PKI files in a non-empty folder." };
        var command = new Command(
            "init",
            "Create SM2 and RSA root and issuing CAs, department, licence-issuer, seal-maker, grant, status-list and TLS certificates, " +
            $"CRLs, a README and pki.json. Keys are encrypted with ${DevelopmentPki.PassphraseVariable}, or the development passphrase documented in the README.")
        {
            output, departments, seals, force,
        };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var directory = parse.GetValue(output) ?? run.PkiDirectory;
            var count = parse.GetValue(departments);
            if (count is < 1 or > DevelopmentPkiOptions.MaxDepartments)
            {
                throw new CliUsageException($"--departments must be between 1 and {DevelopmentPkiOptions.MaxDepartments}, got {count}");
            }

            var sealCount = parse.GetValue(seals);
            if (sealCount < 0)
            {
                throw new CliUsageException($"--seals must not be negative, got {sealCount}");
            }

            if (!parse.GetValue(force) && !DevelopmentPki.IsMissingOrEmpty(directory))
            {
                throw new CliRefusedException($"{directory} is not empty; refusing to overwrite it (pass --force to replace the PKI files)");
            }

            var options = new DevelopmentPkiOptions
            {
                Departments = count,
                Seals = sealCount,
                Force = parse.GetValue(force),
                Progress = new Progress(run),
            };
            foreach (var contributor in context.PkiContributors)
            {
                options.Contributors.Add(contributor);
            }

            var watch = Stopwatch.StartNew();
            var manifest = DevelopmentPki.Create(directory, options);
            watch.Stop();
            var sealsCreated = manifest.Extensions["seals"] is System.Text.Json.Nodes.JsonArray array ? array.Count : 0;
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    Out = directory,
                    DevelopmentOnly = true,
                    Departments = manifest.Departments.Count,
                    Sm2Departments = manifest.Departments.Count(d => d.Algorithm == "SM2"),
                    RsaDepartments = manifest.Departments.Count(d => d.Algorithm == "RSA"),
                    Cas = manifest.Authorities.Select(a => new { a.Id, a.Algorithm, Cert = a.Certificate, a.Crl }),
                    Keys = manifest.Keys.Select(k => new { k.Id, k.Algorithm, Cert = k.Certificate, k.Key }),
                    SealsRequested = sealCount,
                    SealsCreated = sealsCreated,
                    Manifest = Path.Combine(directory, DevelopmentPki.ManifestFileName),
                    ElapsedMs = watch.ElapsedMilliseconds,
                });
            }
            else
            {
                run.Output.WriteLine($"Created the DEVELOPMENT PKI in {directory} in {watch.Elapsed.TotalSeconds:F1} s:");
                run.Output.WriteLine($"  {manifest.Authorities.Count} CAs, {manifest.Departments.Count} departments " +
                    $"({manifest.Departments.Count(d => d.Algorithm == "SM2")} SM2, {manifest.Departments.Count(d => d.Algorithm == "RSA")} RSA), {manifest.Keys.Count} other keys");
                run.Output.WriteLine(sealsCreated > 0 || context.PkiContributors.Count > 0
                    ? $"  seals: {sealsCreated} of {sealCount}"
                    : $"  seals: none yet ({sealCount} requested; the seal contributor is not part of this build)");
                run.Output.WriteLine($"  manifest: {Path.Combine(directory, DevelopmentPki.ManifestFileName)}; read {Path.Combine(directory, "MANIFEST.md")} before use.");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private sealed class Progress(CliInvocation run) : IProgress<string>
    {
        public void Report(string value) => run.Progress($"  {value}");
    }
}
