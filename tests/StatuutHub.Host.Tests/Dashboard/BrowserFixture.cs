using Microsoft.Playwright;

namespace StatuutHub.Host.Tests.Dashboard;

/// <summary>Debian's Chromium driven by Playwright (Playwright cannot download its own browser here).
/// ops/test.sh installs the chromium package when it is missing.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        const string chromium = "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException("Chromium is not installed at /usr/bin/chromium; run `bash ops/test.sh`, which installs it.");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotDirectory);
    }

    /// <summary>A browser context whose waits end on a condition, with a ceiling a loaded CI machine does not reach: beside
    /// other test assemblies on two cores, loading the API reference's 3 MB script once took longer than Playwright's 30 s.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions());
        context.SetDefaultTimeout(CeilingMilliseconds);
        context.SetDefaultNavigationTimeout(CeilingMilliseconds);
        return context;
    }

    /// <summary>How long any one wait may take before the test fails.</summary>
    public const float CeilingMilliseconds = 120_000;

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
