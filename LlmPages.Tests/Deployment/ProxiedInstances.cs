using System.Net;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;
using Npgsql;

namespace LlmPages.Tests.Deployment;

/// <summary>
/// The README's production set-up, for real: two app processes (<c>dotnet LlmPages.dll</c>, Production) on one
/// PostgreSQL database, each with its own data folder, behind Debian's nginx running <c>deploy/nginx/llmpages.conf</c>
/// (round robin, TLS), and one fake model server both use. One per test class: starting it takes a few seconds.
/// Needs PostgreSQL (several instances share only that); on SQLite it starts nothing and its tests are skipped.
/// </summary>
public sealed class ProxiedInstances : IAsyncLifetime
{
    private readonly string firstFolder = Directory.CreateTempSubdirectory("llmpages-deploy-").FullName;
    private readonly string secondFolder = Directory.CreateTempSubdirectory("llmpages-deploy-").FullName;

    public FakeModelServer Model { get; private set; } = null!;

    public RunningApp First { get; private set; } = null!;

    public RunningApp Second { get; private set; } = null!;

    public NginxProxy Proxy { get; private set; } = null!;

    /// <summary>The instances' shared database.</summary>
    public string ConnectionString { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!TestDatabase.IsPostgres)
        {
            return;
        }
        Model = await FakeOpenAiServer.StartAsync();
        ConnectionString = TestDatabase.CreateFor(firstFolder);
        // One after the other, as an operator rolls out: the second finds the database and Hangfire's schema ready.
        First = await RunningApp.StartAsync(EnvironmentFor(firstFolder));
        Second = await RunningApp.StartAsync(EnvironmentFor(secondFolder));
        Proxy = await NginxProxy.StartAsync([First.Address, Second.Address]);
    }

    /// <summary>A browser of the site through nginx, without JavaScript, keeping its cookies in <paramref name="cookies"/>.</summary>
    public HtmlClient Browser(CookieContainer? cookies = null) => new(Proxy.CreateClient(cookies ?? new CookieContainer()));

    /// <summary>A client of one instance directly (plain HTTP, as nginx reaches it), with these cookies.</summary>
    public static HtmlClient Direct(RunningApp instance, CookieContainer cookies) =>
        new(new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = instance.Address });

    /// <summary>Which of the two instances <c>127.0.0.1:port</c> is.</summary>
    public RunningApp Instance(string address) =>
        address == $"{First.Address.Host}:{First.Address.Port}" ? First
        : address == $"{Second.Address.Host}:{Second.Address.Port}" ? Second
        : throw new InvalidOperationException($"{address} is neither instance.");

    /// <summary>Waits (polling the database) until some reply's saved text starts with <paramref name="start"/>.</summary>
    public async Task WaitForSavedReplyAsync(string start)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(deadline.Token);
        while (true)
        {
            await using var query = new NpgsqlCommand("SELECT count(*) FROM \"Messages\" WHERE \"Content\" LIKE @start", connection);
            query.Parameters.AddWithValue("start", start + "%");
            if ((long)(await query.ExecuteScalarAsync(deadline.Token))! > 0)
            {
                return;
            }
            await Task.Delay(50, deadline.Token);
        }
    }

    /// <summary>How many replies are being written, as saved (the row is <c>Streaming</c> from the send to the reply's end).</summary>
    public async Task<long> RepliesBeingWrittenAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT count(*) FROM \"Messages\" WHERE \"Status\" = 'Streaming'", connection);
        return (long)(await query.ExecuteScalarAsync())!;
    }

    private Dictionary<string, string> EnvironmentFor(string dataFolder)
    {
        var environment = TestDatabase.SettingsFor(firstFolder).ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value!);
        environment["LlmPages__Data__DataFolder"] = dataFolder;
        // The README's production settings behind nginx on the same machine.
        environment["LlmPages__Web__TrustForwardedHeaders"] = "true";
        // Every test browser comes from 127.0.0.1.
        environment["LlmPages__Web__AuthAttemptsPerWindow"] = "100000";
        environment["LlmPages__Providers__0__Name"] = "Fake";
        environment["LlmPages__Providers__0__Kind"] = "OpenAiCompatible";
        environment["LlmPages__Providers__0__BaseUrl"] = Model.BaseUrl.ToString();
        environment["LlmPages__Providers__0__Models__0__Id"] = FakeScript.WireModel;
        environment["LlmPages__Providers__0__Models__0__DisplayName"] = "Fake Model";
        environment["LlmPages__Providers__0__Models__0__Default"] = "true";
        environment["LlmPages__Chat__FlushInterval"] = "00:00:00.100";
        return environment;
    }

    public async Task DisposeAsync()
    {
        // Whatever started, if starting failed part-way (nothing on SQLite).
        foreach (var started in new IAsyncDisposable?[] { Proxy, First, Second, Model })
        {
            if (started is not null)
            {
                await started.DisposeAsync();
            }
        }
        TestDatabase.DropFor(firstFolder);
        foreach (var folder in new[] { firstFolder, secondFolder })
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS's temp cleaning.
            }
        }
    }
}
