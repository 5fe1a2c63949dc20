using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using Trust.Core;
using Trust.Core.Pki.Development;

namespace Trust.Cli;

/// <summary>
/// What every command shares: the global options (<c>--pki</c>, <c>--store</c>, <c>--json</c>),
/// the output writers, JSON formatting and the mapping of failures to exit codes.
/// </summary>
internal sealed class CliContext(TextWriter output, TextWriter error, bool interactive)
{
    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    internal TextWriter Output { get; } = output;

    internal TextWriter Error { get; } = error;

    /// <summary>Whether a human watches a terminal: progress is shown only then.</summary>
    internal bool Interactive { get; } = interactive;

    /// <summary>Contributors that <c>pki init</c> runs; a command group (seals) registers its own here.</summary>
    internal IList<IPkiContributor> PkiContributors { get; } = new List<IPkiContributor>();

    internal Option<string> Pki { get; } = new("--pki")
    {
        Description = "The PKI folder (keys, certificates) and default state folder.",
        HelpName = "DIR",
        DefaultValueFactory = _ => "certs-dev",
        Recursive = true,
    };

    internal Option<string?> Store { get; } = new("--store")
    {
        Description = "Where the state (SQLite store, audit log) lives; default: the --pki folder.",
        HelpName = "PATH",
        Recursive = true,
    };

    internal Option<bool> Json { get; } = new("--json")
    {
        Description = "Machine-readable JSON on stdout.",
        Recursive = true,
    };

    internal void AddGlobalOptions(RootCommand root)
    {
        root.Add(Pki);
        root.Add(Store);
        root.Add(Json);
    }

    /// <summary>Runs a command body and maps exceptions to the documented exit codes.</summary>
    internal int Execute(ParseResult parse, Func<CliInvocation, int> body)
    {
        var invocation = new CliInvocation(this, parse);
        try
        {
            return body(invocation);
        }
        catch (CliUsageException ex)
        {
            return Fail(ExitCodes.Usage, ex.Message);
        }
        catch (CliRefusedException ex)
        {
            return Fail(ExitCodes.Invalid, ex.Message);
        }
        catch (Trust.RemoteSealing.SealPlatformException ex)
        {
            // A remote seal platform refused or did not answer (trust seal ... --remote): exit 1 with its reason.
            return Fail(ExitCodes.Invalid, ex.Message);
        }
        catch (TrustException ex)
        {
            // TrustFormatException names the field; TrustKeyException says what is wrong with the key.
            return Fail(ExitCodes.Usage, ex.Message);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail(ExitCodes.Usage, ex.Message);
        }
        catch (Exception ex)
        {
            return ReportUnexpected(ex);
        }
    }

    internal int Fail(int code, string message)
    {
        Error.WriteLine($"trust: {message}");
        return code;
    }

    /// <summary>An internal error: message only, the stack trace only with TRUST_DEBUG=1.</summary>
    internal int ReportUnexpected(Exception ex)
    {
        if (Environment.GetEnvironmentVariable("TRUST_DEBUG") == "1")
        {
            Error.WriteLine($"trust: internal error: {ex}");
        }
        else
        {
            Error.WriteLine($"trust: internal error: {ex.GetType().Name}: {ex.Message} (set TRUST_DEBUG=1 for details)");
        }

        return ExitCodes.Internal;
    }

    internal void WriteJson(object value) => Output.WriteLine(JsonSerializer.Serialize(value, JsonOptions));
}

/// <summary>One invocation: the parse result plus resolved global options.</summary>
internal sealed class CliInvocation(CliContext context, ParseResult parse)
{
    internal CliContext Context { get; } = context;

    internal ParseResult Parse { get; } = parse;

    internal bool Json => Parse.GetValue(Context.Json);

    internal string PkiDirectory => Parse.GetValue(Context.Pki) ?? "certs-dev";

    internal string StoreDirectory => Parse.GetValue(Context.Store) ?? PkiDirectory;

    internal TextWriter Output => Context.Output;

    internal TextWriter Error => Context.Error;

    internal void Warn(string message) => Context.Error.WriteLine($"trust: warning: {message}");

    internal void Progress(string message)
    {
        if (Context.Interactive && !Json)
        {
            Context.Error.WriteLine(message);
        }
    }
}
