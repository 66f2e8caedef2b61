using LlmPages.Chat.Conversations;
using LlmPages.Chat.Rendering;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Transfers;

/// <summary>
/// Imports the chats of a file for one person, all or nothing. The file is read twice, a chat at a time: first to
/// check every chat and count them (nothing is written, so a bad file imports nothing), then to save them a few chats
/// per transaction with new ids (importing the same file twice gives two copies, never a clash). Should saving fail
/// part-way, the chats saved so far are deleted again. Models are matched by name; a model this app does not have
/// stays the chat's and the message's recorded model name.
/// </summary>
public sealed class ChatImporter(AppDbContext db, ChatSearchIndex search, TransferProgress progress)
{
    private const int ChatsPerSave = 20;

    /// <summary>How many chats the file holds, once every one of them has been checked.</summary>
    public async Task<int> CheckAsync(Func<Task<Stream>> open, CancellationToken cancellationToken)
    {
        var count = 0;
        await using var stream = await open();
        await foreach (var chat in ImportFile.ReadAsync(stream, cancellationToken))
        {
            Build(chat, ++count, "", new Dictionary<string, int>());
        }
        return count;
    }

    /// <summary>Saves every chat of the file for the owner; returns their ids. A file must be checked first.</summary>
    public async Task<IReadOnlyList<Guid>> SaveAsync(Func<Task<Stream>> open, Guid transferId, string ownerId, CancellationToken cancellationToken)
    {
        var models = await ModelsAsync(cancellationToken);
        var saved = new List<Guid>();
        try
        {
            await using var stream = await open();
            var number = 0;
            await foreach (var chat in ImportFile.ReadAsync(stream, cancellationToken))
            {
                var conversation = Build(chat, ++number, ownerId, models);
                db.Conversations.Add(conversation);
                saved.Add(conversation.Id);
                if (number % ChatsPerSave == 0)
                {
                    await SaveBatchAsync(cancellationToken);
                    await progress.CountAsync(transferId, number, cancellationToken);
                }
            }
            await SaveBatchAsync(cancellationToken);
            return saved;
        }
        catch
        {
            db.ChangeTracker.Clear();
            foreach (var batch in saved.Chunk(500))
            {
                await db.Conversations.Where(c => batch.Contains(c.Id)).ExecuteDeleteAsync(CancellationToken.None);
            }
            throw;
        }
    }

    /// <summary>Saves the chats built so far and indexes their titles and messages for the history's search, together.</summary>
    private async Task SaveBatchAsync(CancellationToken cancellationToken)
    {
        var chats = db.ChangeTracker.Entries<Conversation>().Select(e => e.Entity).ToList();
        var messages = db.ChangeTracker.Entries<Message>().Select(e => e.Entity).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var chat in chats)
            {
                await search.IndexTitleAsync(db, chat.Id, chat.Title, cancellationToken);
            }
            foreach (var message in messages)
            {
                await search.IndexMessageAsync(db, message.ConversationId, message.Id, message.Content, cancellationToken);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        db.ChangeTracker.Clear();
    }

