using LlmPages.Projects;
using Microsoft.Extensions.Options;

namespace LlmPages.Chat.Conversations;

/// <summary>Reads a <see cref="ChatView"/>: first what a turn needs, then the rest of the page.</summary>
public sealed class ChatViewReader(
    ConversationThreads threads, ConversationList list, ChatSettings settings, ProjectStore projects, IOptions<ChatLimits> limits)
{
    /// <summary>
    /// The chat (tracked, so its settings can change; null when the id is not this person's) and the composer's
    /// choices. No id: a new chat, in the project <paramref name="projectId"/> names (null when that is not one of this
    /// person's projects, or not an id at all).
    /// </summary>
    public async Task<ChatView?> FindAsync(Guid? id, string? projectId, string userId, CancellationToken cancellationToken)
    {
        var view = new ChatView { MaxMessageLength = limits.Value.MaxMessageLength, Found = true };
        if (id is { } conversationId && (view.Conversation = await threads.FindOwnedAsync(conversationId, userId, cancellationToken)) is null)
        {
            return null;
        }
        if (id is null && !string.IsNullOrEmpty(projectId)
            && (!Guid.TryParse(projectId, out var newChatProject) || (view.Project = await projects.ReadOwnedAsync(newChatProject, userId, cancellationToken)) is null))
        {
            return null;
        }
        view.Models = await settings.ModelsAsync(cancellationToken);
        view.Prompts = await settings.PromptsAsync(cancellationToken);
        return view;
    }

    /// <summary>
    /// The rest: the thread (its newest messages, or all of them), the chat's project and the projects it can move to,
    /// a page of the chat list, the Enter key's choice.
    /// </summary>
    public async Task LoadRestAsync(ChatView view, string userId, bool allMessages, int? listPage, CancellationToken cancellationToken)
    {
        if (view.Conversation is { } conversation)
        {
            var thread = await threads.LoadAsync(conversation, allMessages ? null : limits.Value.MessagesShown, cancellationToken);
            (view.Thread, view.EarlierMessages) = (thread.Messages, thread.Earlier);
            view.Projects = await projects.ChoicesAsync(userId, cancellationToken);
            view.Project = conversation.ProjectId is { } projectId ? await projects.ReadOwnedAsync(projectId, userId, cancellationToken) : null;
        }
        view.Conversations = await list.PageAsync(userId, listPage, cancellationToken);
        view.SendWithEnter = await settings.SendWithEnterAsync(userId, cancellationToken);
    }
}
