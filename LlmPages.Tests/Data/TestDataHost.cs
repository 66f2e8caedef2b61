using LlmPages.Data;
using LlmPages.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LlmPages.Tests.Data;

/// <summary>
/// A host with only the data layer, wired exactly as the app does (<c>AddAppData</c>), whose content root is a
/// fresh temporary folder, so each test gets its own database: a file in WAL mode, or a PostgreSQL database of its own
/// (<see cref="TestDatabase"/>).
/// </summary>
internal sealed class TestDataHost : IAsyncDisposable
{
    private TestDataHost(string contentRoot, IHost host)
    {
        ContentRoot = contentRoot;
        Host = host;
    }

    public string ContentRoot { get; }

    public IHost Host { get; }

    public string DatabasePath => Path.Combine(ContentRoot, "data", "llmpages.db");

    public static TestDataHost Create(Dictionary<string, string?>? settings = null)
    {
        var contentRoot = Directory.CreateTempSubdirectory("llmpages-data-").FullName;
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(
            new HostApplicationBuilderSettings { ContentRootPath = contentRoot, DisableDefaults = true });
        // The test's own settings after the engine's, so they win.
        builder.Configuration.AddInMemoryCollection(TestDatabase.SettingsFor(contentRoot)).AddInMemoryCollection(settings ?? []);
        builder.AddAppData();
        return new TestDataHost(contentRoot, builder.Build());
    }

    /// <summary>Starts like the app: migrate and recover.</summary>
    public static async Task<TestDataHost> StartAsync()
    {
        var host = Create();
        await host.Host.MigrateDatabaseAsync();
        return host;
    }

    /// <summary>A context in its own scope, as a request would get it.</summary>
    public AppDbContext NewContext() =>
        Host.Services.CreateScope().ServiceProvider.GetRequiredService<AppDbContext>();

    public SqliteConnection OpenRawConnection()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }

        // Pooled connections keep the file open; let go of this test's before deleting it.
        using (var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, ForeignKeys = true }.ToString()))
        {
            SqliteConnection.ClearPool(connection);
        }

        TestDatabase.DropFor(ContentRoot);
        Directory.Delete(ContentRoot, recursive: true);
    }
}
