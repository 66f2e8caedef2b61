using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Tests.Data;

public class ModelTests
{
    [Fact]
    public async Task TimestampsComeBackAsUtc()
    {
        await using var host = await TestDataHost.StartAsync();
        var createdAt = new DateTime(2026, 11, 25, 14, 30, 0, DateTimeKind.Utc);
        using (var db = host.NewContext())
        {
            var user = TestData.User();
            user.CreatedAt = createdAt;
            user.LastSignInAt = createdAt;
            db.Add(user);
            await db.SaveChangesAsync();
        }

        using var check = host.NewContext();
        var read = await check.Users.AsNoTracking().SingleAsync();
        Assert.Equal(DateTimeKind.Utc, read.CreatedAt.Kind);
        Assert.Equal(createdAt, read.CreatedAt);
        Assert.Equal(DateTimeKind.Utc, read.LastSignInAt!.Value.Kind);
    }

    [Fact]
    public async Task ConversationsCanBeOrderedByTheirLastUpdate()
    {
        await using var host = await TestDataHost.StartAsync();
        using var db = host.NewContext();
        var user = TestData.User();
        var older = TestData.Conversation(user);
        older.UpdatedAt = DateTime.UtcNow.AddHours(-1);
        var newer = TestData.Conversation(user);
        db.AddRange(user, older, newer);
        await db.SaveChangesAsync();

        var ids = await db.Conversations.Where(c => c.OwnerId == user.Id)
            .OrderByDescending(c => c.UpdatedAt).Select(c => c.Id).ToListAsync();

        Assert.Equal([newer.Id, older.Id], ids);
    }

    [Fact]
    public async Task DeletingAConversationDeletesItsWholeMessageTree()
    {
        await using var host = await TestDataHost.StartAsync();
        Guid chatId;
        using (var db = host.NewContext())
        {
            var user = TestData.User();
            var chat = TestData.Conversation(user);
            var question = new Message { Conversation = chat, Role = MessageRole.User, Content = "Hi" };
            var first = new Message { Conversation = chat, Parent = question, Role = MessageRole.Assistant, Content = "Hello" };
            var regenerated = new Message { Conversation = chat, Parent = question, Role = MessageRole.Assistant, Content = "Hey" };
            var followUp = new Message { Conversation = chat, Parent = regenerated, Role = MessageRole.User, Content = "More" };
            db.AddRange(user, chat, question, first, regenerated, followUp);
            await db.SaveChangesAsync();
            chatId = chat.Id;
        }

        using var delete = host.NewContext();
        await delete.Conversations.Where(c => c.Id == chatId).ExecuteDeleteAsync();

        Assert.Equal(0, await delete.Messages.CountAsync());
    }

    [Fact]
    public async Task AMessageWithRepliesCannotBeDeletedOnItsOwn()
    {
        await using var host = await TestDataHost.StartAsync();
        using var db = host.NewContext();
        var user = TestData.User();
        var chat = TestData.Conversation(user);
        var question = new Message { Conversation = chat, Role = MessageRole.User, Content = "Hi" };
        var reply = new Message { Conversation = chat, Parent = question, Role = MessageRole.Assistant, Content = "Hello" };
        db.AddRange(user, chat, question, reply);
        await db.SaveChangesAsync();

        // SqliteException or PostgresException: the database itself refuses.
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(
            () => db.Messages.Where(m => m.Id == question.Id).ExecuteDeleteAsync());
    }

    [Fact]
    public async Task DeletingAModelKeepsTheChatsAndRepliesThatUsedIt()
    {
        await using var host = await TestDataHost.StartAsync();
        using var db = host.NewContext();
        var user = TestData.User();
        var model = TestData.Model(db);
        var chat = TestData.Conversation(user, model);
        var reply = new Message { Conversation = chat, Role = MessageRole.Assistant, Model = model, ModelName = model.DisplayName, Content = "Hi" };
        db.AddRange(user, chat, reply);
        await db.SaveChangesAsync();

        await db.AiModels.Where(m => m.Id == model.Id).ExecuteDeleteAsync();

        var kept = await db.Messages.AsNoTracking().Include(m => m.Conversation).SingleAsync();
        Assert.Null(kept.ModelId);
        Assert.Equal("test-model", kept.ModelName);
        Assert.Null(kept.Conversation.ModelId);
    }

    [Fact]
    public async Task DeletingAUserDeletesTheirChatsButKeepsTheirUsage()
    {
        await using var host = await TestDataHost.StartAsync();
        using var db = host.NewContext();
        var user = TestData.User();
        var chat = TestData.Conversation(user);
        db.AddRange(user, chat, new Message { Conversation = chat, Role = MessageRole.User, Content = "Hi" });
        db.AddRange(
            new Project { Owner = user, OwnerId = user.Id, Name = "Work" },
            new UserSettings { User = user, UserId = user.Id },
            new ApiKey { User = user, UserId = user.Id, Name = "cli", Prefix = "lp_abcd", KeyHash = "hash" },
            new UsageLog { UserId = user.Id, ConversationId = chat.Id, PromptTokens = 3, CompletionTokens = 5, Status = MessageStatus.Complete });
        await db.SaveChangesAsync();

        await db.Users.Where(u => u.Id == user.Id).ExecuteDeleteAsync();

        Assert.Equal(0, await db.Conversations.CountAsync() + await db.Messages.CountAsync() + await db.Projects.CountAsync()
            + await db.UserSettings.CountAsync() + await db.ApiKeys.CountAsync());
        var usage = await db.UsageLogs.AsNoTracking().SingleAsync();
        Assert.Null(usage.UserId);
        Assert.Equal(chat.Id, usage.ConversationId);
    }

    [Fact]
    public async Task OnlyOneModelCanBeTheDefault()
    {
        await using var host = await TestDataHost.StartAsync();
        using var db = host.NewContext();
        TestData.Model(db, "a").IsDefault = true;
        TestData.Model(db, "b").IsDefault = false;
        await db.SaveChangesAsync();

        TestData.Model(db, "c").IsDefault = true;

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task EnumsAreStoredByName()
    {
        await using var host = await TestDataHost.StartAsync();
        using (var db = host.NewContext())
        {
            TestData.Model(db);
            await db.SaveChangesAsync();
        }

        using var check = host.NewContext();
        var stored = await check.Database
            .SqlQueryRaw<string>("SELECT \"Kind\" || ',' || \"LastHealthStatus\" AS \"Value\" FROM \"AiProviders\"")
            .SingleAsync();
        Assert.Equal("OpenAiCompatible,Unknown", stored);
    }
}
