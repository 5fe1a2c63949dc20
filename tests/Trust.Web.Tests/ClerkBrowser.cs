using Microsoft.Playwright;

namespace Trust.Web.Tests;

/// <summary>
/// One headless Debian chromium (from <c>TRUST_TEST_CHROMIUM</c>, set by ./test.sh; never a
/// downloaded browser) and one Trust server per test class. Each test opens its own browser context,
/// so storage and sign-in never leak between tests.
/// </summary>
public class ClerkBrowser : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public ClerkServer Server { get; private set; } = null!;

    /// <summary>Tokens, licences and grants on <see cref="Server"/>.</summary>
    public ClerkTestKit Kit { get; private set; } = null!;

    /// <summary>Extra server arguments (appended, so they override the defaults).</summary>
    protected virtual string[] ServerArguments => [];

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("TRUST_TEST_CHROMIUM");
        Assert.False(string.IsNullOrEmpty(chromium), "TRUST_TEST_CHROMIUM is not set: run ./test.sh (it installs Debian's chromium and sets it)");
        Assert.True(File.Exists(chromium), "TRUST_TEST_CHROMIUM does not name a file: " + chromium);
        // Waits, not timed assertions: on a loaded 2-core machine decoding a 3000x2200 photo or starting a page can take
        // longer than Playwright's 5 s default, which made the QR-photo test flaky. Every expectation still has to come true.
        Assertions.SetDefaultExpectTimeout(30_000);
        var serverStart = ClerkServer.StartAsync(ServerArguments);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = chromium, Headless = true, Args = ["--no-sandbox"] });
        Server = await serverStart;
        Kit = new ClerkTestKit(Server);
    }

    /// <summary>A fresh page (own context) at 1366x768 unless another size is given, collecting console messages.</summary>
    public async Task<ClerkPage> OpenAsync(int width = 1366, int height = 768)
    {
        var context = await Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            BaseURL = Server.WebBase.ToString(),
            Locale = "zh-CN",
        });
        await context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = Server.WebBase.ToString().TrimEnd('/') });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var clerk = new ClerkPage(context, page);
        await page.GotoAsync("/clerk/");
        return clerk;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        Kit?.Dispose();
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
    }
}

/// <summary>A <see cref="ClerkBrowser"/> whose server's development PKI has seals (two departments, four seals): for licence files.</summary>
public sealed class ClerkBrowserWithSeals : ClerkBrowser
{
    protected override string[] ServerArguments => ["--Trust:PkiSeals=4"];
}

/// <summary>A page of the clerk UI in its own browser context, with the console messages it logged.</summary>
public sealed class ClerkPage : IAsyncDisposable
{
    private readonly List<string> _console = [];

    public ClerkPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            lock (_console)
            {
                _console.Add(message.Type + ": " + message.Text);
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_console)
            {
                _console.Add("pageerror: " + error);
            }
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    /// <summary>Console messages and page errors so far.</summary>
    public IReadOnlyList<string> Console
    {
        get
        {
            lock (_console)
            {
                return [.. _console];
            }
        }
    }

    /// <summary>Console messages that report a Content-Security-Policy violation.</summary>
    public IReadOnlyList<string> CspViolations => [.. Console.Where(m => m.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))];

    /// <summary>Pastes <paramref name="token"/> into the sign-in form and waits for the workspace.</summary>
    public async Task SignInAsync(string token)
    {
        await Page.FillAsync("#token", token);
        await Page.ClickAsync("#sign-in-form button[type=submit]");
        await Assertions.Expect(Page.Locator("#workspace")).ToBeVisibleAsync();
    }

    /// <summary>Searches the service items for <paramref name="query"/> and picks <paramref name="code"/>.</summary>
    public async Task ChooseItemAsync(string query, string code)
    {
        await Page.FillAsync("#item-search", query);
        var option = Page.Locator($"#item-results li[data-code='{code}']");
        await option.ClickAsync();
        await Assertions.Expect(Page.Locator("#item-chosen-code")).ToHaveTextAsync(code);
    }

    /// <summary>Pastes the grant's QR text, presses Check and waits for the verdict.</summary>
    public async Task CheckQrTextAsync(string qrText)
    {
        await Page.ClickAsync("#tab-text");
        await Page.FillAsync("#qr-text", qrText);
        await Page.ClickAsync("#check");
        await Assertions.Expect(Page.Locator("#result")).ToBeVisibleAsync();
    }

    /// <summary>The verdict shown: <c>allowed</c> or <c>denied</c>.</summary>
    public Task<string?> VerdictAsync() => Page.Locator("#verdict").GetAttributeAsync("data-verdict");

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
