using Google.Protobuf;
using Trust.Core.Grants;
using Trust.Core.Keys;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Core.Services;
using Grpc.Net.Client;
using Trust.Grpc.Security;
using Trust.Grpc.V1;
using Trust.Storage;
using CoreServiceItem = Trust.Core.Services.ServiceItem;

namespace Trust.Grpc.Tests;

/// <summary>
/// Shared arrangements of the grant tests: the service item used, licences and grants for a holder, and clients
/// authenticated as the roles that make them (issuer for licences, verifier = intake platform for grants, admin,
/// clerks with their own tokens).
/// </summary>
internal sealed class GrantTestKit : IDisposable
{
    private readonly ServerProcess _server;
    private readonly List<GrpcChannel> _owned = [];

    public GrantTestKit(ServerProcess server)
    {
        _server = server;
        Licences = new LicenceService.LicenceServiceClient(server.ChannelFor(TrustRoles.Issuer, Department));
        Grants = new GrantService.GrantServiceClient(server.ChannelFor(TrustRoles.Verifier));
        AdminGrants = new GrantService.GrantServiceClient(server.ChannelFor(TrustRoles.Admin));
    }

    /// <summary>Grant calls as the admin.</summary>
    public GrantService.GrantServiceClient AdminGrants { get; }

    /// <summary>A development token for a clerk: subject <paramref name="clerkId"/>, role clerk, the given departments.</summary>
    public string ClerkToken(string clerkId, params string[] departments)
    {
        var request = new Trust.Core.Pki.Development.DevelopmentTokenRequest { Subject = clerkId };
        request.Roles.Add(TrustRoles.Clerk);
        foreach (var department in departments)
        {
            request.Departments.Add(department);
        }

        return _server.MintToken(request);
    }

    /// <summary>Grant calls as the clerk <paramref name="clerkId"/> of <paramref name="departments"/>.</summary>
    public GrantService.GrantServiceClient ClerkGrants(string clerkId, params string[] departments)
    {
        var channel = _server.ChannelWithToken(ClerkToken(clerkId, departments));
        _owned.Add(channel);
        return new GrantService.GrantServiceClient(channel);
    }

    /// <summary>Grant calls with the given role.</summary>
    public GrantService.GrantServiceClient GrantsAs(string role) => new(_server.ChannelFor(role, Department));

    public void Dispose()
    {
        foreach (var channel in _owned)
        {
            channel.Dispose();
        }
    }

    /// <summary>A person item needing exactly one licence type (as the CLI tests use).</summary>
    public static CoreServiceItem Item { get; } = ServiceCatalog.Default.Items
        .First(i => i.HolderKind == HolderKind.Person && i.RequiredLicenceTypes.Count == 1 && i.Form.Count > 0
            && LicenceCatalog.Default.Get(i.RequiredLicenceTypes[0]).DepartmentKind == "PSB");

    /// <summary>Another item that serves persons.</summary>
    public static CoreServiceItem OtherItem { get; } = ServiceCatalog.Default.Items
        .First(i => i.HolderKind == HolderKind.Person && i.Code != Item.Code);

    public static LicenceType Type => LicenceCatalog.Default.Get(Item.RequiredLicenceTypes[0]);

    public LicenceService.LicenceServiceClient Licences { get; }

    public GrantService.GrantServiceClient Grants { get; }

    /// <summary>The department that issues <see cref="Type"/> (a public security type: the PKI's PSB).</summary>
    public string Department => DevelopmentPkiManifest.Load(_server.PkiDirectory).Departments.First(d => d.Code == "PSB").Code;

    /// <summary>A fresh valid resident ID number, so that tests do not see each other's licences.</summary>
    public static string NewHolderId()
    {
        var body = "110101" + "1990" + Random.Shared.Next(1, 13).ToString("00", System.Globalization.CultureInfo.InvariantCulture) +
            Random.Shared.Next(1, 29).ToString("00", System.Globalization.CultureInfo.InvariantCulture) + Random.Shared.Next(0, 1000).ToString("000", System.Globalization.CultureInfo.InvariantCulture);
        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * weights[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    public async Task<IssueLicenceResponse> IssueLicenceAsync(string holderId)
    {
        var fields = Type.ExampleFields();
        var request = new IssueLicenceRequest
        {
            Department = Department,
            TypeCode = Type.Code,
            HolderId = holderId,
            HolderName = fields[LicenceType.HolderNameField],
        };
        foreach (var (code, value) in fields)
        {
            if (code is not (LicenceType.HolderIdField or LicenceType.HolderNameField))
            {
                request.Fields.Add(code, value);
            }
        }

        return await Licences.IssueAsync(request);
    }

    public async Task<CreateGrantResponse> CreateGrantAsync(string holderId, string clerk = "clerk-1", bool singleUse = false, string department = "") =>
        await Grants.CreateGrantAsync(new CreateGrantRequest
        {
            HolderId = holderId,
            ServiceItem = Item.Code,
            Grantee = new V1.ClerkIdentity { ClerkId = clerk, Department = department },
            SingleUse = singleUse,
            ValidityMinutes = 30,
        });

    public static CheckGrantRequest Check(ByteString grant, string clerk = "clerk-1", string? item = null) =>
        new() { Grant = grant, ServiceItem = item ?? Item.Code, Clerk = new V1.ClerkIdentity { ClerkId = clerk } };

    /// <summary>
    /// A grant signed with the server's real grant-signing key as if issued at <paramref name="issuedAt"/>
    /// (to test expiry without waiting), recorded in the server's store.
    /// </summary>
    public async Task<SignedGrant> GrantIssuedAtAsync(string holderId, DateTimeOffset issuedAt, int minutes)
    {
        var manifest = DevelopmentPkiManifest.Load(_server.PkiDirectory);
        var entry = manifest.FindKey("grant-signing")!;
        using var key = PrivateKeyPem.LoadFile(Path.Combine(_server.PkiDirectory, entry.Key), DevelopmentPki.ResolvePassphrase(), out _);
        var chain = CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, entry.Certificate));
        await using var store = await TrustStores.OpenAsync(_server.StoreSpec);
        var issuer = new GrantIssuer(new GrantIssuerOptions { SigningKey = key, CertificateChain = [.. chain], Actor = "test" }, store, timeProvider: new FixedTime(issuedAt));
        return await issuer.IssueAsync(new GrantIssueRequest(holderId, Item.Code) { ClerkId = "clerk-1", ValidityMinutes = minutes });
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
