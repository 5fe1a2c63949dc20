using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Trust.Web.Tests;

/// <summary>The page itself: headers, sign-in gate, language switch, layout sizes. One browser and one server for the class.</summary>
public sealed class ClerkPageShellTests : IClassFixture<ClerkBrowser>
{
    private readonly ClerkBrowser _fixture;

    public ClerkPageShellTests(ClerkBrowser fixture) => _fixture = fixture;

    [Fact]
    public async Task Page_and_assets_carry_strict_csp_no_store_nosniff_and_no_referrer()
    {
        using var http = new HttpClient { BaseAddress = _fixture.Server.WebBase };
        foreach (var path in new[] { "/clerk/", "/clerk/clerk.js", "/clerk/clerk.css", "/clerk/i18n.js", "/clerk/icon.svg" })
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("default-src 'self'", csp, StringComparison.Ordinal);
            Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
            Assert.Equal("nosniff", string.Join(",", response.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal("no-referrer", string.Join(",", response.Headers.GetValues("Referrer-Policy")));
        }

        using var missing = await http.GetAsync(new Uri("/clerk/..%2Fappsettings.json", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var html = await http.GetAsync(new Uri("/clerk/", UriKind.Relative));
        var text = await html.Content.ReadAsStringAsync();
        Assert.DoesNotMatch(new Regex("<script>|<style|style=|on(click|load|error)=", RegexOptions.IgnoreCase), text);
        Assert.DoesNotMatch(new Regex("(src|href)=\"(https?:)?//", RegexOptions.IgnoreCase), text);
    }

    [Fact]
    public async Task Signed_out_page_shows_only_the_sign_in_form_in_chinese_and_switches_to_english()
    {
        await using var clerk = await _fixture.OpenAsync();
        var page = clerk.Page;
        await Expect(page.Locator("#sign-in")).ToBeVisibleAsync();
        await Expect(page.Locator("#workspace")).ToBeHiddenAsync();
        await Expect(page.Locator("#sign-in-title")).ToHaveTextAsync("窗口人员登录");
        Assert.Equal("zh-CN", await page.Locator("html").GetAttributeAsync("lang"));

        await page.ClickAsync("#lang-switch");
        await Expect(page.Locator("#sign-in-title")).ToHaveTextAsync("Clerk sign-in");
        await Expect(page.Locator("#lang-switch")).ToHaveTextAsync("中文");

        // The choice is remembered (localStorage, the language only).
        await page.ReloadAsync();
        await Expect(page.Locator("#sign-in-title")).ToHaveTextAsync("Clerk sign-in");
        var stored = await page.EvaluateAsync<string>("() => JSON.stringify(Object.assign({}, localStorage))");
        Assert.Equal("{\"trust.clerk.lang\":\"en\"}", stored);
        await page.ClickAsync("#lang-switch");
        await Expect(page.Locator("#sign-in-title")).ToHaveTextAsync("窗口人员登录");
        Assert.Empty(clerk.CspViolations);
        Assert.DoesNotContain(clerk.Console, m => m.StartsWith("pageerror", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(768, 1024)]
    public async Task Sign_in_form_fits_the_screen_without_horizontal_scrolling(int width, int height)
    {
        await using var clerk = await _fixture.OpenAsync(width, height);
        await Expect(clerk.Page.Locator("#token")).ToBeVisibleAsync();
        var scrollWidth = await clerk.Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= width, $"page is {scrollWidth} px wide at {width} px");
    }
}
