using System.Text.Json;
using Trust.Core.Licences;
using Trust.Core.Services;

namespace Trust.Cli.Tests;

/// <summary><c>trust grant create|check|revoke</c> against the shared small PKI, each test with its own store.</summary>
[Collection(CliPkiCollection.Name)]
public sealed class GrantCommandTests(CliPkiFixture pki) : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static readonly ServiceItem Item = ServiceCatalog.Default.Items
        .First(i => i.HolderKind == HolderKind.Person && i.RequiredLicenceTypes.Count == 1
            && LicenceCatalog.Default.Get(i.RequiredLicenceTypes[0]).DepartmentKind == "PSB");

    private static LicenceType Type => LicenceCatalog.Default.Get(Item.RequiredLicenceTypes[0]);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Created_grant_is_allowed_for_its_clerk_and_fills_the_form()
    {
        IssueLicence();
        var grant = CreateGrant("--grantee", "clerk-1");

        var result = Run("grant", "check", grant, "--service", Item.Code, "--grantee", "clerk-1", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var root = JsonDocument.Parse(result.Output).RootElement;
        Assert.Equal("allowed", root.GetProperty("verdict").GetString());
        var licences = root.GetProperty("licences").EnumerateArray().ToList();
        Assert.All(licences, l => Assert.True(Item.Uses(l.GetProperty("type").GetString()!)));
        var licence = Assert.Single(licences, l => l.GetProperty("type").GetString() == Type.Code);
        Assert.True(licence.GetProperty("found").GetBoolean());
        Assert.Equal("valid", licence.GetProperty("verdict").GetString());
        Assert.Equal(Item.Form.Count(f => f.LicenceType == Type.Code), licence.GetProperty("form").EnumerateObject().Count());
    }

    [Fact]
    public void Another_clerk_or_another_service_item_is_denied_with_its_reason()
    {
        IssueLicence();
        var grant = CreateGrant("--grantee", "clerk-1");

        var otherClerk = Run("grant", "check", grant, "--service", Item.Code, "--grantee", "clerk-2", "--json");
        Assert.Equal(1, otherClerk.ExitCode);
        Assert.Contains("grant.wrong_grantee", otherClerk.Output);

        var otherItem = ServiceCatalog.Default.Items.First(i => i.Code != Item.Code).Code;
        var wrongItem = Run("grant", "check", grant, "--service", otherItem, "--grantee", "clerk-1", "--json");
        Assert.Equal(1, wrongItem.ExitCode);
        Assert.Contains("grant.wrong_service_item", wrongItem.Output);
        Assert.Equal("denied", JsonDocument.Parse(wrongItem.Output).RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public void Single_use_grant_is_used_once_and_a_revoked_grant_is_denied()
    {
        IssueLicence();
        var single = CreateGrant("--grantee", "clerk-1", "--single-use");
        Assert.Equal(0, Run("grant", "check", single, "--service", Item.Code, "--grantee", "clerk-1").ExitCode);
        var again = Run("grant", "check", single, "--service", Item.Code, "--grantee", "clerk-1", "--json");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("grant.already_used", again.Output);

        var grant = CreateGrant("--grantee", "clerk-1");
        var id = JsonDocument.Parse(Run("grant", "check", grant, "--service", Item.Code, "--grantee", "clerk-1", "--json").Output).RootElement.GetProperty("grant").GetString()!;
        var revoke = Run("grant", "revoke", id, "--reason", "holder withdrew consent");
        Assert.True(revoke.ExitCode == 0, revoke.ToString());
        var revoked = Run("grant", "check", grant, "--service", Item.Code, "--grantee", "clerk-1", "--json");
        Assert.Equal(1, revoked.ExitCode);
        Assert.Contains("grant.revoked", revoked.Output);
    }

    [Fact]
    public void Tampered_grant_is_denied_and_bad_input_exits_2_writing_nothing()
    {
        var grant = CreateGrant("--grantee", "clerk-1");
        var bytes = File.ReadAllBytes(grant);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(grant, bytes);
        var tampered = Run("grant", "check", grant, "--service", Item.Code, "--grantee", "clerk-1", "--json");
        Assert.Equal(1, tampered.ExitCode);
        Assert.Equal("denied", JsonDocument.Parse(tampered.Output).RootElement.GetProperty("verdict").GetString());

        var output = _temp.File("never.grant");
        var badTtl = Run("grant", "create", "--holder", Type.ExampleHolderId, "--grantee", "c", "--service", Item.Code, "--ttl", "3d", "--out", output);
        Assert.Equal(2, badTtl.ExitCode);
        Assert.Contains("--ttl", badTtl.Error);
        var badHolder = Run("grant", "create", "--holder", "110101199001011230", "--grantee", "c", "--service", Item.Code, "--out", output);
        Assert.Equal(2, badHolder.ExitCode);
        var badItem = Run("grant", "create", "--holder", Type.ExampleHolderId, "--grantee", "c", "--service", "NO-SUCH", "--out", output);
        Assert.Equal(2, badItem.ExitCode);
        Assert.Contains("--service", badItem.Error);
        Assert.False(File.Exists(output));
        Assert.Equal(2, Run("grant", "check", _temp.File("missing.grant"), "--service", Item.Code, "--grantee", "c").ExitCode);
    }

    private CliResult Run(params string[] args) =>
        CliRunner.Run([.. args, "--pki", pki.Directory, "--store", _temp.Path]);

    private void IssueLicence()
    {
        var fields = Type.ExampleFields();
        var args = new List<string> { "license", "issue", "--type", Type.Code, "--holder", Type.ExampleHolderId, "--holder-name", fields[LicenceType.HolderNameField], "--field" };
        args.AddRange(fields.Where(f => f.Key is not (LicenceType.HolderNameField or LicenceType.HolderIdField)).Select(f => $"{f.Key}={f.Value}"));
        args.AddRange(["--department", "PSB", "--out", _temp.File(Guid.NewGuid().ToString("N") + ".lic")]);
        var result = Run([.. args]);
        Assert.True(result.ExitCode == 0, result.ToString());
    }

    private string CreateGrant(params string[] extra)
    {
        var path = _temp.File(Guid.NewGuid().ToString("N") + ".grant");
        var result = Run(["grant", "create", "--holder", Type.ExampleHolderId, "--service", Item.Code, "--ttl", "30m", "--out", path, .. extra]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return path;
    }
}