    /// <summary>The app's models by display name and by the id their server knows them by, ignoring case.</summary>
    private async Task<Dictionary<string, int>> ModelsAsync(CancellationToken cancellationToken)
    {
        var models = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var model in await db.AiModels.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.DisplayName, m.WireModelId }).ToListAsync(cancellationToken))
        {
            models.TryAdd(model.DisplayName, model.Id);
            models.TryAdd(model.WireModelId, model.Id);
        }
        return models;
    }

    /// <summary>The chat as rows with new ids, its tree checked: every parent in the chat, no loops, the branch shown in it.</summary>
    private static Conversation Build(ArchivedChat chat, int number, string ownerId, IReadOnlyDictionary<string, int> models)
    {
        var ids = new Dictionary<Guid, Guid>();
        foreach (var message in chat.Messages.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id))
        {
            if (!ids.TryAdd(message.Id, Guid.CreateVersion7()))
            {
                throw Refused(number, chat, $"has two messages with the id {message.Id}");
            }
        }
        var byId = chat.Messages.ToDictionary(m => m.Id);
        foreach (var message in chat.Messages)
        {
            if (message.ParentId is { } parent && !byId.ContainsKey(parent))
            {
                throw Refused(number, chat, $"has a message whose parent {parent} is not in the file");
            }
            var steps = 0;
            for (var up = message.ParentId; up is { } id; up = byId[id].ParentId)
            {
                if (++steps > byId.Count)
                {
                    throw Refused(number, chat, "has messages whose parents form a loop");
                }
            }
        }
        if (chat.ActiveLeafId is { } leaf && !byId.ContainsKey(leaf))
        {
            throw Refused(number, chat, $"shows the message {leaf}, which is not in the file");
        }

        var modelId = ModelOf(chat.Model, models);
        var conversation = new Conversation
        {
            OwnerId = ownerId,
            Title = PlainTextPreview.Shorten(chat.Title, ConversationTitles.MaxLength) is { Length: > 0 } title ? title : "Imported chat",
            ModelId = modelId,
            ModelName = modelId is null ? Cut(chat.Model, 200) : null,
            SystemPrompt = string.IsNullOrWhiteSpace(chat.SystemPrompt) ? null : Cut(chat.SystemPrompt, 20_000),
            Temperature = chat.Temperature is >= 0 and <= 2 ? chat.Temperature : null,
            MaxTokens = chat.MaxTokens is >= 1 and <= 1_000_000 ? chat.MaxTokens : null,
            ActiveLeafId = chat.ActiveLeafId is { } shown ? ids[shown] : null,
            CreatedAt = Utc(chat.CreatedAt),
            UpdatedAt = Utc(chat.UpdatedAt),
        };
        // Parents before children, so each insert finds its parent already there.
        var depth = new Dictionary<Guid, int>();
        int DepthOf(ArchivedMessage m) => depth.TryGetValue(m.Id, out var d) ? d
            : depth[m.Id] = m.ParentId is { } parent ? DepthOf(byId[parent]) + 1 : 0;
        foreach (var message in chat.Messages.OrderBy(DepthOf).ThenBy(m => m.CreatedAt))
        {
            conversation.Messages.Add(new Message
            {
                Id = ids[message.Id],
                ParentId = message.ParentId is { } parent ? ids[parent] : null,
                Role = message.Role,
                Content = message.Content,
                Status = message.Status == MessageStatus.Streaming ? MessageStatus.Interrupted : message.Status,
                Error = Cut(message.Error, 2000),
                ModelId = ModelOf(message.Model, models),
                ModelName = Cut(message.Model, 200),
                PromptTokens = message.PromptTokens is >= 0 ? message.PromptTokens : null,
                CompletionTokens = message.CompletionTokens is >= 0 ? message.CompletionTokens : null,
                CreatedAt = Utc(message.CreatedAt),
                CompletedAt = message.CompletedAt is { } completed ? Utc(completed) : null,
            });
        }
        return conversation;
    }

    private static int? ModelOf(string? name, IReadOnlyDictionary<string, int> models) =>
        name is not null && models.TryGetValue(name, out var id) ? id : null;

    private static string? Cut(string? text, int length) => text is null || text.Length <= length ? text : text[..length];

    private static DateTime Utc(DateTime time) => time.Kind switch
    {
        DateTimeKind.Utc => time,
        DateTimeKind.Local => time.ToUniversalTime(),
        _ => DateTime.SpecifyKind(time, DateTimeKind.Utc),
    };

    private static ImportRefusedException Refused(int number, ArchivedChat chat, string problem) =>
        new($"Chat {number} (“{PlainTextPreview.Shorten(chat.Title, 60)}”) of the file {problem}. {ImportRefusedException.NothingImported} " +
            "The file may have been edited or damaged: export the chats again.");
}
