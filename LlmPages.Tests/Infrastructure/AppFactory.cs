using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace LlmPages.Tests.Infrastructure;

/// <summary>
/// The real app over its real pipeline, with its own database (SQLite in a fresh data folder, or a PostgreSQL
/// database of its own when the suite runs on PostgreSQL: <see cref="TestDatabase"/>). Settings are passed as host
/// settings so that they are visible while Program.cs builds the app.
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    /// <summary>A fresh folder, unless a test starts the app again on the folder of an earlier instance (a restart).</summary>
    public string DataFolder { get; init; } = Path.Combine(Path.GetTempPath(), "llmpages-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Leave the data folder when disposed, for another instance to start on.</summary>
    public bool KeepDataFolder { get; set; }

    /// <summary>Configuration for this app instance; change it before the first client is created.</summary>
    public Dictionary<string, string?> Settings { get; } = new()
    {
        // Tests sign in many times from one address; the rate-limit tests lower this again.
        ["LlmPages:Web:AuthAttemptsPerWindow"] = "100000",
        // Likewise for starting replies; MessageRateLimitTests lowers it.
        ["LlmPages:Web:MessagesPerWindow"] = "100000",
        // A known admin, created at start-up; tests of "the first account is admin" remove these two.
        ["LlmPages:Accounts:AdminEmail"] = AdminEmail,
        ["LlmPages:Accounts:AdminPassword"] = Accounts.Password,
    };

    public const string AdminEmail = "admin@example.test";

    /// <summary>When set, the app's clock: tests move time instead of waiting for it.</summary>
    public FakeTimeProvider? Clock { get; init; }

    /// <summary>
    /// Services a test adds to the app, e.g. an EF <c>IInterceptor</c> that watches its database work (the app adds
    /// every one registered to its context, on either engine).
    /// </summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>
    /// Keep the app's own password hashing (210,000 PBKDF2 rounds, tens of milliseconds of CPU per hash) instead of the
    /// suite's cheap one: only the test that checks the app's setting needs it.
    /// </summary>
    public bool RealPasswordHashing { get; init; }

    /// <summary>
    /// PBKDF2 rounds in tests. The suite registers and signs in thousands of times, and on two cores the app's real cost
    /// took minutes of CI; what the tests check (hashes, verification, rehashing, equal timing) does not depend on it.
    /// </summary>
    public const int TestPasswordHashIterations = 1_000;

    /// <summary>Every log message the app writes (with exceptions), from Debug up; for tests that search the logs.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Logs { get; } = new();

    public string DatabasePath => Path.Combine(DataFolder, "llmpages.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // LLMPAGES_TEST_ENV=Development shows exception pages in failing tests while debugging.
        builder.UseEnvironment(Environment.GetEnvironmentVariable("LLMPAGES_TEST_ENV") ?? "Testing");
        builder.UseSetting("LlmPages:Data:DataFolder", DataFolder);
        TestDatabase.CopySqliteTemplateTo(DatabasePath);
        if (Clock is not null)
        {
            // A fake clock fires a periodic timer once per period it is moved past: on a 23-hour move the partial
            // saver's 1 s would tick 82,800 times and the lease's 10 s 8,280 times, each renewal a write (two minutes
            // of CPU for one test). Their longest allowed periods instead.
            builder.UseSetting("LlmPages:Chat:FlushInterval", "00:01:00");
            builder.UseSetting("LlmPages:Instances:LeaseRenewInterval", "00:10:00");
            builder.UseSetting("LlmPages:Instances:LeaseDuration", "00:30:00");
        }
        foreach (var (key, value) in TestDatabase.SettingsFor(DataFolder).Concat(Settings))
        {
            builder.UseSetting(key, value);
        }
        if (Clock is not null)
        {
            builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock)));
        }
        if (!RealPasswordHashing)
        {
            builder.ConfigureServices(services => services.PostConfigure<PasswordHasherOptions>(o => o.IterationCount = TestPasswordHashIterations));
        }
        builder.ConfigureServices(TestDatabase.SkipModelComparisonAtMigration);
        if (TestServices is not null)
        {
            builder.ConfigureServices(TestServices);
        }
        builder.ConfigureLogging(logging => logging.AddProvider(new CapturingLoggerProvider(Logs)).SetMinimumLevel(LogLevel.Debug));
    }

    /// <summary>A client that keeps cookies and follows redirects, like a browser without JavaScript.</summary>
    /// <param name="baseAddress">The real server's address (<see cref="ServerAddress"/>) when serving over Kestrel.</param>
    public HtmlClient CreateHtmlClient(Uri? baseAddress = null) =>
        new(CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = true,
            HandleCookies = true,
            BaseAddress = baseAddress ?? new Uri("http://localhost"),
        }));

    /// <summary>
    /// A browser without JavaScript whose cookies live in <paramref name="cookies"/>: the test can read them, or hand the
    /// same jar to a client of <see cref="AnotherInstance"/>, as a load balancer sends one browser to either instance.
    /// </summary>
    public HtmlClient CreateHtmlClient(CookieContainer cookies) =>
        new(CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler(), new CookieContainerHandler(cookies)));

    /// <summary>
    /// A second instance of the app on this one's PostgreSQL database (with its own data folder and the same settings
    /// as the suite's, e.g. the key ring's certificate): what several instances behind a load balancer share.
    /// Change its <see cref="Settings"/> before its first client.
    /// </summary>
    public AppFactory AnotherInstance()
    {
        if (!TestDatabase.IsPostgres)
        {
            throw new InvalidOperationException("Several instances share a PostgreSQL database only: mark the test [PostgresFact].");
        }
        var other = new AppFactory();
        other.Settings["LlmPages:Database:ConnectionString"] = TestDatabase.CreateFor(DataFolder);
        return other;
    }

    /// <summary>The address of the real Kestrel server, after <c>UseKestrel(0)</c> and <c>StartServer()</c>.</summary>
    public Uri ServerAddress =>
        new(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            if (KeepDataFolder)
            {
                return;
            }
            TestDatabase.DropFor(DataFolder);
            try
            {
                Directory.Delete(DataFolder, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open is left for the OS's temp cleaning.
            }
        }
    }
}
