using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace LlmPages.Bench;

/// <summary>
/// A person with a long history, written straight into the running app's SQLite database and then indexed the way the
/// app indexes what it finds unindexed at start-up (<see cref="ChatSearchIndex.IndexMissingAsync"/>), so the search
/// reads the very index the app writes.
/// </summary>
public static class HistorySeeder
{
    private static readonly string[] Animals =
    [
        "axolotl", "badger", "capybara", "dingo", "echidna", "ferret", "gecko", "heron", "ibis", "jackal",
        "kiwi", "lemur", "marmot", "narwhal", "ocelot", "pangolin", "quokka", "raccoon", "stoat", "tapir",
        "urchin", "vole", "walrus", "yak", "zebu", "alpaca", "bison", "cougar", "dormouse", "egret",
        "falcon", "gibbon", "hyena", "iguana", "jaguar", "koala", "llama", "mongoose", "newt", "okapi",
        "puffin", "quail", "reindeer", "sloth", "toucan", "uakari", "vulture", "wombat", "xerus", "zorilla",
    ];

    /// <summary>One topic word per chat, each in about 1 chat in <see cref="Topics"/>.Length.</summary>
    public static readonly string[] Topics = [.. Enumerable.Range(0, 100).Select(i => $"{Animals[i % Animals.Length]}{(i < Animals.Length ? "" : "s")}")];

    /// <param name="open">Opens a context on the running app's database.</param>
    /// <param name="postgres">Whether that database is PostgreSQL (else SQLite).</param>
    /// <param name="messagesPerChat">Half questions, half answers: 20 for 10,000 chats makes 200,000 messages.</param>
    public static async Task SeedAsync(Func<AppDbContext> open, bool postgres, int conversations, int messagesPerChat)
    {
        string owner;
        int modelId;
        await using (var db = open())
        {
            owner = await db.Users.Where(u => u.Email == AppProcess.AdminEmail).Select(u => u.Id).SingleAsync();
            modelId = await db.AiModels.Select(m => m.Id).FirstAsync();
        }
        var now = DateTime.UtcNow;
        const int Batch = 250;
        for (var first = 0; first < conversations; first += Batch)
        {
            await using var db = open();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var c = first; c < Math.Min(first + Batch, conversations); c++)
            {
                db.Conversations.Add(Chat(owner, modelId, c, now.AddMinutes(-c), messagesPerChat));
            }
            await db.SaveChangesAsync();
        }
        await using (var db = open())
        {
            // The engine's own index, as the app picks it from its settings.
            var settings = new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["LlmPages:Database:Provider"] = postgres ? "Postgres" : "Sqlite" })
                .Build();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
            await DatabaseEngine.For(settings).ChatSearch.IndexMissingAsync(db, CancellationToken.None);
        }
    }

    private static Conversation Chat(string owner, int modelId, int number, DateTime at, int messages)
    {
        var topic = Topics[number % Topics.Length];
        var chat = new Conversation { OwnerId = owner, ModelId = modelId, Title = $"About the {topic}, part {number}", CreatedAt = at, UpdatedAt = at };
        Guid? parent = null;
        for (var i = 0; i < messages; i++)
        {
            var user = i % 2 == 0;
            var text = user
                ? $"Question {i} of chat {number}: what does the {topic} eat, and how does it behave when many people watch it at once?"
                : $"Answer {i}. The {topic} behaves **well**:\n\n- it eats plants\n- it sleeps by day\n\n```csharp\nvar x = {i};\n```\n\nA paragraph of explanation that is about as long as a typical reply from a model, with some `code` and a [link](https://example.com).";
            var message = new Message
            {
                ConversationId = chat.Id,
                ParentId = parent,
                Role = user ? MessageRole.User : MessageRole.Assistant,
                Content = text,
                ContentHtml = user ? null : $"<p>Answer {i}. The {topic} behaves <strong>well</strong>.</p>",
                ModelId = user ? null : modelId,
                ModelName = user ? null : "Bench Model",
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
