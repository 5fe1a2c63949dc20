using Grpc.Core;
using Trust.Grpc.Security;
using Trust.Grpc.V1;

namespace Trust.Grpc.Tests;

/// <summary>Who may call which GrantService method, and that a clerk checks grants only as itself.</summary>
public sealed class GrantAuthorisationEndToEndTests : IClassFixture<ServerProcess>, IDisposable
{
    private readonly ServerProcess _server;
    private readonly GrantTestKit _kit;

    public GrantAuthorisationEndToEndTests(ServerProcess server)
    {
        _server = server;
        _kit = new GrantTestKit(server);
    }

    public void Dispose() => _kit.Dispose();

    private string Department => _kit.Department;

    [Fact]
    public async Task Clerk_checks_as_itself_from_its_token_without_stating_who_it_is()
    {
        var holder = GrantTestKit.NewHolderId();
        await _kit.IssueLicenceAsync(holder);
        var grant = await _kit.CreateGrantAsync(holder, clerk: "clerk-a");

        var asClerk = await _kit.ClerkGrants("clerk-a", Department).CheckGrantAsync(new CheckGrantRequest { ShortCode = grant.ShortCode, ServiceItem = GrantTestKit.Item.Code });
        Assert.True(asClerk.Allowed, string.Join(",", asClerk.Reasons));
        Assert.True(asClerk.Complete);

        var otherClerk = await _kit.ClerkGrants("clerk-b", Department).CheckGrantAsync(new CheckGrantRequest { Grant = grant.Grant, ServiceItem = GrantTestKit.Item.Code });
        Assert.Equal(["grant.wrong_grantee"], otherClerk.Reasons);
    }

    [Fact]
    public async Task Clerk_cannot_claim_to_be_another_clerk_or_department()
    {
        var grant = await _kit.CreateGrantAsync(GrantTestKit.NewHolderId(), clerk: "clerk-a");
        var mallory = _kit.ClerkGrants("clerk-m", Department);

        var forged = await Assert.ThrowsAsync<RpcException>(() => mallory.CheckGrantAsync(GrantTestKit.Check(grant.Grant, clerk: "clerk-a")).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, forged.StatusCode);
        Assert.Contains("clerk.clerk_id", forged.Status.Detail, StringComparison.Ordinal);

        var otherDepartment = await Assert.ThrowsAsync<RpcException>(() => mallory.CheckGrantAsync(new CheckGrantRequest
        {
            Grant = grant.Grant,
            ServiceItem = GrantTestKit.Item.Code,
            Clerk = new V1.ClerkIdentity { Department = "ELSEWHERE" },
        }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, otherDepartment.StatusCode);
        Assert.Contains("clerk.department", otherDepartment.Status.Detail, StringComparison.Ordinal);

        // In a batch the forged item is refused on its own; the refusal is audited.
        var batch = new CheckGrantBatchRequest();
        batch.Checks.Add(GrantTestKit.Check(grant.Grant, clerk: "clerk-a"));
        var response = await mallory.CheckGrantBatchAsync(batch);
        Assert.Equal((int)StatusCode.PermissionDenied, response.Items[0].Error.Code);
        Assert.True(await _server.CountAsync("SELECT COUNT(*) FROM audit_log WHERE action = 'access.denied' AND actor = 'clerk-m'") >= 2);
    }

    [Fact]
    public async Task Department_grant_is_allowed_for_any_clerk_of_that_department_only()
    {
        var holder = GrantTestKit.NewHolderId();
        await _kit.IssueLicenceAsync(holder);
        var grant = await _kit.CreateGrantAsync(holder, clerk: "", department: Department);

        var ours = await _kit.ClerkGrants("clerk-x", Department).CheckGrantAsync(new CheckGrantRequest { Grant = grant.Grant, ServiceItem = GrantTestKit.Item.Code });
        Assert.True(ours.Allowed, string.Join(",", ours.Reasons));
        var theirs = await _kit.ClerkGrants("clerk-y", _server.Departments.First(d => d != Department)).CheckGrantAsync(new CheckGrantRequest { Grant = grant.Grant, ServiceItem = GrantTestKit.Item.Code });
        Assert.Equal(["grant.wrong_grantee"], theirs.Reasons);
    }

    [Fact]
    public async Task Roles_are_enforced_per_method()
    {
        var create = new CreateGrantRequest { HolderId = GrantTestKit.NewHolderId(), ServiceItem = GrantTestKit.Item.Code, Grantee = new V1.ClerkIdentity { ClerkId = "c" } };
        var clerk = _kit.ClerkGrants("clerk-a", Department);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => clerk.CreateGrantAsync(create).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => _kit.GrantsAs(TrustRoles.Issuer).CreateGrantAsync(create).ResponseAsync)).StatusCode);
        var grant = await _kit.AdminGrants.CreateGrantAsync(create);

        var revoke = new RevokeGrantRequest { GrantId = grant.GrantId, Reason = "test" };
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => clerk.RevokeGrantAsync(revoke).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => _kit.GrantsAs(TrustRoles.Issuer).RevokeGrantAsync(revoke).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, (await Assert.ThrowsAsync<RpcException>(() => _kit.GrantsAs(TrustRoles.Sealer).CheckGrantAsync(GrantTestKit.Check(grant.Grant)).ResponseAsync)).StatusCode);

        var anonymous = new GrantService.GrantServiceClient(_server.Channel);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => anonymous.CheckGrantAsync(GrantTestKit.Check(grant.Grant)).ResponseAsync)).StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => anonymous.ListServiceItemsAsync(new ListServiceItemsRequest()).ResponseAsync)).StatusCode);

        Assert.NotEmpty((await clerk.ListServiceItemsAsync(new ListServiceItemsRequest { PageSize = 3 })).Items);
        Assert.NotEmpty((await _kit.GrantsAs(TrustRoles.Sealer).ListServiceItemsAsync(new ListServiceItemsRequest { PageSize = 3 })).Items);
        Assert.True((await _kit.Grants.RevokeGrantAsync(revoke)).Revoked); // the platform (verifier) withdraws it
    }
}
