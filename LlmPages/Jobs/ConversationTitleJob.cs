using LlmPages.Chat.Conversations;
using LlmPages.Chat.Rendering;
using LlmPages.Data;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;

namespace LlmPages.Jobs;

/// <summary>
/// Names a new chat after its first reply, in the background (Hangfire). Safe to run twice and harmless when it
/// fails: the title only changes while it is still the one made from the first words, so a rename always wins.
/// </summary>
public sealed partial class ConversationTitleJob(AppDbContext db, ChatClientCache clients, ChatSearchIndex search, ILogger<ConversationTitleJob> logger)
{
    private const string Instruction =
        "Write a short title (at most six words) for a chat that starts with the message below. " +
        "Answer with the title only: no quotes, no punctuation at the end.";

    public async Task NameAsync(Guid conversationId, CancellationToken cancellationToken)
    {
        var conversation = await db.Conversations.AsNoTracking()
            .Where(c => c.Id == conversationId)
            .Select(c => new { c.Title, c.Model })
            .FirstOrDefaultAsync(cancellationToken);
        var first = await db.Messages.AsNoTracking()
            .Where(m => m.ConversationId == conversationId && m.Role == MessageRole.User)
            .OrderBy(m => m.CreatedAt)
            .Select(m => m.Content)
            .FirstOrDefaultAsync(cancellationToken);
        if (conversation?.Model is not { IsActive: true } model || first is null)
        {
            return;
        }
        var fallback = ConversationTitles.FromFirstMessage(first);
        if (conversation.Title != fallback)
        {
            return; // renamed already
        }
        var provider = await db.AiProviders.AsNoTracking().FirstAsync(p => p.Id == model.ProviderId, cancellationToken);
        if (!provider.IsActive)
        {
            return;
        }

        string? title;
        try
        {
            var client = clients.GetClient(provider, model);
            var response = await client.GetResponseAsync(
                [new ChatMessage(ChatRole.User, $"{Instruction}\n\n{PlainTextPreview.Shorten(first, 2000)}")],
                new ChatOptions { MaxOutputTokens = 30, Temperature = 0.2f },
                cancellationToken);
            title = ConversationTitles.Clean(response.Text);
        }
        catch (ProviderException e)
        {
            LogTitleFailed(logger, conversationId, e.Error.Kind);
            return;
        }
        if (title is null)
        {
            return;
        }
        title = StoredText.Clean(title);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var renamed = await db.Conversations
            .Where(c => c.Id == conversationId && c.Title == fallback)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Title, title).SetProperty(c => c.TitleKey, NameKeys.Of(title)), cancellationToken);
        if (renamed > 0)
        {
            await search.IndexTitleAsync(db, conversationId, title, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    [LoggerMessage(1, LogLevel.Information, "No title from the model for chat {ConversationId} ({Kind}); it keeps its first words")]
    private static partial void LogTitleFailed(ILogger logger, Guid conversationId, ProviderErrorKind kind);
}
