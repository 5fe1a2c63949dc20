using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grpc.Health.V1;

namespace Trust.Grpc.Tests;

/// <summary>The JSON API (HTTP/JSON transcoding) over HTTP/1.1 on the Web endpoint of a real server process.</summary>
public sealed class JsonApiEndToEndTests : IClassFixture<ServerProcess>, IDisposable
{
    private readonly ServerProcess _server;
    private readonly GrantTestKit _kit;
    private readonly HttpClient _http;

    public JsonApiEndToEndTests(ServerProcess server)
    {
        _server = server;
        _kit = new GrantTestKit(server);
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.WebPort}"), DefaultRequestVersion = HttpVersion.Version11 };
        _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", server.MintToken(Trust.Grpc.Security.TrustRoles.Verifier));
    }

    public void Dispose()
    {
        _http.Dispose();
        _kit.Dispose();
    }

    [Fact]
    public async Task Clerk_checks_over_json_with_its_bearer_token_and_anonymous_calls_get_401()
    {
        var holder = GrantTestKit.NewHolderId();
        await _kit.IssueLicenceAsync(holder);
        var grant = await _kit.CreateGrantAsync(holder, clerk: "clerk-j");

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/grants:check", UriKind.Relative))
        {
            Content = JsonContent.Create(new { shortCode = grant.ShortCode, serviceItem = GrantTestKit.Item.Code }),
        };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _kit.ClerkToken("clerk-j", _kit.Department));
        using var response = await _http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.True(JsonDocument.Parse(body).RootElement.GetProperty("allowed").GetBoolean(), body);

        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress };
        using var refused = await anonymous.PostAsJsonAsync(new Uri("/v1/grants:check", UriKind.Relative), new { shortCode = grant.ShortCode, serviceItem = GrantTestKit.Item.Code });
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        using var list = await anonymous.GetAsync(new Uri("/v1/service-items", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, list.StatusCode);
    }

    [Fact]
    public async Task Get_licence_verify_by_qr_text_returns_the_verdict_as_json_with_no_store()
    {
        var licence = await _kit.IssueLicenceAsync(GrantTestKit.NewHolderId());

        using var response = await _http.GetAsync(new Uri("/v1/licences:verify?qrText=" + Uri.EscapeDataString(licence.QrText), UriKind.Relative));

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        Assert.Equal(new Version(1, 1), response.Version);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        AssertNoStore(response);
        var result = JsonDocument.Parse(body).RootElement.GetProperty("result");
        Assert.Equal("valid", result.GetProperty("verdictText").GetString());
        Assert.Equal("VERDICT_VALID", result.GetProperty("verdict").GetString());
        Assert.Equal(licence.LicenceId, result.GetProperty("licenceId").GetString());
        Assert.Equal(0, result.GetProperty("reasons").GetArrayLength());

        using var post = await _http.PostAsJsonAsync(new Uri("/v1/licences:verify", UriKind.Relative), new { licence = licence.Licence.ToBase64() });
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("valid", JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetProperty("verdictText").GetString());

        using var get = await _http.GetAsync(new Uri("/v1/licences/" + licence.LicenceId, UriKind.Relative));
        var got = JsonDocument.Parse(await get.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        AssertNoStore(get);
        Assert.Equal(licence.LicenceId, got.GetProperty("licenceId").GetString());
        Assert.Equal("LICENCE_STATUS_VALID", got.GetProperty("status").GetString());

        using var missing = await _http.GetAsync(new Uri("/v1/licences/BL-NOPE-2026-000001-00", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("licence_id", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_grant_check_returns_allowed_with_licences_and_form_values_as_json()
    {
        var holder = GrantTestKit.NewHolderId();
        var licence = await _kit.IssueLicenceAsync(holder);
        var grant = await _kit.CreateGrantAsync(holder);

        using var response = await _http.PostAsJsonAsync(new Uri("/v1/grants:check", UriKind.Relative), new
        {
            shortCode = grant.ShortCode,
            serviceItem = GrantTestKit.Item.Code,
            clerk = new { clerkId = "clerk-1" },
        });

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        AssertNoStore(response);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.True(root.GetProperty("allowed").GetBoolean());
        Assert.Equal("allowed", root.GetProperty("verdict").GetString());
        Assert.Equal(0, root.GetProperty("reasons").GetArrayLength());
        Assert.Equal(grant.GrantId, root.GetProperty("grantId").GetString());
        Assert.Equal(grant.HolderMasked, root.GetProperty("holderMasked").GetString());
        Assert.True(root.GetProperty("complete").GetBoolean());
        var entry = root.GetProperty("licences").EnumerateArray().Single(l => l.GetProperty("type").GetString() == GrantTestKit.Type.Code);
        Assert.True(entry.GetProperty("found").GetBoolean());
        Assert.Equal("valid", entry.GetProperty("verdict").GetString());
        Assert.Equal(licence.LicenceId, entry.GetProperty("licenceId").GetString());
        Assert.True(entry.GetProperty("form").EnumerateObject().Any());
        Assert.Equal(entry.GetProperty("form").EnumerateObject().Count(), entry.GetProperty("formFields").GetArrayLength());
        Assert.True(DateTimeOffset.TryParse(entry.GetProperty("validFrom").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));

        // Denied: the same shape, reasons, no licence data.
        using var denied = await _http.PostAsJsonAsync(new Uri("/v1/grants:check", UriKind.Relative), new
        {
            grant = grant.Grant.ToBase64(),
            serviceItem = GrantTestKit.Item.Code,
            clerk = new { clerkId = "clerk-2" },
        });
        var deniedRoot = JsonDocument.Parse(await denied.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, denied.StatusCode);
        Assert.False(deniedRoot.GetProperty("allowed").GetBoolean());
        Assert.Equal("grant.wrong_grantee", deniedRoot.GetProperty("reasons")[0].GetString());
        Assert.Equal(0, deniedRoot.GetProperty("licences").GetArrayLength());

        // Batch.
        using var batch = await _http.PostAsJsonAsync(new Uri("/v1/grants:checkBatch", UriKind.Relative), new
        {
            checks = new object[]
            {
                new { qrText = grant.QrText, serviceItem = GrantTestKit.Item.Code, clerk = new { clerkId = "clerk-1" } },
                new { serviceItem = GrantTestKit.Item.Code, clerk = new { clerkId = "clerk-1" } },
            },
        });
        var items = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement.GetProperty("items");
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        AssertNoStore(batch);
        Assert.True(items[0].GetProperty("result").GetProperty("allowed").GetBoolean());
        Assert.Equal(3, items[1].GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Auth_refusals_get_401_or_403_with_a_google_rpc_status_body_naming_the_reason()
    {
        using var anonymous = new HttpClient { BaseAddress = _http.BaseAddress, DefaultRequestVersion = HttpVersion.Version11 };

        // No credentials: 401, code 16 (UNAUTHENTICATED), the Bearer challenge, not stored.
        using (var none = await anonymous.GetAsync(new Uri("/v1/licences/some-licence", UriKind.Relative)))
        {
            var error = await ErrorBodyAsync(none, HttpStatusCode.Unauthorized, 16);
            Assert.StartsWith("unauthenticated: no credentials", error, StringComparison.Ordinal);
            Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);
            AssertNoStore(none);
        }

        // An expired token: 401 saying so, with error="invalid_token" (RFC 6750 section 3.1).
        var expired = new Trust.Core.Pki.Development.DevelopmentTokenRequest { Subject = "json-expired", Lifetime = TimeSpan.FromMinutes(1), Now = DateTimeOffset.UtcNow.AddHours(-1) };
        expired.Roles.Add(Trust.Grpc.Security.TrustRoles.Verifier);
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/licences/some-licence", UriKind.Relative)))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _server.MintToken(expired));
            using var response = await anonymous.SendAsync(request);
            Assert.Equal("unauthenticated: the bearer token has expired", await ErrorBodyAsync(response, HttpStatusCode.Unauthorized, 16));
            Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
        }

        // The wrong role (a clerk reading a licence directly): 403, code 7 (PERMISSION_DENIED) naming the roles required.
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/v1/licences/some-licence", UriKind.Relative)))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", _server.MintToken(Trust.Grpc.Security.TrustRoles.Clerk));
            using var response = await anonymous.SendAsync(request);
            var error = await ErrorBodyAsync(response, HttpStatusCode.Forbidden, 7);
            Assert.Equal("permission denied: one of the roles verifier, issuer, admin is required", error);
            AssertNoStore(response);
        }
    }

    /// <summary>Asserts the HTTP status and the google.rpc.Status JSON shape (code, message, empty details); returns the message.</summary>
    private static async Task<string> ErrorBodyAsync(HttpResponseMessage response, HttpStatusCode status, int code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{response.StatusCode}: {body}");
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        var root = JsonDocument.Parse(body).RootElement;
        Assert.Equal(code, root.GetProperty("code").GetInt32());
        Assert.Equal(0, root.GetProperty("details").GetArrayLength());
        return root.GetProperty("message").GetString()!;
    }

    [Fact]
    public async Task Json_errors_name_the_field_with_the_http_status_of_the_grpc_status()
    {
        using var noItem = await _http.PostAsJsonAsync(new Uri("/v1/grants:check", UriKind.Relative), new { grant = "AAAA", clerk = new { clerkId = "c" } });
        Assert.Equal(HttpStatusCode.BadRequest, noItem.StatusCode);
        var error = JsonDocument.Parse(await noItem.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(3, error.GetProperty("code").GetInt32());
        Assert.StartsWith("service_item:", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        using var unknownCode = await _http.PostAsJsonAsync(new Uri("/v1/grants:check", UriKind.Relative), new { shortCode = Trust.Core.Grants.GrantShortCode.Generate(), serviceItem = GrantTestKit.Item.Code, clerk = new { clerkId = "c" } });
        Assert.Equal(HttpStatusCode.NotFound, unknownCode.StatusCode);
    }

    [Fact]
    public async Task Service_items_and_status_lists_are_served_by_get()
    {
        using var items = await _http.GetAsync(new Uri($"/v1/service-items?query={Uri.EscapeDataString(GrantTestKit.Item.NameZh)}&pageSize=5", UriKind.Relative));
        var body = await items.Content.ReadAsStringAsync();
        Assert.True(items.StatusCode == HttpStatusCode.OK, body);
        var root = JsonDocument.Parse(body).RootElement;
        var first = root.GetProperty("items").EnumerateArray().First(i => i.GetProperty("code").GetString() == GrantTestKit.Item.Code);
        Assert.Equal(GrantTestKit.Item.NameZh, first.GetProperty("nameZh").GetString());
        Assert.Equal("person", first.GetProperty("holder").GetString());
        Assert.True(first.GetProperty("form").GetArrayLength() > 0);
        Assert.Equal(JsonValueKind.String, first.GetProperty("form")[0].GetProperty("from").ValueKind);
        Assert.Equal(JsonValueKind.String, root.GetProperty("nextPageToken").ValueKind);

        using var status = await _http.GetAsync(new Uri("/v1/status-lists/" + _kit.Department, UriKind.Relative));
        var list = JsonDocument.Parse(await status.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.NotEmpty(Convert.FromBase64String(list.GetProperty("signedList").GetString()!));
    }

    [Theory]
    [InlineData("{\"serviceItem\": 5, \"grant\": \"AAAA\"}", "request body: serviceItem: expected a string")]
    [InlineData("{\"serviceItem\": [\"x\"]}", "request body: serviceItem: expected a string")]
    [InlineData("{\"grant\": \"not base64!!\"}", "request body: grant: expected base64 text")]
    [InlineData("{\"serviceItem\": \"PSB-001\", \"grant\": \"AA", "request body: not JSON (line 1")]
    [InlineData("{\"noSuchField\": 1}", "request body: noSuchField: unknown field")]
    [InlineData("[1, 2, 3]", "request body: expected an object")]
    [InlineData("", "request body: not JSON")]
    [InlineData("{\"clerk\": {\"clerkId\": {\"clerkId\": {}}}}", "request body: clerk.clerkId: expected a string")]
    [InlineData("{\"grant\": \"AAAA\", \"shortCode\": \"x\"}", "request body: Multiple values specified for oneof grant_input")]
    [InlineData("\u00ff\u00fe garbage", "request body: not JSON")]
    public async Task Hostile_json_bodies_get_400_with_a_message_and_the_server_stays_up(string body, string message)
    {
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync(new Uri("/v1/grants:check", UriKind.Relative), content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var error = JsonDocument.Parse(text).RootElement;
        Assert.Equal(3, error.GetProperty("code").GetInt32());
        Assert.StartsWith(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        AssertNoStore(response);
        await AssertAliveAsync();
    }

    [Fact]
    public async Task Huge_and_deeply_nested_json_bodies_are_refused_and_the_server_stays_up()
    {
        var huge = "{\"serviceItem\":\"" + new string('a', ServerProcess.MaxReceiveMessageSize * 4) + "\"}";
        using (var content = new StringContent(huge, Encoding.UTF8, "application/json"))
        using (var response = await _http.PostAsync(new Uri("/v1/grants:check", UriKind.Relative), content))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            Assert.StartsWith("request body:", JsonDocument.Parse(text).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // The same without a Content-Length (chunked): refused while reading.
        using (var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))))
        {
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/grants:check", UriKind.Relative)) { Content = content };
            message.Headers.TransferEncodingChunked = true;
            using var response = await _http.SendAsync(message);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        }

        var deep = new string('[', 100_000) + new string(']', 100_000);
        using (var content = new StringContent("{\"checks\":" + deep + "}", Encoding.UTF8, "application/json"))
        using (var response = await _http.PostAsync(new Uri("/v1/grants:checkBatch", UriKind.Relative), content))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        }

        var batch = "{\"checks\":[" + string.Join(",", Enumerable.Repeat("{\"grant\":\"AAAA\"}", ServerProcess.MaxBatchSize + 1)) + "]}";
        using (var content = new StringContent(batch, Encoding.UTF8, "application/json"))
        using (var response = await _http.PostAsync(new Uri("/v1/grants:checkBatch", UriKind.Relative), content))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
            Assert.StartsWith("checks:", JsonDocument.Parse(text).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        await AssertAliveAsync();
    }

    [Fact]
    public async Task Grpc_still_works_on_the_grpc_endpoint_and_json_routes_do_not_shadow_it()
    {
        var reply = await new Health.HealthClient(_server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
        var items = await _kit.Grants.ListServiceItemsAsync(new V1.ListServiceItemsRequest { PageSize = 1 });
        Assert.Single(items.Items);
    }

    private static void AssertNoStore(HttpResponseMessage response) =>
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);

    private async Task AssertAliveAsync()
    {
        Assert.Equal("ok", await _http.GetStringAsync(new Uri("/healthz", UriKind.Relative)));
        var reply = await new Health.HealthClient(_server.Channel).CheckAsync(new HealthCheckRequest());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }
}
