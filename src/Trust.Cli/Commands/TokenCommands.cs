using System.CommandLine;
using Trust.Cli.State;
using Trust.Core.Pki.Development;

namespace Trust.Cli.Commands;

/// <summary>
/// <c>trust token</c>: mints a DEVELOPMENT bearer token (JWT, ES256) with the development PKI's
/// token-signing key (<c>keys/token-signing.key.pem</c>, created on first use). A server started
/// in development mode with the same PKI folder accepts it; production servers never do.
/// </summary>
internal static class TokenCommands
{
    internal static IEnumerable<Command> Create(CliContext context)
    {
        var role = new Option<string[]>("--role") { Description = "Role: admin, issuer, sealer, verifier or clerk (repeatable).", HelpName = "ROLE", Required = true };
        var subject = new Option<string>("--subject") { Description = "Who the token names (JWT sub), for example clerk-0042.", HelpName = "ID", Required = true };
        var department = new Option<string[]>("--department") { Description = "Department code that scopes issuer and sealer (repeatable).", HelpName = "CODE" };
        var minutes = new Option<int>("--minutes") { Description = "Lifetime in minutes (1 to 1440).", HelpName = "N", DefaultValueFactory = _ => 60 };
        var command = new Command("token", "Mint a DEVELOPMENT bearer token for the server (prints the token; --json adds its claims). Exit 0, 2 bad input.")
        {
            role, subject, department, minutes,
        };
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var lifetime = parse.GetValue(minutes);
            if (lifetime is < 1 or > 1440)
            {
                throw new CliUsageException($"--minutes: must be between 1 and 1440, got {lifetime}");
            }

            var roles = parse.GetValue(role) ?? [];
            foreach (var name in roles)
            {
                if (name is not ("admin" or "issuer" or "sealer" or "verifier" or "clerk"))
                {
                    throw new CliUsageException($"--role {name}: not a role (admin, issuer, sealer, verifier, clerk)");
                }
            }

            var request = new DevelopmentTokenRequest { Subject = parse.GetValue(subject)!, Lifetime = TimeSpan.FromMinutes(lifetime) };
            foreach (var name in roles)
            {
                request.Roles.Add(name);
            }

            var departments = parse.GetValue(department) ?? [];
            if (departments.Length > 0)
            {
                var known = CliState.LoadManifest(run).Departments.Select(d => d.Code).ToHashSet(StringComparer.Ordinal);
                foreach (var code in departments)
                {
                    if (!known.Contains(code))
                    {
                        throw new CliUsageException($"--department {code}: no such department in {run.PkiDirectory}");
                    }

                    request.Departments.Add(code);
                }
            }

            var now = DateTimeOffset.UtcNow;
            request.Now = now;
            var token = DevelopmentTokens.Mint(run.PkiDirectory, request);
            if (run.Json)
            {
                run.Context.WriteJson(new Dictionary<string, object>
                {
                    ["token"] = token,
                    ["issuer"] = request.Issuer,
                    ["audience"] = request.Audience,
                    ["subject"] = request.Subject,
                    ["roles"] = request.Roles,
                    ["departments"] = request.Departments,
                    ["expires"] = now.AddMinutes(lifetime).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                });
            }
            else
            {
                run.Output.WriteLine(token);
            }

            return ExitCodes.Ok;
        }));
        yield return command;
    }
}
