using System.CommandLine;
using System.CommandLine.Help;
using Trust.Cli.Commands;

namespace Trust.Cli;

/// <summary>Entry point of the <c>trust</c> tool. Exit codes: see <see cref="ExitCodes"/>.</summary>
internal static class Program
{
    public static int Main(string[] args) =>
        Run(args, Console.Out, Console.Error, interactive: !Console.IsOutputRedirected);

    /// <summary>Runs the tool in-process with the given writers (the tests call this).</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="output">Standard output (results, JSON).</param>
    /// <param name="error">Standard error (warnings, errors, progress).</param>
    /// <param name="interactive">Whether a human watches a terminal (progress is shown only then).</param>
    internal static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false)
    {
        var context = new CliContext(output, error, interactive);
        var root = BuildRoot(context);
        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
            {
                foreach (var problem in parsed.Errors)
                {
                    error.WriteLine($"trust: {problem.Message}");
                }

                error.WriteLine("Run 'trust --help' (or 'trust COMMAND --help') for usage.");
                return ExitCodes.Usage;
            }

            return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex)
        {
            return context.ReportUnexpected(ex);
        }
    }

    /// <summary>
    /// The command tree. Each command group lives in one file under <c>Commands/</c> and exposes
    /// <c>static IEnumerable&lt;Command&gt; Create(CliContext)</c>; adding a group is one line here.
    /// </summary>
    internal static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand(
            "trust: development PKI, signatures, e-licences, electronic seals (GB/T 38540), grants and audit.\n" +
            "Exit codes: 0 success/valid, 1 checked and invalid (or refused), 2 bad input or usage, 3 internal error.");
        context.AddGlobalOptions(root);
        IEnumerable<Command>[] groups =
        [
            PkiCommands.Create(context),
            SignatureCommands.Create(context),
            SealCommands.Create(context),
            LicenceCommands.Create(context),
            AuditCommands.Create(context),
            ServiceCommands.Create(context),
            GrantCommands.Create(context),
            TokenCommands.Create(context),
            ArchiveCommands.Create(context),
        ];
        foreach (var command in groups.SelectMany(g => g))
        {
            root.Add(command);
        }

        return root;
    }
}
