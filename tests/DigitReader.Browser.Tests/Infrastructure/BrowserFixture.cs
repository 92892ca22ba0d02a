using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DigitReader.Browser.Tests.Infrastructure;

/// <summary>
/// The real app on Kestrel (a free loopback port, a temporary SQLite database) and Debian's headless
/// Chromium driven by Playwright. Playwright never downloads a browser here: a missing
/// /usr/bin/chromium is a test failure with instructions.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The Chromium binary the tests drive.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "digitreader-browser-tests", Guid.NewGuid().ToString("N"));
    private KestrelApp? _app;
    private IPlaywright? _playwright;

    /// <summary>The browser.</summary>
    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The app's base address, e.g. http://127.0.0.1:41234.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Where screenshots go: artifacts/screenshots under the test output directory (never committed).</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium was not found at {ChromiumPath}. Install Debian's package (apt-get install chromium); "
                + "the browser tests drive that binary and never download a browser.");
        Directory.CreateDirectory(ScreenshotDirectory);

        _app = new KestrelApp(_dataDirectory);
        _app.StartServer();
        BaseUrl = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh browser context (own cookies) and page at the given viewport.</summary>
    public async Task<IPage> NewPageAsync(int width = 1440, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, ViewportSize = new ViewportSize { Width = width, Height = height } });
        var page = await context.NewPageAsync();
        // Generous: the machine is shared with builds and training, and a slow step is not a failure.
        page.SetDefaultTimeout(45_000);
        return page;
    }

    /// <summary>Saves a full-page screenshot as artifacts/screenshots/<paramref name="name"/>.png.</summary>
    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }

    /// <summary>WebApplicationFactory on real Kestrel bound to 127.0.0.1 and a port the OS picks.</summary>
    private sealed class KestrelApp : WebApplicationFactory<Program>
    {
        private readonly string _dataDirectory;

        public KestrelApp(string dataDirectory)
        {
            _dataDirectory = dataDirectory;
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("DigitReader:DataDirectory", _dataDirectory);
            builder.UseSetting("RateLimits:Recognition:PermitLimit", "100000");
            builder.UseSetting("RateLimits:Accounts:PermitLimit", "100000");
        }
    }
}

/// <summary>One app and one browser for all browser tests.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "browser";
}
