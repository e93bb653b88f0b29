using Microsoft.Playwright;

namespace LeadDialer.EndToEndTests.WebConsole;

/// <summary>A browser context on the console through the real gateway, with a screenshot at the end of each test.</summary>
public sealed class ConsoleSession : IAsyncDisposable
{
    readonly IBrowserContext _context;
    readonly string _test;
    readonly List<string> _browserLog = [];

    ConsoleSession(IBrowserContext context, IPage page, string test)
    {
        _context = context;
        Page = page;
        _test = test;
    }

    public IPage Page { get; }

    /// <summary>Where screenshots go: <c>.artifacts/screenshots/&lt;test&gt;.png</c> (git ignores .artifacts).</summary>
    public static string ScreenshotPath(string test) =>
        Path.Combine(LeadDialerSystem.RepositoryRootPath, ".artifacts", "screenshots", $"{test}.png");

    public static async Task<ConsoleSession> Open(LeadDialerSystem system, string test, int width = 1280, int height = 900)
    {
        var browser = await system.Browser.Get();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = system.Gateway.BaseAddress!.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            Locale = "en-US",
        });
        // Generous: the machine running the tests is shared with builds.
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var session = new ConsoleSession(context, page, test);
        // The browser's console next to the screenshot: what went wrong in the page, if anything.
        page.Console += (_, message) => session._browserLog.Add($"{message.Type}: {message.Text}");
        page.PageError += (_, error) => session._browserLog.Add($"page error: {error}");
        return session;
    }

    /// <summary>Signs in with the key and waits for the Leads screen.</summary>
    public static async Task<ConsoleSession> SignedIn(LeadDialerSystem system, string test, int width = 1280, int height = 900)
    {
        var session = await Open(system, test, width, height);
        await session.SignIn(LeadDialerSystem.ApiKey);
        await Assertions.Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Leads", Exact = true })).ToBeVisibleAsync();
        return session;
    }

    public async Task SignIn(string key)
    {
        await Page.GotoAsync("/signin");
        await Page.GetByLabel("API key").FillAsync(key);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>Follows a menu link (client-side navigation: no page reload).</summary>
    public Task Navigate(string menuItem) =>
        Page.GetByRole(AriaRole.Navigation).Or(Page.Locator(".mud-navmenu")).First
            .GetByRole(AriaRole.Link, new() { Name = menuItem, Exact = true }).ClickAsync();

    public async Task Screenshot(string? name = null)
    {
        var path = ScreenshotPath(name ?? _test);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        await File.WriteAllLinesAsync(Path.ChangeExtension(path, ".console.log"), _browserLog);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Screenshot();
        }
        finally
        {
            await _context.DisposeAsync();
        }
    }
}
