using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Data;

public class StartUpTests
{
    [Fact]
    public async Task RepliesStillStreamingWhenTheAppStoppedAreMarkedInterruptedAtTheNextStart()
    {
        await using var host = await TestDataHost.StartAsync();
        Guid streamingId, completeId;
        using (var db = host.NewContext())
        {
            var user = TestData.User();
            var chat = TestData.Conversation(user);
            var question = new Message { Conversation = chat, Role = MessageRole.User, Content = "Hi" };
            var reply = new Message { Conversation = chat, Parent = question, Role = MessageRole.Assistant, Content = "Hel", Status = MessageStatus.Streaming };
            db.AddRange(user, chat, question, reply);
            await db.SaveChangesAsync();
            (streamingId, completeId) = (reply.Id, question.Id);
        }

        await host.Host.MigrateDatabaseAsync();

        using var check = host.NewContext();
        var interrupted = await check.Messages.AsNoTracking().SingleAsync(m => m.Id == streamingId);
        Assert.Equal(MessageStatus.Interrupted, interrupted.Status);
        Assert.Equal("The app restarted while this reply was being written.", interrupted.Error);
        Assert.Equal("Hel", interrupted.Content);
        var untouched = await check.Messages.AsNoTracking().SingleAsync(m => m.Id == completeId);
        Assert.Equal(MessageStatus.Complete, untouched.Status);
        Assert.Null(untouched.Error);
    }

    [Theory]
    [InlineData("Host=;Database=llmpages", "names no server")]
    [InlineData("Hots=db;Database=llmpages", "is not a valid PostgreSQL connection string")]
    [InlineData("", "must name the server")]
    public async Task ABadPostgresConnectionStringStopsStartUpWithAMessageNamingTheSetting(string connectionString, string reason)
    {
        await using var host = TestDataHost.Create(new()
        {
            ["LlmPages:Database:Provider"] = "Postgres",
            ["LlmPages:Database:ConnectionString"] = connectionString,
        });

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => host.Host.MigrateDatabaseAsync());

        Assert.Contains("LlmPages:Database:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APostgresServerThatNeverAnswersStopsStartUpAfterTheWaitWithAMessageNamingTheSettings()
    {
        // A port on loopback that nothing listens on: connections are refused at once, and retried until the wait ends.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var host = TestDataHost.Create(new()
        {
            ["LlmPages:Database:Provider"] = "Postgres",
            ["LlmPages:Database:ConnectionString"] = $"Host=127.0.0.1;Port={port};Database=llmpages;Username=app;Password=secret-password",
            ["LlmPages:Database:StartupTimeout"] = "00:00:02",
        });

        var error = await Assert.ThrowsAsync<DatabaseUnavailableException>(() => host.Host.MigrateDatabaseAsync());

        Assert.Contains("LlmPages:Database:ConnectionString", error.Message, StringComparison.Ordinal);
        Assert.Contains("LlmPages:Database:StartupTimeout", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-password", error.Message, StringComparison.Ordinal);
    }

    [SqliteFact]
    public async Task ARelativeDataFolderIsCreatedUnderTheContentRoot()
    {
        await using var host = TestDataHost.Create(new() { ["LlmPages:Data:DataFolder"] = "state/db" });

        await host.Host.MigrateDatabaseAsync();

        Assert.True(File.Exists(Path.Combine(host.ContentRoot, "state", "db", "llmpages.db")));
    }
}
