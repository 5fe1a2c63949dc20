using System.CommandLine;
using Trust.Cli.State;

namespace Trust.Cli.Commands;

/// <summary><c>trust audit verify</c>: checks the hash chain of the audit log in the store.</summary>
internal static class AuditCommands
{
    internal static IEnumerable<Command> Create(CliContext context)
    {
        var audit = new Command("audit", "The tamper-evident audit log.");
        audit.Add(Verify(context));
        yield return audit;
    }

    private static Command Verify(CliContext context)
    {
        var command = new Command("verify", "Check the audit log's hash chain against the store's head row. Exit 0 intact, 1 with the first fault (sequence, code, message).");
        command.SetAction(parse => context.Execute(parse, run =>
        {
            using var store = CliState.OpenStore(run);
            var result = store.VerifyAuditChainAsync().GetAwaiter().GetResult();
            if (run.Json)
            {
                run.Context.WriteJson(new Dictionary<string, object?>
                {
                    ["verdict"] = result.IsIntact ? "intact" : "broken",
                    ["intact"] = result.IsIntact,
                    ["entries"] = result.EntriesChecked,
                    ["last_sequence"] = result.LastSequence,
                    ["head_hash"] = Convert.ToHexStringLower(result.HeadHash),
                    ["reasons"] = result.Reasons,
                    ["fault"] = result.Fault is { } f
                        ? new Dictionary<string, object> { ["sequence"] = f.Sequence, ["code"] = f.Code, ["message"] = f.Message }
                        : null,
                });
            }
            else if (result.IsIntact)
            {
                run.Output.WriteLine($"audit log intact: {result.EntriesChecked} entries, head {result.LastSequence} {Convert.ToHexStringLower(result.HeadHash)}");
            }
            else
            {
                var f = result.Fault!;
                run.Output.WriteLine($"audit log BROKEN at entry {f.Sequence}: {f.Code}: {f.Message} ({result.EntriesChecked} entries intact before it)");
            }

            return result.IsIntact ? ExitCodes.Ok : ExitCodes.Invalid;
        }));
        return command;
    }
}
