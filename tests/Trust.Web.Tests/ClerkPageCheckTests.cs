using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Trust.Web.Tests;

/// <summary>
/// A clerk checks grants in the browser against the real server: allowed with the filled form, and
/// each reason for a denial or an unusable licence. One browser and one server for the class.
/// </summary>
public sealed class ClerkPageCheckTests : IClassFixture<ClerkBrowser>
{
    private readonly ClerkBrowser _fixture;

    public ClerkPageCheckTests(ClerkBrowser fixture) => _fixture = fixture;

    private ClerkTestKit Kit => _fixture.Kit;

    [Fact]
    public async Task Clerk_signs_in_pastes_a_valid_grant_and_sees_allowed_with_the_filled_form()
    {
        var holder = ClerkTestKit.NewOrganisationId();
        var licence = await Kit.IssueBusinessLicenceAsync(holder);
        var grant = await Kit.GrantAsync(holder);

        await using var clerk = await _fixture.OpenAsync();
        await clerk.SignInAsync(Kit.ClerkToken);
        await Expect(clerk.Page.Locator("#clerk-who")).ToContainTextAsync(ClerkTestKit.ClerkId);
        await clerk.ChooseItemAsync("公积金缴存", ClerkTestKit.Item);
        await clerk.CheckQrTextAsync(grant.QrText);

        var page = clerk.Page;
        Assert.Equal("allowed", await clerk.VerdictAsync());
        await Expect(page.Locator("#verdict-text")).ToHaveTextAsync("授权有效，可以查看");
        await Expect(page.Locator("#holder-masked")).ToHaveTextAsync(grant.HolderMasked);
        Assert.DoesNotContain(holder, await page.Locator("#grant-facts").InnerTextAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("#organisation-name")).ToHaveTextAsync("杭州示例科技有限公司");
        await Expect(page.Locator("#time-left")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(29|30) 分 \\d+ 秒$"));

        var bl = page.Locator(".licence[data-type='BL']");
        await Expect(bl.Locator(".badge")).ToHaveTextAsync("有效");
        await Expect(bl).ToContainTextAsync(licence.LicenceId);
        await Expect(bl).ToContainTextAsync("营业执照");
        await Expect(page.Locator(".licence[data-type='BAL'] .badge")).ToHaveTextAsync("缺失");
        await Expect(page.Locator("#incomplete")).ToBeHiddenAsync();

        // Form values: one row per field with a copy button; "copy all" gives the JSON object.
        var rows = page.Locator("#form-values tbody tr");
        await Expect(rows).ToHaveCountAsync(5);
        await Expect(page.Locator("#form-values tr[data-field='bl_legal_representative'] td.value")).ToHaveTextAsync("李娜");
        await page.Locator("#form-values tr[data-field='bl_legal_representative'] button.copy").ClickAsync();
        Assert.Equal("李娜", await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await page.ClickAsync("#copy-all");
        var copied = JsonDocument.Parse(await page.EvaluateAsync<string>("() => navigator.clipboard.readText()")).RootElement;
        Assert.Equal(holder, copied.GetProperty("credit_code").GetString());
        Assert.Equal("杭州示例科技有限公司", copied.GetProperty("org_name").GetString());

        // The licence's QR code downloads as a PNG that reads back as the licence.
        var download = await page.RunAndWaitForDownloadAsync(() => bl.Locator("button.download").ClickAsync());
        Assert.Equal(licence.LicenceId + ".png", download.SuggestedFilename);
        var png = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.True(png.Length > 8 && png[1] == (byte)'P', "not a PNG: " + System.Text.Encoding.UTF8.GetString(png));
        Assert.Equal(licence.QrText, Trust.Grpc.Clerk.ClerkQrImageDecoder.Decode(png, new Trust.Grpc.Clerk.ClerkPageOptions()).Text);

        // Nothing personal outside the page: URL unchanged, no cookies, the token only in sessionStorage.
        Assert.Equal(new Uri(_fixture.Server.WebBase, "/clerk/").ToString(), page.Url);
        Assert.Empty(await clerk.Context.CookiesAsync());
        Assert.Equal("{}", await page.EvaluateAsync<string>("() => JSON.stringify(Object.assign({}, localStorage))"));
        Assert.Equal(Kit.ClerkToken.Length, (await page.EvaluateAsync<string>("() => sessionStorage.getItem('trust.clerk.token')")).Length);

        // English switch on the result.
        await page.ClickAsync("#lang-switch");
        await Expect(page.Locator("#verdict-text")).ToHaveTextAsync("Authorised: you may see the licences");
        await Expect(bl.Locator(".badge")).ToHaveTextAsync("valid");
        await Expect(page.Locator("#form-values tr[data-field='bl_legal_representative'] th")).ToContainTextAsync("Legal representative");

        await page.ClickAsync("#lang-switch");
        await SaveScreenshotAsync(page);
        Assert.Empty(clerk.CspViolations);
        Assert.DoesNotContain(clerk.Console, m => m.StartsWith("pageerror", StringComparison.Ordinal));
        Assert.DoesNotContain(holder, _fixture.Server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_grant_wrong_service_item_and_revoked_licence_each_show_their_reason()
    {
        var holder = ClerkTestKit.NewOrganisationId();
        var licence = await Kit.IssueBusinessLicenceAsync(holder, "杭州另一家科技有限公司");
        var grant = await Kit.GrantAsync(holder);
        var expired = await Kit.ExpiredGrantQrAsync(holder);

        await using var clerk = await _fixture.OpenAsync(768, 1024);
        var page = clerk.Page;
        await clerk.SignInAsync(Kit.ClerkToken);

        // Expired grant.
        await clerk.ChooseItemAsync(ClerkTestKit.Item, ClerkTestKit.Item);
        await clerk.CheckQrTextAsync(expired);
        Assert.Equal("denied", await clerk.VerdictAsync());
        await Expect(page.Locator("#verdict-reasons li[data-reason='grant.expired']")).ToHaveTextAsync("授权已过期，请市民重新授权。");
        await Expect(page.Locator(".licence")).ToHaveCountAsync(0);
        await Expect(page.Locator("#form-block")).ToBeHiddenAsync();

        // Wrong service item, chosen by an English name search.
        await clerk.ChooseItemAsync("Company change", ClerkTestKit.OtherItem);
        await clerk.CheckQrTextAsync(grant.QrText);
        Assert.Equal("denied", await clerk.VerdictAsync());
        await Expect(page.Locator("#verdict-reasons li[data-reason='grant.wrong_service_item']")).ToHaveTextAsync("该授权不适用于所选办理事项。");

        // Revoked licence: the grant is good, the licence is not; no form values from it.
        await Kit.Licences.RevokeAsync(new Trust.Grpc.V1.ChangeLicenceStatusRequest { LicenceId = licence.LicenceId, Reason = "test" });
        await clerk.ChooseItemAsync(ClerkTestKit.Item, ClerkTestKit.Item);
        await clerk.CheckQrTextAsync(grant.QrText);
        Assert.Equal("allowed", await clerk.VerdictAsync());
        var bl = page.Locator(".licence[data-type='BL']");
        await Expect(bl.Locator(".badge")).ToHaveTextAsync("已注销");
        await Expect(bl.Locator(".licence-reason")).ToHaveTextAsync("发证部门已注销该证照。");
        await Expect(page.Locator("#incomplete")).ToBeVisibleAsync();
        await Expect(page.Locator("#form-block")).ToBeHiddenAsync();

        // Tablet: everything fits the width.
        Assert.True(await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") <= 768);
        Assert.Empty(clerk.CspViolations);
    }

    [Theory]
    [InlineData("seal-maker-sm2")]
    [InlineData("tls-client")]
    public async Task Grant_forged_with_a_key_of_the_pki_that_is_not_the_grant_service_is_denied(string keyId)
    {
        var holder = ClerkTestKit.NewOrganisationId();
        await Kit.IssueBusinessLicenceAsync(holder);
        var forged = await Kit.ForgedGrantQrAsync(holder, keyId);

        await using var clerk = await _fixture.OpenAsync();
        var page = clerk.Page;
        await clerk.SignInAsync(Kit.ClerkToken);
        await clerk.ChooseItemAsync(ClerkTestKit.Item, ClerkTestKit.Item);
        await clerk.CheckQrTextAsync(forged);

        // The page shows what the library decided: not the grant service's key, so no licence and no form.
        Assert.Equal("denied", await clerk.VerdictAsync());
        await Expect(page.Locator("#verdict-reasons li[data-reason='signer.role_missing:grant_issuer']")).ToHaveCountAsync(1);
        await Expect(page.Locator(".licence")).ToHaveCountAsync(0);
        await Expect(page.Locator("#form-block")).ToBeHiddenAsync();
        Assert.Empty(clerk.CspViolations);
    }

    [Fact]
    public async Task Licence_in_the_store_signed_by_a_tls_key_is_not_shown_valid_and_fills_no_form()
    {
        var holder = ClerkTestKit.NewOrganisationId();
        var licence = await Kit.IssueBusinessLicenceAsync(holder);
        Kit.ReplaceStoredLicenceSignature(licence.LicenceId, licence.Licence.ToByteArray(), "tls-server");
        var grant = await Kit.GrantAsync(holder);

        await using var clerk = await _fixture.OpenAsync();
        var page = clerk.Page;
        await clerk.SignInAsync(Kit.ClerkToken);
        await clerk.ChooseItemAsync(ClerkTestKit.Item, ClerkTestKit.Item);
        await clerk.CheckQrTextAsync(grant.QrText);

        // The grant is genuine; the licence the store returns is not the department's: not valid, no form values from it.
        Assert.Equal("allowed", await clerk.VerdictAsync());
        var bl = page.Locator(".licence[data-type='BL']");
        await Expect(bl).ToHaveCountAsync(1);
        await Expect(bl.Locator(".badge")).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("\\bvalid\\b"));
        await Expect(bl.Locator(".badge")).Not.ToHaveTextAsync("有效");
        await Expect(page.Locator("#form-block")).ToBeHiddenAsync();
        Assert.Empty(clerk.CspViolations);
    }

    [Fact]
    public async Task Uploaded_qr_photo_and_typed_short_code_are_checked()
    {
        var holder = ClerkTestKit.NewOrganisationId();
        await Kit.IssueBusinessLicenceAsync(holder);
        var grant = await Kit.GrantAsync(holder);

        await using var clerk = await _fixture.OpenAsync();
        var page = clerk.Page;
        await clerk.SignInAsync(Kit.ClerkToken);
        await clerk.ChooseItemAsync(ClerkTestKit.Item, ClerkTestKit.Item);
        await page.ClickAsync("#tab-image");
        await page.SetInputFilesAsync("#qr-image", new FilePayload { Name = "grant.jpg", MimeType = "image/jpeg", Buffer = TestImages.QrPhotoJpeg(grant.QrText) });
        await Expect(page.Locator("#qr-image-status")).ToHaveAttributeAsync("data-state", "read");
        Assert.Equal(grant.QrText, await page.InputValueAsync("#qr-text"));

        await page.SetInputFilesAsync("#qr-image", new FilePayload { Name = "plain.png", MimeType = "image/png", Buffer = TestImages.PlainPng() });
        await Expect(page.Locator("#qr-image-status")).ToHaveTextAsync("图片中没有找到二维码，请拍清晰后重试。");

        await page.ClickAsync("#check");
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "allowed");

        // The short code, typed in lower case with spaces, names the same grant.
        await page.ClickAsync("#clear");
        await page.ClickAsync("#tab-code");
        await page.FillAsync("#short-code", grant.ShortCode.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal));
        await page.ClickAsync("#check");
        await Expect(page.Locator("#verdict")).ToHaveAttributeAsync("data-verdict", "allowed");
        await page.FillAsync("#short-code", "0000-0000-0000");
        await page.ClickAsync("#check");
        await Expect(page.Locator("#check-error")).ToBeVisibleAsync();
        Assert.Empty(clerk.CspViolations);
    }

    [Fact]
    public async Task Signed_out_calls_are_refused_and_an_ended_sign_in_returns_to_the_form()
    {
        var holder = ClerkTestKit.NewOrganisationId();
        var grant = await Kit.GrantAsync(holder);
        using var http = new HttpClient { BaseAddress = _fixture.Server.WebBase };
        var check = JsonSerializer.Serialize(new { qrText = grant.QrText, serviceItem = ClerkTestKit.Item, clerk = new { clerkId = ClerkTestKit.ClerkId } });
        using (var response = await http.PostAsync(new Uri("/v1/grants:check", UriKind.Relative), new StringContent(check, System.Text.Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        foreach (var path in new[] { "/v1/service-items?query=HPF", "/clerk/api/names" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using (var response = await http.PostAsync(new Uri("/clerk/api/qr", UriKind.Relative), new ByteArrayContent(TestImages.QrPng(grant.QrText))))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        // Another role may not use the page's helpers.
        using (var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/clerk/api/names", UriKind.Relative)))
        {
            request.Headers.Authorization = new("Bearer", Kit.Token("sealer"));
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }

        await using var clerk = await _fixture.OpenAsync();
        var page = clerk.Page;

        // A made-up token does not get in.
        await page.FillAsync("#token", "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await Expect(page.Locator("#sign-in-error")).ToHaveTextAsync("令牌无效或已过期，请重新获取。");
        await Expect(page.Locator("#workspace")).ToBeHiddenAsync();
        Assert.Null(await page.EvaluateAsync<string?>("() => sessionStorage.getItem('trust.clerk.token')"));

        // Signed in, then the token stops working: the next call lands on the sign-in form.
        await clerk.SignInAsync(Kit.ClerkToken);
        await clerk.ChooseItemAsync(ClerkTestKit.Item, ClerkTestKit.Item);
        await page.FillAsync("#qr-text", grant.QrText);
        await page.EvaluateAsync("() => sessionStorage.setItem('trust.clerk.token', 'expired')");
        await page.ClickAsync("#check");
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-in-error")).ToHaveTextAsync("登录已失效，请重新登录。");
        await Expect(page.Locator("#workspace")).ToBeHiddenAsync();
        Assert.Equal(string.Empty, await page.InputValueAsync("#qr-text"));
        Assert.Empty(clerk.CspViolations);
    }

    [Fact]
    public async Task Licence_qr_download_gives_only_licences_the_grant_covers()
    {
        var holder = ClerkTestKit.NewOrganisationId();
        var other = ClerkTestKit.NewOrganisationId();
        var own = await Kit.IssueBusinessLicenceAsync(holder);
        var foreign = await Kit.IssueBusinessLicenceAsync(other, "别人的公司");
        var grant = await Kit.GrantAsync(holder);
        using var http = new HttpClient { BaseAddress = _fixture.Server.WebBase };

        async Task<HttpResponseMessage> PostAsync(string token, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/clerk/api/licence-qr", UriKind.Relative))
            {
                Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", token);
            return await http.SendAsync(request);
        }

        using (var ok = await PostAsync(Kit.ClerkToken, new { qrText = grant.QrText, serviceItem = ClerkTestKit.Item, licenceId = own.LicenceId }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("image/png", ok.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-store", ok.Headers.CacheControl?.ToString());
        }

        using (var withDepartment = await PostAsync(Kit.ClerkToken, new { qrText = grant.QrText, serviceItem = ClerkTestKit.Item, licenceId = own.LicenceId, department = Kit.Departments[0] }))
        {
            Assert.Equal(HttpStatusCode.OK, withDepartment.StatusCode);
        }

        using (var notTheirDepartment = await PostAsync(Kit.ClerkToken, new { qrText = grant.QrText, serviceItem = ClerkTestKit.Item, licenceId = own.LicenceId, department = "OTHER" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, notTheirDepartment.StatusCode);
        }

        using (var notCovered = await PostAsync(Kit.ClerkToken, new { qrText = grant.QrText, serviceItem = ClerkTestKit.Item, licenceId = foreign.LicenceId }))
        {
            Assert.Equal(HttpStatusCode.NotFound, notCovered.StatusCode);
        }

        using (var wrongItem = await PostAsync(Kit.ClerkToken, new { qrText = grant.QrText, serviceItem = ClerkTestKit.OtherItem, licenceId = own.LicenceId }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrongItem.StatusCode);
        }

        using (var otherClerk = await PostAsync(Kit.Token("clerk", "clerk-8"), new { qrText = grant.QrText, serviceItem = ClerkTestKit.Item, licenceId = own.LicenceId }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherClerk.StatusCode);
        }

        using (var garbage = await PostAsync(Kit.ClerkToken, new { qrText = "TG1:%%%", serviceItem = ClerkTestKit.Item, licenceId = own.LicenceId }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, garbage.StatusCode);
        }

        foreach (var body in new[] { "{", "[]", "{\"qrText\":1}", "{\"other\":\"x\"}", new string('[', 100), "{\"qrText\":\"" + new string('A', 20_000) + "\"}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/clerk/api/licence-qr", UriKind.Relative))
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", Kit.ClerkToken);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("{\"error\":\"bad_request\"}", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Qr_upload_endpoint_refuses_oversized_uploads_and_non_pictures()
    {
        using var http = new HttpClient { BaseAddress = _fixture.Server.WebBase };

        async Task<(HttpStatusCode Status, string Body)> PostAsync(byte[] body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/clerk/api/qr", UriKind.Relative)) { Content = new ByteArrayContent(body) };
            request.Headers.Authorization = new("Bearer", Kit.ClerkToken);
            using var response = await http.SendAsync(request);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        // Too big: the server answers 413 at once from Content-Length and closes, so the client may
        // instead see the connection end while it is still sending the body; either way, not read.
        var tooBig = new byte[(4 * 1024 * 1024) + 1];
        try
        {
            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await PostAsync(tooBig)).Status);
        }
        catch (HttpRequestException ex) when (ex.InnerException is IOException)
        {
            // reset by the server after its 413
        }

        Assert.Equal((HttpStatusCode.UnprocessableEntity, "{\"error\":\"not_an_image\"}"), await PostAsync("<html><script>alert(1)</script>"u8.ToArray()));
        Assert.Equal((HttpStatusCode.UnprocessableEntity, "{\"error\":\"image_too_many_pixels\"}"), await PostAsync(TestImages.PngClaiming(60_000, 60_000)));
        var read = await PostAsync(TestImages.QrPng("TG1:ABC"));
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("{\"qrText\":\"TG1:ABC\"}", read.Body);
        Assert.DoesNotContain("TG1:ABC", _fixture.Server.Output, StringComparison.Ordinal);
    }

    /// <summary>Writes the result page to the file named by TRUST_CLERK_SCREENSHOT (the README's picture) when set.</summary>
    private static async Task SaveScreenshotAsync(IPage page)
    {
        var target = Environment.GetEnvironmentVariable("TRUST_CLERK_SCREENSHOT");
        if (!string.IsNullOrEmpty(target))
        {
            await Expect(page.Locator("#toast")).ToBeHiddenAsync();
            await page.ScreenshotAsync(new() { Path = target, FullPage = false });
        }
    }
}
