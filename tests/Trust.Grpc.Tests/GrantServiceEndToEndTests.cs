using Google.Protobuf;
using Grpc.Core;
using Trust.Core.Grants;
using Trust.Grpc.V1;
using Trust.Storage;

namespace Trust.Grpc.Tests;

/// <summary>trust.v1.GrantService end to end against a real server process (see <see cref="ServerProcess"/>).</summary>
public sealed class GrantServiceEndToEndTests : IClassFixture<ServerProcess>, IDisposable
{
    private readonly ServerProcess _server;
    private readonly GrantTestKit _kit;

    public GrantServiceEndToEndTests(ServerProcess server)
    {
        _server = server;
        _kit = new GrantTestKit(server);
    }

    private GrantService.GrantServiceClient Grants => _kit.Grants;

    public void Dispose() => _kit.Dispose();

    [Fact]
    public async Task Created_grant_is_allowed_for_its_clerk_and_fills_the_form()
    {
        var holder = GrantTestKit.NewHolderId();
        var licence = await _kit.IssueLicenceAsync(holder);
        var grant = await _kit.CreateGrantAsync(holder);
        Assert.Matches("^[0-9A-F]{32}$", grant.GrantId);
        Assert.StartsWith("TG1:", grant.QrText, StringComparison.Ordinal);
        Assert.Matches("^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$", grant.ShortCode);
        Assert.DoesNotContain(holder, grant.HolderMasked, StringComparison.Ordinal);
        Assert.Equal(holder[..4], grant.HolderMasked[..4]);

        var result = await Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant));

        Assert.True(result.Allowed, string.Join(",", result.Reasons));
        Assert.Equal("allowed", result.Verdict);
        Assert.Empty(result.Reasons);
        Assert.Equal(grant.GrantId, result.GrantId);
        Assert.Equal(GrantTestKit.Item.Code, result.ServiceItem);
        Assert.Equal(grant.HolderMasked, result.HolderMasked);
        Assert.True(result.Complete);
        Assert.Equal(GrantTestKit.Item.LicenceTypes, result.Licences.Select(l => l.Type));
        var found = Assert.Single(result.Licences, l => l.Type == GrantTestKit.Type.Code);
        Assert.True(found.Found);
        Assert.True(found.Required);
        Assert.Equal("valid", found.Verdict);
        Assert.Equal(licence.LicenceId, found.LicenceId);
        Assert.Equal(_kit.Department, found.Department);
        Assert.NotNull(found.ValidFrom);
        var expectedFields = GrantTestKit.Item.FormFieldsFrom(GrantTestKit.Type.Code);
        Assert.NotEmpty(found.Form);
        Assert.Equal(found.Form.Count, found.FormFields.Count);
        Assert.All(found.FormFields, f => Assert.Equal(found.Form[f.Field], f.Value));
        Assert.All(found.FormFields, f => Assert.Contains(expectedFields, m => m.Field == f.Field && m.LabelZh == f.LabelZh));
    }

    [Fact]
    public async Task Grant_is_found_by_qr_text_and_by_its_short_code_typed_loosely()
    {
        var holder = GrantTestKit.NewHolderId();
        await _kit.IssueLicenceAsync(holder);
        var grant = await _kit.CreateGrantAsync(holder);

        var byQr = await Grants.CheckGrantAsync(new CheckGrantRequest { QrText = grant.QrText, ServiceItem = GrantTestKit.Item.Code, Clerk = new V1.ClerkIdentity { ClerkId = "clerk-1" } });
        Assert.True(byQr.Allowed);

        var typed = grant.ShortCode.Replace("-", " ", StringComparison.Ordinal).ToLowerInvariant();
        var byCode = await Grants.CheckGrantAsync(new CheckGrantRequest { ShortCode = typed, ServiceItem = GrantTestKit.Item.Code, Clerk = new V1.ClerkIdentity { ClerkId = "clerk-1" } });
        Assert.True(byCode.Allowed);
        Assert.Equal(grant.GrantId, byCode.GrantId);
    }

    [Fact]
    public async Task Wrong_clerk_and_wrong_service_item_are_denied_with_their_reason_and_no_data()
    {
        var holder = GrantTestKit.NewHolderId();
        await _kit.IssueLicenceAsync(holder);
        var grant = await _kit.CreateGrantAsync(holder);

        var otherClerk = await Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant, clerk: "clerk-2"));
        Assert.False(otherClerk.Allowed);
        Assert.Equal("denied", otherClerk.Verdict);
        Assert.Equal(["grant.wrong_grantee"], otherClerk.Reasons);
        Assert.Empty(otherClerk.Licences);
        Assert.Equal("", otherClerk.HolderMasked);

        var otherItem = await Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant, item: GrantTestKit.OtherItem.Code));
        Assert.False(otherItem.Allowed);
        Assert.Equal(["grant.wrong_service_item"], otherItem.Reasons);
        Assert.Empty(otherItem.Licences);
    }

    [Fact]
    public async Task Expired_and_not_yet_valid_grants_are_denied()
    {
        var holder = GrantTestKit.NewHolderId();
        await _kit.IssueLicenceAsync(holder);
        var expired = await _kit.GrantIssuedAtAsync(holder, DateTimeOffset.UtcNow.AddHours(-2), 30);
        var result = await Grants.CheckGrantAsync(GrantTestKit.Check(ByteString.CopyFrom(expired.Encoded.Span)));
        Assert.False(result.Allowed);
        Assert.Equal(["grant.expired"], result.Reasons);

        var future = await _kit.GrantIssuedAtAsync(holder, DateTimeOffset.UtcNow.AddHours(2), 30);
        var early = await Grants.CheckGrantAsync(GrantTestKit.Check(ByteString.CopyFrom(future.Encoded.Span)));
        Assert.Equal(["grant.issued_in_future", "grant.not_yet_valid"], early.Reasons); // issued by a clock two hours ahead
    }

    [Fact]
    public async Task Revoked_grant_is_denied_and_revoking_twice_is_a_failed_precondition()
    {
        var holder = GrantTestKit.NewHolderId();
        await _kit.IssueLicenceAsync(holder);
        var grant = await _kit.CreateGrantAsync(holder);
        Assert.True((await Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant))).Allowed);

        var revoked = await _kit.AdminGrants.RevokeGrantAsync(new RevokeGrantRequest { GrantId = grant.GrantId.ToLowerInvariant(), Reason = "holder withdrew consent" });
        Assert.True(revoked.Revoked);
        Assert.Equal(grant.GrantId, revoked.GrantId);

        var after = await Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant));
        Assert.False(after.Allowed);
        Assert.Equal(["grant.revoked"], after.Reasons);

        var again = await Assert.ThrowsAsync<RpcException>(() => _kit.AdminGrants.RevokeGrantAsync(new RevokeGrantRequest { GrantId = grant.GrantId }).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, again.StatusCode);
        Assert.StartsWith("grant_id:", again.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoked_licence_shows_as_revoked_without_form_values_and_the_check_is_incomplete()
    {
        var holder = GrantTestKit.NewHolderId();
        var licence = await _kit.IssueLicenceAsync(holder);
        await _kit.Licences.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = licence.LicenceId, Reason = "test" });
        var grant = await _kit.CreateGrantAsync(holder);

        var result = await Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant));

        Assert.True(result.Allowed); // the grant itself is fine; the licence it reaches is not
        Assert.False(result.Complete);
        var entry = Assert.Single(result.Licences, l => l.Type == GrantTestKit.Type.Code);
        Assert.True(entry.Found);
        Assert.Equal("revoked", entry.Verdict);
        Assert.Contains("status.revoked", entry.Reasons);
        Assert.Empty(entry.Form);
        Assert.Empty(entry.FormFields);
    }

    [Fact]
    public async Task Missing_licence_is_reported_missing()
    {
        var holder = GrantTestKit.NewHolderId();
        var grant = await _kit.CreateGrantAsync(holder);
        var result = await Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant));
        Assert.True(result.Allowed);
        Assert.False(result.Complete);
        Assert.All(result.Licences, l => Assert.Equal("missing", l.Verdict));
        Assert.All(result.Licences, l => Assert.False(l.Found));
    }

    [Fact]
    public async Task Single_use_grant_is_allowed_once_then_denied_as_already_used()
    {
        var holder = GrantTestKit.NewHolderId();
        await _kit.IssueLicenceAsync(holder);
        var grant = await _kit.CreateGrantAsync(holder, singleUse: true);

        // A denied check (wrong clerk) consumes nothing.
        Assert.False((await Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant, clerk: "clerk-2"))).Allowed);
        var first = await Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant));
        Assert.True(first.Allowed);
        Assert.True(first.SingleUse);
        var second = await Grants.CheckGrantAsync(GrantTestKit.Check(grant.Grant));
        Assert.False(second.Allowed);
        Assert.Equal(["grant.already_used"], second.Reasons);
    }

    [Fact]
    public async Task Tampered_grant_is_denied_and_the_check_is_audited()
    {
        var holder = GrantTestKit.NewHolderId();
        var grant = await _kit.CreateGrantAsync(holder);
        var bytes = grant.Grant.ToByteArray();
        bytes[bytes.Length - 10] ^= 0x01; // inside the signature

        var result = await Grants.CheckGrantAsync(GrantTestKit.Check(ByteString.CopyFrom(bytes)));

        Assert.False(result.Allowed);
        Assert.Single(result.Reasons, r => r is "grant.signature_invalid" or "grant.malformed");
        var garbage = await Grants.CheckGrantAsync(GrantTestKit.Check(ByteString.CopyFromUtf8("not a grant")));
        Assert.Equal(["grant.malformed"], garbage.Reasons);

        await using var store = await TrustStores.OpenAsync(_server.StoreSpec);
        var checks = new List<Trust.Core.Storage.AuditEntry>();
        await foreach (var entry in store.ReadAsync())
        {
            if (entry.Action == "grant.check" && entry.Subject == grant.GrantId)
            {
                checks.Add(entry);
            }
        }

        Assert.Contains(checks, e => e.Details.Contains("denied", StringComparison.Ordinal) && e.Actor == "clerk-1");
        Assert.DoesNotContain(checks, e => e.Details.Contains(holder, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Batch_checks_each_item_and_reports_unusable_items_without_failing()
    {
        var holder = GrantTestKit.NewHolderId();
        await _kit.IssueLicenceAsync(holder);
        var grant = await _kit.CreateGrantAsync(holder);
        var request = new CheckGrantBatchRequest();
        request.Checks.Add(GrantTestKit.Check(grant.Grant));
        request.Checks.Add(GrantTestKit.Check(grant.Grant, clerk: "clerk-2"));
        request.Checks.Add(new CheckGrantRequest { ServiceItem = GrantTestKit.Item.Code, Clerk = new V1.ClerkIdentity { ClerkId = "clerk-1" } });
        request.Checks.Add(new CheckGrantRequest { ShortCode = "0000-0000-0000", ServiceItem = GrantTestKit.Item.Code, Clerk = new V1.ClerkIdentity { ClerkId = "clerk-1" } });
        request.Checks.Add(GrantTestKit.Check(grant.Grant));

        var response = await Grants.CheckGrantBatchAsync(request);

        Assert.Equal([0, 1, 2, 3, 4], response.Items.Select(i => i.Index));
        Assert.True(response.Items[0].Result.Allowed);
        Assert.Equal(["grant.wrong_grantee"], response.Items[1].Result.Reasons);
        Assert.Equal((int)StatusCode.InvalidArgument, response.Items[2].Error.Code);
        Assert.StartsWith("checks[2].grant:", response.Items[2].Error.Message, StringComparison.Ordinal);
        Assert.False(response.Items[2].Result.Allowed);
        Assert.NotNull(response.Items[3].Error);
        Assert.StartsWith("checks[3].short_code:", response.Items[3].Error.Message, StringComparison.Ordinal);
        Assert.True(response.Items[4].Result.Allowed);
        Assert.Null(response.Items[0].Error);
    }

    [Fact]
    public async Task Batch_over_the_maximum_is_an_invalid_argument()
    {
        var request = new CheckGrantBatchRequest();
        for (var i = 0; i <= ServerProcess.MaxBatchSize; i++)
        {
            request.Checks.Add(GrantTestKit.Check(ByteString.CopyFromUtf8("x")));
        }

        var ex = await Assert.ThrowsAsync<RpcException>(() => Grants.CheckGrantBatchAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith("checks:", ex.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(ServerProcess.MaxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Status.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("holder_id", "", "ITEM", "clerk-1", 30)]
    [InlineData("holder_id", "110101199001011230", "ITEM", "clerk-1", 30)]
    [InlineData("service_item", "HOLDER", "NO-SUCH", "clerk-1", 30)]
    [InlineData("service_item", "HOLDER", "", "clerk-1", 30)]
    [InlineData("grantee", "HOLDER", "ITEM", "", 30)]
    [InlineData("grantee.clerk", "HOLDER", "ITEM", "bad clerk!", 30)]
    [InlineData("validity_minutes", "HOLDER", "ITEM", "clerk-1", 2000)]
    [InlineData("validity_minutes", "HOLDER", "ITEM", "clerk-1", -5)]
    public async Task Bad_create_requests_are_invalid_arguments_naming_the_field(string field, string holder, string item, string clerk, int minutes)
    {
        var request = new CreateGrantRequest
        {
            HolderId = holder == "HOLDER" ? GrantTestKit.NewHolderId() : holder,
            ServiceItem = item == "ITEM" ? GrantTestKit.Item.Code : item,
            Grantee = new V1.ClerkIdentity { ClerkId = clerk },
            ValidityMinutes = minutes,
        };
        var ex = await Assert.ThrowsAsync<RpcException>(() => Grants.CreateGrantAsync(request).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, ex.StatusCode);
        Assert.StartsWith(field, ex.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", ex.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_check_requests_are_invalid_arguments_naming_the_field_and_unknown_codes_not_found()
    {
        var grant = await _kit.CreateGrantAsync(GrantTestKit.NewHolderId());
        async Task<RpcException> Fails(CheckGrantRequest r) => await Assert.ThrowsAsync<RpcException>(() => Grants.CheckGrantAsync(r).ResponseAsync);

        var noGrant = await Fails(new CheckGrantRequest { ServiceItem = GrantTestKit.Item.Code, Clerk = new V1.ClerkIdentity { ClerkId = "c" } });
        Assert.Equal(StatusCode.InvalidArgument, noGrant.StatusCode);
        Assert.StartsWith("grant:", noGrant.Status.Detail, StringComparison.Ordinal);

        var noItem = await Fails(GrantTestKit.Check(grant.Grant, item: ""));
        Assert.StartsWith("service_item:", noItem.Status.Detail, StringComparison.Ordinal);

        var noClerk = await Fails(new CheckGrantRequest { Grant = grant.Grant, ServiceItem = GrantTestKit.Item.Code });
        Assert.StartsWith("clerk.clerk_id:", noClerk.Status.Detail, StringComparison.Ordinal);

        var badQr = await Fails(new CheckGrantRequest { QrText = "TG1:%%%", ServiceItem = GrantTestKit.Item.Code, Clerk = new V1.ClerkIdentity { ClerkId = "c" } });
        Assert.StartsWith("qr_text:", badQr.Status.Detail, StringComparison.Ordinal);

        // The layer that failed and the character offset survive into the detail (docs/input-decisions.md).
        Assert.StartsWith("qr_text: qr.base45:", badQr.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("offset 4", badQr.Status.Detail, StringComparison.Ordinal);

        // One character changed: the check character catches it before the store is asked.
        var code = grant.ShortCode.ToCharArray();
        code[0] = code[0] == '1' ? '2' : '1';
        var mistyped = await Fails(new CheckGrantRequest { ShortCode = new string(code), ServiceItem = GrantTestKit.Item.Code, Clerk = new V1.ClerkIdentity { ClerkId = "c" } });
        Assert.Equal(StatusCode.InvalidArgument, mistyped.StatusCode);
        Assert.StartsWith("short_code:", mistyped.Status.Detail, StringComparison.Ordinal);

        var unknown = GrantShortCode.Format(GrantShortCode.Generate());
        var notFound = await Fails(new CheckGrantRequest { ShortCode = unknown, ServiceItem = GrantTestKit.Item.Code, Clerk = new V1.ClerkIdentity { ClerkId = "c" } });
        Assert.Equal(StatusCode.NotFound, notFound.StatusCode);

        var tooBig = await Fails(GrantTestKit.Check(ByteString.CopyFrom(new byte[SignedGrant.MaxBytes + 1])));
        Assert.StartsWith("grant:", tooBig.Status.Detail, StringComparison.Ordinal);

        var badRevoke = await Assert.ThrowsAsync<RpcException>(() => _kit.AdminGrants.RevokeGrantAsync(new RevokeGrantRequest { GrantId = "xyz" }).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, badRevoke.StatusCode);
        Assert.StartsWith("grant_id:", badRevoke.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Service_items_are_found_by_code_and_names_and_paged()
    {
        var item = GrantTestKit.Item;
        var byCode = await Grants.ListServiceItemsAsync(new ListServiceItemsRequest { Query = item.Code.ToLowerInvariant() });
        Assert.Equal(item.Code, byCode.Items[0].Code);
        Assert.Equal(item.NameZh, byCode.Items[0].NameZh);
        Assert.Equal("person", byCode.Items[0].Holder);
        Assert.Equal(item.RequiredLicenceTypes, byCode.Items[0].RequiredLicenceTypes);
        Assert.Equal(item.Form.Count, byCode.Items[0].Form.Count);

        var byChinese = await Grants.ListServiceItemsAsync(new ListServiceItemsRequest { Query = item.NameZh });
        Assert.Contains(byChinese.Items, i => i.Code == item.Code);
        var byEnglish = await Grants.ListServiceItemsAsync(new ListServiceItemsRequest { Query = item.NameEn.ToUpperInvariant() });
        Assert.Contains(byEnglish.Items, i => i.Code == item.Code);

        var seen = new List<string>();
        var request = new ListServiceItemsRequest { PageSize = 100 };
        ListServiceItemsResponse page;
        do
        {
            page = await Grants.ListServiceItemsAsync(request);
            seen.AddRange(page.Items.Select(i => i.Code));
            request.PageToken = page.NextPageToken;
        }
        while (page.NextPageToken.Length > 0);
        Assert.Equal(Trust.Core.Services.ServiceCatalog.Default.Items.Count, seen.Distinct().Count());
        Assert.Equal(seen.Count, page.TotalSize);

        var badSize = await Assert.ThrowsAsync<RpcException>(() => Grants.ListServiceItemsAsync(new ListServiceItemsRequest { PageSize = 1000 }).ResponseAsync);
        Assert.StartsWith("page_size:", badSize.Status.Detail, StringComparison.Ordinal);
        var badToken = await Assert.ThrowsAsync<RpcException>(() => Grants.ListServiceItemsAsync(new ListServiceItemsRequest { PageToken = "abc" }).ResponseAsync);
        Assert.StartsWith("page_token:", badToken.Status.Detail, StringComparison.Ordinal);
        var longQuery = await Assert.ThrowsAsync<RpcException>(() => Grants.ListServiceItemsAsync(new ListServiceItemsRequest { Query = new string('x', 65) }).ResponseAsync);
        Assert.StartsWith("query:", longQuery.Status.Detail, StringComparison.Ordinal);
    }
}
