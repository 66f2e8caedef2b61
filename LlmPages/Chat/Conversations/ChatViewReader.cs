using Microsoft.Extensions.Options;

namespace LlmPages.Chat.Conversations;

/// <summary>Reads a <see cref="ChatView"/>: first what a turn needs, then the rest of the page.</summary>
public sealed class ChatViewReader(ConversationThreads threads, ConversationList list, ChatSettings settings, IOptions<ChatLimits> limits)
{
    /// <summary>
    /// The chat (tracked, so its settings can change; null when the id is not this person's) and the composer's
    /// choices. No id: a new chat.
    /// </summary>
    public async Task<ChatView?> FindAsync(Guid? id, string userId, CancellationToken cancellationToken)
    {
        var view = new ChatView { MaxMessageLength = limits.Value.MaxMessageLength };
        if (id is { } conversationId && (view.Conversation = await threads.FindOwnedAsync(conversationId, userId, cancellationToken)) is null)
        {
            return null;
        }
        view.Models = await settings.ModelsAsync(cancellationToken);
        view.Prompts = await settings.PromptsAsync(cancellationToken);
        return view;
    }

    /// <summary>The rest: the thread (its newest messages, or all of them), a page of the chat list, the Enter key's choice.</summary>
    public async Task LoadRestAsync(ChatView view, string userId, bool allMessages, int? listPage, CancellationToken cancellationToken)
    {
        if (view.Conversation is { } conversation)
        {
            var thread = await threads.LoadAsync(conversation, allMessages ? null : limits.Value.MessagesShown, cancellationToken);
            (view.Thread, view.EarlierMessages) = (thread.Messages, thread.Earlier);
        }
        view.Conversations = await list.PageAsync(userId, listPage, cancellationToken);
        view.SendWithEnter = await settings.SendWithEnterAsync(userId, cancellationToken);
    }
}
