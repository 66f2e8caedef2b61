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
    /// person's projects, or not an id at all). A send asks for the choices only when its settings need them
    /// (<see cref="ChatSettings.NeedsChoices"/>): <paramref name="withChoices"/> false.
    /// </summary>
    public async Task<ChatView?> FindAsync(Guid? id, string? projectId, string userId, CancellationToken cancellationToken, bool withChoices = true)
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
        if (withChoices)
        {
            await LoadChoicesAsync(view, cancellationToken);
        }
        return view;
    }

    /// <summary>The models and saved prompts the composer offers, unless the view has them already.</summary>
    public async Task LoadChoicesAsync(ChatView view, CancellationToken cancellationToken)
    {
        if (view.HasChoices)
        {
            return;
        }
        view.Models = await settings.ModelsAsync(cancellationToken);
        view.Prompts = await settings.PromptsAsync(cancellationToken);
        view.HasChoices = true;
    }

    /// <summary>
    /// The rest: the composer's choices if not read yet, the thread (its newest messages, or all of them), the chat's
    /// project and the projects it can move to, a page of the chat list, the Enter key's choice.
    /// </summary>
    public async Task LoadRestAsync(ChatView view, string userId, bool allMessages, int? listPage, CancellationToken cancellationToken)
    {
        await LoadChoicesAsync(view, cancellationToken);
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
