using System.Globalization;
using System.Text;
using LlmPages.Chat.Conversations;
using LlmPages.Data.Entities;

namespace LlmPages.Transfers;

/// <summary>
/// A chat as a Markdown document for reading: its title, model and the branch shown, each message under a heading
/// with its author and time. Other branches are left out (the JSON export keeps them). Replies are Markdown already
/// and go in as they are; a person's messages are plain text, so they are quoted and read as what they were.
/// </summary>
public static class ChatMarkdown
{
    public static string Write(ArchivedChat chat)
    {
        var tree = new MessageTree(chat.Messages.Select(m => new MessageTree.Node(m.Id, m.ParentId, m.Role, m.CreatedAt)));
        var byId = chat.Messages.ToDictionary(m => m.Id);
        var text = new StringBuilder();
        text.Append("# ").AppendLine(OneLine(chat.Title)).AppendLine();
        if (chat.Model is { } model)
        {
            text.Append("Model: ").AppendLine(OneLine(model)).AppendLine();
        }
        text.Append("Started: ").AppendLine(Time(chat.CreatedAt)).AppendLine();
        if (!string.IsNullOrWhiteSpace(chat.SystemPrompt))
        {
            text.AppendLine("## System prompt").AppendLine().AppendLine(Quote(chat.SystemPrompt)).AppendLine();
        }
        foreach (var node in tree.PathTo(tree.ShownLeaf(chat.ActiveLeafId)))
        {
            var message = byId[node.Id];
            var author = message.Role switch
            {
                MessageRole.User => "You",
                MessageRole.Assistant => message.Model ?? "Assistant",
                _ => "System",
            };
            text.Append("## ").Append(OneLine(author)).Append(" · ").AppendLine(Time(message.CreatedAt)).AppendLine();
            text.AppendLine(message.Role == MessageRole.User ? Quote(message.Content) : message.Content.TrimEnd()).AppendLine();
            if (message.Status is not (MessageStatus.Complete or MessageStatus.Streaming))
            {
                text.Append("*(").Append(message.Status).Append(message.Error is { } error ? $": {OneLine(error)}" : "").AppendLine(")*").AppendLine();
            }
        }
        return text.ToString();
    }

    private static string Time(DateTime time) => time.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static string Quote(string text) =>
        string.Join('\n', text.TrimEnd().ReplaceLineEndings("\n").Split('\n').Select(line => line.Length == 0 ? ">" : $"> {line}"));
}
