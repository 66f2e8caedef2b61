using System.Net;
using LlmPages.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace LlmPages.Tests.Web;

public sealed class HealthTests : IDisposable
{
    private readonly AppFactory app = new();

    [Fact]
    public async Task HealthzAnswers200WhenTheDatabaseAnswers()
    {
        using var http = app.CreateClient();

        var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthzAnswers503WhenTheDatabaseIsUnreachable()
    {
        using var http = app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);

        DatabaseBreaker.Break(app);
        var response = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("Unhealthy", await response.Content.ReadAsStringAsync());
    }

    public void Dispose() => app.Dispose();
}

/// <summary>
/// Makes the app's database unusable the way a lost volume or a lost server would: on SQLite the file is no longer
/// a database; on PostgreSQL the database accepts no connections and its open ones are closed.
/// </summary>
public static class DatabaseBreaker
{
    public static void Break(AppFactory app)
    {
        if (TestDatabase.IsPostgres)
        {
            TestDatabase.RefuseConnectionsFor(app.DataFolder);
            return;
        }
        SqliteConnection.ClearAllPools();
        // The app's own background work (its log sink, for one) may open the database between the delete and the
        // folder, and SQLite makes an empty file on open: then the files go again, until the folder is in place.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            foreach (var file in Directory.GetFiles(app.DataFolder, "llmpages.db*"))
            {
                File.Delete(file);
            }
            try
            {
                Directory.CreateDirectory(app.DatabasePath); // a folder where the file was: nothing can open it
                return;
            }
            catch (IOException) when (File.Exists(app.DatabasePath) && DateTime.UtcNow < deadline)
            {
            }
        }
    }
}
