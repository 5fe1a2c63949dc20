using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Trust.Core.Licences;
using Trust.Core.Pki;
using Trust.Core.Status;
using Trust.Documents;
using Trust.Grpc.V1;
using Trust.Pdf;
using Trust.Storage;
using static Microsoft.Playwright.Assertions;

namespace Trust.Web.Tests;

/// <summary>
/// The clerk page's licence file download (PDF/A-3b and OFD) against a real server whose PKI has seals: the button
/// on a licence card of an allowed grant gives the sealed file of that licence, which verifies valid.
/// </summary>
public sealed class ClerkLicenceFileTests : IClassFixture<ClerkBrowserWithSeals>
{
    private readonly ClerkBrowserWithSeals _fixture;

    public ClerkLicenceFileTests(ClerkBrowserWithSeals fixture) => _fixture = fixture;

    private ClerkTestKit Kit => _fixture.Kit;

    [Fact]
    public async Task Licence_file_download_buttons_give_sealed_pdf_and_ofd_files_of_that_licence_that_verify_valid()
    {
        var holder = ClerkTestKit.NewOrganisationId();
        var licence = await Kit.IssueBusinessLicenceAsync(holder);
        var grant = await Kit.GrantAsync(holder);

        await using var clerk = await _fixture.OpenAsync();
        await clerk.SignInAsync(Kit.ClerkToken);
        await clerk.ChooseItemAsync("公积金缴存", ClerkTestKit.Item);
        await clerk.CheckQrTextAsync(grant.QrText);
        Assert.Equal("allowed", await clerk.VerdictAsync());

        var page = clerk.Page;
        var bl = page.Locator(".licence[data-type='BL']");
        await Expect(bl.Locator("button.download-file[data-format='pdf']")).ToHaveTextAsync("下载证照文件（PDF）");
        foreach (var (format, expected) in new[] { ("pdf", LicenceFileFormat.Pdf), ("ofd", LicenceFileFormat.Ofd) })
        {
            var download = await page.RunAndWaitForDownloadAsync(() => bl.Locator($"button.download-file[data-format='{format}']").ClickAsync());
            Assert.Equal($"{licence.LicenceId}.{format}", download.SuggestedFilename);
            var file = await File.ReadAllBytesAsync(await download.PathAsync());
            Assert.Equal(expected, LicenceFileFormats.Detect(file));
            var report = await VerifyAsync(file);
            Assert.True(report.Verdict == PdfDocumentVerdict.Valid, string.Join(", ", report.Reasons.Concat(report.Seals.SelectMany(s => s.Reasons))));
            Assert.Equal(licence.LicenceId, report.Licence.Id);
            Assert.True(report.Licence.MatchesPage);
            Assert.Single(report.Seals);
        }

        // A licence the holder does not have shows no file button.
        await Expect(page.Locator(".licence[data-type='BAL'] button.download-file")).ToHaveCountAsync(0);

        // English labels.
        await page.ClickAsync("#lang-switch");
        await Expect(bl.Locator("button.download-file[data-format='ofd']")).ToHaveTextAsync("Download licence file (OFD)");
        Assert.Empty(clerk.CspViolations);
    }

    [Fact]
    public async Task Licence_file_endpoint_checks_the_grant_and_the_licence_like_the_grpc_call()
    {
        var holder = ClerkTestKit.NewOrganisationId();
        var own = await Kit.IssueBusinessLicenceAsync(holder);
        var foreign = await Kit.IssueBusinessLicenceAsync(ClerkTestKit.NewOrganisationId(), "别人的公司");
        var grant = await Kit.GrantAsync(holder);
        using var http = new HttpClient { BaseAddress = _fixture.Server.WebBase };

        async Task<HttpResponseMessage> PostAsync(string? token, object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/clerk/api/licence-file", UriKind.Relative))
            {
                Content = new StringContent(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json"),
            };
            if (token is not null)
            {
                request.Headers.Authorization = new("Bearer", token);
            }

            return await http.SendAsync(request);
        }

        using (var ok = await PostAsync(Kit.ClerkToken, new { qrText = grant.QrText, serviceItem = ClerkTestKit.Item, licenceId = own.LicenceId, format = "pdf" }))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal("application/pdf", ok.Content.Headers.ContentType?.MediaType);
            Assert.Equal("no-store", ok.Headers.CacheControl?.ToString());
        }

        using (var notCovered = await PostAsync(Kit.ClerkToken, new { qrText = grant.QrText, serviceItem = ClerkTestKit.Item, licenceId = foreign.LicenceId, format = "pdf" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, notCovered.StatusCode);
        }

        using (var otherClerk = await PostAsync(Kit.Token("clerk", "clerk-8"), new { qrText = grant.QrText, serviceItem = ClerkTestKit.Item, licenceId = own.LicenceId, format = "ofd" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, otherClerk.StatusCode);
        }

        using (var badFormat = await PostAsync(Kit.ClerkToken, new { qrText = grant.QrText, serviceItem = ClerkTestKit.Item, licenceId = own.LicenceId, format = "docx" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        }

        using (var signedOut = await PostAsync(null, new { qrText = grant.QrText, serviceItem = ClerkTestKit.Item, licenceId = own.LicenceId, format = "pdf" }))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
        }

        foreach (var body in new[] { "{", "[]", "{\"format\":1}", "{\"other\":\"x\"}", new string('[', 100), "{\"qrText\":\"" + new string('A', 20_000) + "\"}" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/clerk/api/licence-file", UriKind.Relative))
            {
                Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new("Bearer", Kit.ClerkToken);
            using var response = await http.SendAsync(request);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        await Kit.Licences.RevokeAsync(new ChangeLicenceStatusRequest { LicenceId = own.LicenceId, Reason = "test: revoked" });
        using (var revoked = await PostAsync(Kit.ClerkToken, new { qrText = grant.QrText, serviceItem = ClerkTestKit.Item, licenceId = own.LicenceId, format = "pdf" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, revoked.StatusCode);
            Assert.Contains("not_valid", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private async Task<LicenceFileReport> VerifyAsync(byte[] file)
    {
        var pki = _fixture.Server.PkiDirectory;
        var validator = new CertificateValidator(
            CertificatePem.LoadFile(Path.Combine(pki, "ca", "trust-anchors.pem")),
            CertificatePem.LoadFile(Path.Combine(pki, "ca", "intermediates.pem")),
            CertificatePem.LoadCrlFile(Path.Combine(pki, "crl", "all.pem")));
        await using var store = await TrustStores.OpenAsync("sqlite:" + _fixture.Server.StorePath);
        return await LicenceFileVerifier.VerifyAsync(file, new LicenceFileVerificationOptions
        {
            Licences = new LicenceVerifier(validator, new StoreStatusSource(store)),
            CertificateValidator = validator,
        });
    }
}
