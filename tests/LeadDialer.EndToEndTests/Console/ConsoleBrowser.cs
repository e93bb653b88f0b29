using Microsoft.Playwright;

namespace LeadDialer.EndToEndTests.WebConsole;

/// <summary>
/// One headless Chromium (Debian's <c>/usr/bin/chromium</c>, installed by <c>deploy/dev.sh test</c>;
/// Playwright downloads no browser) shared by every console test; each test gets its own context,
/// so cookies never leak between tests.
/// </summary>
public sealed class ConsoleBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    readonly SemaphoreSlim _gate = new(1, 1);
    IPlaywright? _playwright;
    IBrowser? _browser;

    public async Task<IBrowser> Get()
    {
        await _gate.WaitAsync();
        try
        {
            if (_browser is null)
            {
                if (!File.Exists(ChromiumPath))
                {
                    throw new InvalidOperationException($"{ChromiumPath} is missing. 'deploy/dev.sh test' installs Debian's chromium package; or run 'apt-get install chromium'.");
                }

                // Generous: the machine running the tests is shared with builds (Blazor's first render
                // over the circuit can take seconds there). Conditions are still waited on, not slept.
                Assertions.SetDefaultExpectTimeout(30_000);
                _playwright = await Playwright.CreateAsync();
                _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
                {
                    ExecutablePath = ChromiumPath,
                    Headless = true,
                    Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
                });
            }

            return _browser;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _gate.Dispose();
    }
}
