using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Bench;

/// <summary>Writes large data straight into the running app's database, through the engine's own context.</summary>
public static class Seeder
{
    public static async Task<(Guid LongChat, Guid TypicalChat)> SeedAsync(AppDbContext db, int conversations, int longChatMessages)
    {
        var owner = await db.Users.Where(u => u.Email == AppProcess.AdminEmail).Select(u => u.Id).SingleAsync();
        var modelId = await db.AiModels.Select(m => m.Id).FirstAsync();
        var now = DateTime.UtcNow;

        var longChat = Chat(owner, modelId, "A long conversation", now, longChatMessages);
        var typical = Chat(owner, modelId, "A typical conversation", now.AddSeconds(-1), 10);
        db.Conversations.AddRange(longChat, typical);
        for (var i = 0; i < conversations - 2; i++)
        {
            db.Conversations.Add(new Conversation { OwnerId = owner, ModelId = modelId, Title = $"Chat number {i}", CreatedAt = now.AddMinutes(-i - 1), UpdatedAt = now.AddMinutes(-i - 1) });
        }
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await db.SaveChangesAsync();
        return (longChat.Id, typical.Id);
    }

    /// <summary>
    /// A project of the admin's holding <paramref name="chats"/> chats (a line of title each, as the project page reads
    /// them), beside <paramref name="otherProjects"/> smaller projects of 10 chats each for the project list; returns the big one's id.
    /// </summary>
    public static async Task<Guid> SeedProjectAsync(AppDbContext db, int chats, int otherProjects)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var owner = await db.Users.Where(u => u.Email == AppProcess.AdminEmail).Select(u => u.Id).SingleAsync();
        var modelId = await db.AiModels.Select(m => m.Id).FirstAsync();
        var now = DateTime.UtcNow;
        var big = new Project { OwnerId = owner, Name = "A big project", Description = "Ten thousand chats", CreatedAt = now, UpdatedAt = now };
        db.Projects.Add(big);
        for (var i = 0; i < chats; i++)
        {
            db.Conversations.Add(new Conversation { OwnerId = owner, ModelId = modelId, ProjectId = big.Id, Title = $"Project chat number {i}", CreatedAt = now.AddMinutes(-i), UpdatedAt = now.AddMinutes(-i) });
        }
        for (var p = 0; p < otherProjects; p++)
        {
            var project = new Project { OwnerId = owner, Name = $"Project {p}", CreatedAt = now.AddDays(-p - 1), UpdatedAt = now.AddDays(-p - 1) };
            db.Projects.Add(project);
            for (var i = 0; i < 10; i++)
            {
                db.Conversations.Add(new Conversation { OwnerId = owner, ModelId = modelId, ProjectId = project.Id, Title = $"Chat {i} of project {p}", CreatedAt = now.AddDays(-p - 1).AddMinutes(-i), UpdatedAt = now.AddDays(-p - 1).AddMinutes(-i) });
            }
        }
        await db.SaveChangesAsync();
        return big.Id;
    }

    private static Conversation Chat(string owner, int modelId, string title, DateTime at, int messages)
    {
        var chat = new Conversation { OwnerId = owner, ModelId = modelId, Title = title, CreatedAt = at, UpdatedAt = at };
        Guid? parent = null;
        for (var i = 0; i < messages; i++)
        {
            var user = i % 2 == 0;
            var text = user
                ? $"Question {i}: how does this part of the system behave when many people use it at once?"
                : $"Answer {i}. It behaves **well**:\n\n- one\n- two\n\n```csharp\nvar x = {i};\n```\n\nA paragraph of explanation that is about as long as a typical reply from a model, with some `code` and a [link](https://example.com).";
            var message = new Message
            {
                ConversationId = chat.Id,
                ParentId = parent,
                Role = user ? MessageRole.User : MessageRole.Assistant,
                Content = text,
                ContentHtml = user ? null : $"<p>Answer {i}. It behaves <strong>well</strong>:</p><ul><li>one</li><li>two</li></ul><pre tabindex=\"0\"><code class=\"language-csharp\">var x = {i};</code></pre><p>A paragraph of explanation that is about as long as a typical reply from a model, with some <code>code</code> and a <a href=\"https://example.com\" rel=\"nofollow noopener noreferrer\">link</a>.</p>",
                ModelId = user ? null : modelId,
                ModelName = user ? null : "Bench Model",
                PromptTokens = user ? null : 100 + i,
                CompletionTokens = user ? null : 60,
                TimeToFirstTokenMs = user ? null : 120,
                DurationMs = user ? null : 3000,
                TokensPerSecond = user ? null : 20,
                CreatedAt = at.AddMilliseconds(-messages + i),
                CompletedAt = at,
            };
            chat.Messages.Add(message);
            parent = message.Id;
        }
        chat.ActiveLeafId = parent;
        return chat;
    }
}
