using System.Text.Json;
using Trust.Core.Services;

namespace Trust.Cli.Tests;

public sealed class GrantsServiceListTests
{
    [Fact]
    public void Service_list_json_has_every_item_in_the_brief_shape()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = Program.Run(["service", "list", "--json"], output, error);
        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output.ToString());
        var items = json.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(ServiceCatalog.Default.Items.Count, items.Count);
        foreach (var item in items)
        {
            var expected = ServiceCatalog.Default.Get(item.GetProperty("code").GetString());
            Assert.Equal(expected.NameZh, item.GetProperty("name").GetString());
            Assert.Contains(item.GetProperty("holder").GetString(), new[] { "person", "organisation" });
            Assert.Equal(expected.LicenceTypes, item.GetProperty("licence_types").EnumerateArray().Select(t => t.GetString()!));
            Assert.Equal(expected.Form.Select(f => f.From), item.GetProperty("form").EnumerateArray().Select(f => f.GetProperty("from").GetString()!));
            Assert.All(item.GetProperty("form").EnumerateArray(), f => Assert.False(string.IsNullOrEmpty(f.GetProperty("field").GetString())));
        }
    }

    [Fact]
    public void Service_list_text_has_one_line_per_item()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, Program.Run(["service", "list"], output, error));
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(ServiceCatalog.Default.Items.Count, lines.Length);
    }
}
