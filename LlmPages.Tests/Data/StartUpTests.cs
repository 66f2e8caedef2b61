using LlmPages.Data;
using LlmPages.Data.Entities;
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

    [Fact]
    public async Task ThePostgresProviderStopsStartUpWithAClearMessage()
    {
        await using var host = TestDataHost.Create(new() { ["LlmPages:Database:Provider"] = "Postgres" });

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => host.Host.MigrateDatabaseAsync());

        Assert.Contains("supports only Sqlite", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARelativeDataFolderIsCreatedUnderTheContentRoot()
    {
        await using var host = TestDataHost.Create(new() { ["LlmPages:Data:DataFolder"] = "state/db" });

        await host.Host.MigrateDatabaseAsync();

        Assert.True(File.Exists(Path.Combine(host.ContentRoot, "state", "db", "llmpages.db")));
    }
}
