using LlmPages.Data.Entities;
using LlmPages.Projects;
using LlmPages.Web;

namespace LlmPages.Chat.Conversations;

/// <summary>
/// What the chat page shows apart from its forms, for one person: the chat (or none, for a new one), the newest
/// messages of the branch shown, the list of chats, and the choices the composer offers. Read by
/// <see cref="ChatViewReader"/> in two steps, so a send reads only what its turn needs before the model is asked.
/// </summary>
public sealed class ChatView
{
    public Conversation? Conversation { get; set; }

    /// <summary>
    /// The project the chat is in, or, for a new chat (<c>/chat?projectId=</c>), the project it will be filed in, whose
    /// defaults the composer starts with. Not tracked.
    /// </summary>
    public Project? Project { get; set; }

    /// <summary>The person's projects, for moving the chat into one (read only for an existing chat).</summary>
    public IReadOnlyList<ProjectChoice> Projects { get; set; } = [];

    /// <summary>False for the empty view the page starts with; <see cref="ChatViewReader.FindAsync"/> sets it when the chat (or project) is the person's.</summary>
    public bool Found { get; init; }

    public IReadOnlyList<ThreadMessage> Thread { get; set; } = [];

    /// <summary>How many earlier messages of the branch the page leaves out (<c>?all=1</c> shows them).</summary>
    public int EarlierMessages { get; set; }

    public ConversationList.Result Conversations { get; set; } = new([], Paging.For(1, 0), "UTC");

    public IReadOnlyList<ChatSettings.ModelChoice> Models { get; set; } = [];

    public IReadOnlyList<ChatSettings.PromptChoice> Prompts { get; set; } = [];

    /// <summary>Whether <see cref="Models"/> and <see cref="Prompts"/> have been read (<see cref="ChatViewReader.LoadChoicesAsync"/>).</summary>
    public bool HasChoices { get; set; }

    /// <summary>The longest message the composer takes, in characters.</summary>
    public int MaxMessageLength { get; set; }

    /// <summary>A new id for the next message sent from the composer (see <see cref="ChatTurns.SendAsync"/>).</summary>
    public Guid NextClientId { get; } = Guid.CreateVersion7();

    /// <summary>The person's choice: Enter sends (Shift+Enter for a new line), or Enter is a new line.</summary>
    public bool SendWithEnter { get; set; } = true;

    /// <summary>Where the composer posts: the chat, or a new chat (in its project, if it starts in one).</summary>
    public string ComposerAction =>
        Conversation is not null ? $"/chat/{Conversation.Id}" : Project is not null ? $"/chat?projectId={Project.Id}" : "/chat";

    public string PageUrl(int page) => $"{ComposerAction}{(ComposerAction.Contains('?', StringComparison.Ordinal) ? '&' : '?')}page={page}";
}
