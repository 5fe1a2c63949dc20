using Grpc.Core;
using Grpc.Net.Client;
using Trust.Core.Cose;
using Trust.Core.Grants;
using Trust.Core.Identifiers;
using Trust.Core.Keys;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Pki.Development;
using Trust.Grpc.V1;
using Trust.Storage;

namespace Trust.Web.Tests;

/// <summary>
/// Arrangements for the clerk page tests against the real server: tokens from the server's
/// development token key, business licences for fresh organisations, grants for the clerk.
/// </summary>
public sealed class ClerkTestKit : IDisposable
{
    /// <summary>The service item of the tests: employer provident fund registration (needs BL, accepts BAL; organisation).</summary>
    public const string Item = "HPF-008";

    /// <summary>Another organisation item (company change registration).</summary>
    public const string OtherItem = "SAMR-002";

    /// <summary>The clerk the grants are for.</summary>
    public const string ClerkId = "clerk-7";

    private readonly ClerkServer _server;
    private readonly GrpcChannel _admin;

    public ClerkTestKit(ClerkServer server)
    {
        _server = server;
        Departments = [.. DevelopmentPkiManifest.Load(server.PkiDirectory).Departments.Select(d => d.Code)];
        var admin = Token("admin", "setup");
        var credentials = CallCredentials.FromInterceptor((_, metadata) =>
        {
            metadata.Add("authorization", "Bearer " + admin);
            return Task.CompletedTask;
        });
        _admin = GrpcChannel.ForAddress($"http://127.0.0.1:{server.GrpcPort}", new GrpcChannelOptions
        {
            Credentials = ChannelCredentials.Create(ChannelCredentials.Insecure, credentials),
            UnsafeUseInsecureChannelCallCredentials = true,
        });
        Licences = new LicenceService.LicenceServiceClient(_admin);
        Grants = new GrantService.GrantServiceClient(_admin);
    }

    public IReadOnlyList<string> Departments { get; }

    public LicenceService.LicenceServiceClient Licences { get; }

    public GrantService.GrantServiceClient Grants { get; }

    /// <summary>A development bearer token for <paramref name="role"/>, subject <paramref name="subject"/>, in the first department.</summary>
    public string Token(string role, string subject = ClerkId)
    {
        var request = new DevelopmentTokenRequest { Subject = subject };
        request.Roles.Add(role);
        request.Departments.Add(Departments[0]);
        return DevelopmentTokens.Mint(_server.PkiDirectory, request);
    }

    /// <summary>The clerk's token.</summary>
    public string ClerkToken => Token("clerk");

    /// <summary>A fresh valid unified social credit code, so tests never see each other's licences.</summary>
    public static string NewOrganisationId()
    {
        const string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
        while (true)
        {
            var body = "91330106" + new string([.. Enumerable.Range(0, 9).Select(_ => alphabet[Random.Shared.Next(alphabet.Length)])]);
            foreach (var check in alphabet)
            {
                if (UnifiedSocialCreditCode.IsValid(body + check))
                {
                    return body + check;
                }
            }
        }
    }

    /// <summary>Issues a business licence (BL) to <paramref name="holderId"/> with the catalog's example fields.</summary>
    public async Task<IssueLicenceResponse> IssueBusinessLicenceAsync(string holderId, string name = "杭州示例科技有限公司")
    {
        var type = LicenceCatalog.Default.Get("BL");
        var request = new IssueLicenceRequest { Department = Departments[0], TypeCode = type.Code, HolderId = holderId, HolderName = name };
        foreach (var (code, value) in type.ExampleFields())
        {
            if (code is not (LicenceType.HolderIdField or LicenceType.HolderNameField))
            {
                request.Fields.Add(code, value);
            }
        }

        return await Licences.IssueAsync(request);
    }

    /// <summary>A grant for the clerk and <paramref name="item"/>, 30 minutes.</summary>
    public async Task<CreateGrantResponse> GrantAsync(string holderId, string item = Item) =>
        await Grants.CreateGrantAsync(new CreateGrantRequest
        {
            HolderId = holderId,
            ServiceItem = item,
            Grantee = new Trust.Grpc.V1.ClerkIdentity { ClerkId = ClerkId },
            ValidityMinutes = 30,
            Purpose = "单位住房公积金缴存登记",
        });

    /// <summary>A grant signed with the server's grant key as if issued two hours ago for one hour: expired.</summary>
    public Task<string> ExpiredGrantQrAsync(string holderId) =>
        SignGrantQrAsync(holderId, "grant-signing", DateTimeOffset.UtcNow.AddHours(-2));

    /// <summary>
    /// A forged grant: well formed, current, signed by the development PKI key <paramref name="keyId"/> whose certificate
    /// chains to the trust anchors but is not the grant service's (for example "seal-maker-sm2" or "tls-client").
    /// </summary>
    public Task<string> ForgedGrantQrAsync(string holderId, string keyId) =>
        SignGrantQrAsync(holderId, keyId, DateTimeOffset.UtcNow);

    private async Task<string> SignGrantQrAsync(string holderId, string keyId, DateTimeOffset issuedAt)
    {
        var manifest = DevelopmentPkiManifest.Load(_server.PkiDirectory);
        var entry = manifest.FindKey(keyId)!;
        using var key = PrivateKeyPem.LoadFile(Path.Combine(_server.PkiDirectory, entry.Key), DevelopmentPki.ResolvePassphrase(), out _);
        var chain = CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, entry.Certificate));
        await using var store = await TrustStores.OpenAsync("sqlite:" + _server.StorePath);
        var issuer = new GrantIssuer(
            new GrantIssuerOptions { SigningKey = key, CertificateChain = [.. chain], Actor = "test" },
            store,
            timeProvider: new FixedTime(issuedAt));
        var grant = await issuer.IssueAsync(new GrantIssueRequest(holderId, Item) { ClerkId = ClerkId, ValidityMinutes = 60 });
        return grant.ToQrText();
    }

    /// <summary>
    /// Replaces the signed bytes of licence <paramref name="licenceId"/> in the server's store by the same payload re-signed
    /// with the development PKI key <paramref name="keyId"/> (a key that chains to the trust anchors but may not issue
    /// licences): a store row written by someone who got hold of a TLS key.
    /// </summary>
    public void ReplaceStoredLicenceSignature(string licenceId, byte[] signedLicence, string keyId)
    {
        var genuine = SignedLicence.Decode(signedLicence);
        var manifest = DevelopmentPkiManifest.Load(_server.PkiDirectory);
        var entry = manifest.FindKey(keyId)!;
        using var key = PrivateKeyPem.LoadFile(Path.Combine(_server.PkiDirectory, entry.Key), DevelopmentPki.ResolvePassphrase(), out _);
        var leaf = CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, entry.Certificate))[0];
        var ca = CertificatePem.LoadFile(Path.Combine(_server.PkiDirectory, manifest.FindAuthority(entry.Issuer)!.Certificate))[0];
        var forged = CoseSign1.Sign(key, key.DefaultAlgorithm, genuine.Message.Payload, SignedLicence.ContentType, key.PublicKey.Thumbprint(), [leaf, ca]);

        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=" + _server.StorePath);
        connection.Open();
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE licences SET signed = $signed WHERE id = $id";
        update.Parameters.AddWithValue("$signed", forged);
        update.Parameters.AddWithValue("$id", licenceId);
        if (update.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException("licence " + licenceId + " is not in the store");
        }
    }

    public void Dispose() => _admin.Dispose();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
