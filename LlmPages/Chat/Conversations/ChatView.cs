using LlmPages.Data.Entities;
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

    public IReadOnlyList<ThreadMessage> Thread { get; set; } = [];

    /// <summary>How many earlier messages of the branch the page leaves out (<c>?all=1</c> shows them).</summary>
    public int EarlierMessages { get; set; }

    public ConversationList.Result Conversations { get; set; } = new([], Paging.For(1, 0), "UTC");

    public IReadOnlyList<ChatSettings.ModelChoice> Models { get; set; } = [];

    public IReadOnlyList<ChatSettings.PromptChoice> Prompts { get; set; } = [];

    /// <summary>The longest message the composer takes, in characters.</summary>
    public int MaxMessageLength { get; set; }

    /// <summary>A new id for the next message sent from the composer (see <see cref="ChatTurns.SendAsync"/>).</summary>
    public Guid NextClientId { get; } = Guid.CreateVersion7();

    /// <summary>The person's choice: Enter sends (Shift+Enter for a new line), or Enter is a new line.</summary>
    public bool SendWithEnter { get; set; } = true;

    public string PageUrl(int page) => Conversation is null ? $"/chat?page={page}" : $"/chat/{Conversation.Id}?page={page}";
}
