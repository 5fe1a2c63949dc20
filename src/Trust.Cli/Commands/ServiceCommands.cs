using System.CommandLine;
using Trust.Core.Licences;
using Trust.Core.Services;

namespace Trust.Cli.Commands;

/// <summary><c>trust service ...</c>: the government service-item catalog.</summary>
internal static class ServiceCommands
{
    internal static IEnumerable<Command> Create(CliContext context)
    {
        var service = new Command("service", "Government service items that accept electronic licences.");
        service.Add(List(context));
        yield return service;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "List the service items: code, name, holder kind, licence types and form sources.");
        command.SetAction(parse => context.Execute(parse, run =>
        {
            var items = ServiceCatalog.Default.Items;
            if (run.Json)
            {
                run.Context.WriteJson(new
                {
                    items = items.Select(i => new
                    {
                        code = i.Code,
                        name = i.NameZh,
                        name_en = i.NameEn,
                        holder = i.HolderKind == HolderKind.Person ? "person" : "organisation",
                        licence_types = i.LicenceTypes,
                        required = i.RequiredLicenceTypes,
                        form = i.Form.Select(f => new { field = f.Field, from = f.From, transform = f.Transform.ToString() }),
                    }),
                });
                return 0;
            }

            foreach (var item in items)
            {
                var holder = item.HolderKind == HolderKind.Person ? "person" : "organisation";
                run.Output.WriteLine($"{item.Code}\t{holder}\t{item.NameZh} ({item.NameEn})\t{string.Join(",", item.LicenceTypes)}\t{item.Form.Count} form fields");
            }

            return 0;
        }));
        return command;
    }
}
