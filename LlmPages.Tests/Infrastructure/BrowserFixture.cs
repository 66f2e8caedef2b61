using Microsoft.Playwright;

namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// The app on real Kestrel (a loopback port) and Debian's Chromium driven by Playwright. Playwright's own
/// browser download does not work here, so the system browser is used.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    public AppFactory App { get; } = new();
    public IPlaywright Playwright { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    public string BaseUrl { get; private set; } = "";

    // The contexts of the running test (the collection runs one test at a time), closed after it: a context left
    // open keeps its renderer, and its timers and streams burn CPU beside every later test.
    private readonly List<IBrowserContext> contexts = [];

    public async Task InitializeAsync()
    {
        App.UseKestrel(0);
        App.StartServer();
        BaseUrl = App.ServerAddress.ToString().TrimEnd('/');
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser profile (no cookies) with the given colour scheme.</summary>
    /// <param name="baseUrl">Another app to browse (e.g. one with a fake model); this fixture's app by default.</param>
    public async Task<IPage> NewPageAsync(ColorScheme colorScheme = ColorScheme.Light, bool javaScript = true, string? baseUrl = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl ?? BaseUrl,
            ColorScheme = colorScheme,
            JavaScriptEnabled = javaScript,
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            // The stylesheet honours this by making transitions instant: axe, run right after the colour scheme
            // changes, would otherwise measure a button half-way through its colour transition.
            ReducedMotion = ReducedMotion.Reduce,
        });
        lock (contexts)
        {
            contexts.Add(context);
        }
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    /// <summary>Closes every context opened since the last call; each browser test class calls it after each test.</summary>
    public async Task CloseContextsAsync()
    {
        IBrowserContext[] open;
        lock (contexts)
        {
            open = [.. contexts];
            contexts.Clear();
        }
        foreach (var context in open)
        {
            await context.CloseAsync();
        }
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}

/// <summary>
/// What every browser test class implements: xUnit makes a class instance per test and disposes it after the test,
/// which closes the pages (and their renderers) the test opened.
/// </summary>
public interface IBrowserTest : IAsyncLifetime
{
    BrowserFixture Browser { get; }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    Task IAsyncLifetime.DisposeAsync() => Browser.CloseContextsAsync();
}
