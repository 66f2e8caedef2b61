using System.Text;
using LlmPages.Data.Entities;
using LlmPages.Llm;
using Microsoft.Extensions.AI;

namespace LlmPages.Chat.Conversations;

/// <summary>
/// Turns a thread into what is sent to the model, leaving out the oldest messages (never the system prompt, never
/// the newest message, never so that it starts on a reply) so that the prompt plus the longest reply fit the model's context window.
/// Tokens are counted exactly only when they matter: the tokenizer's vocabulary costs about 40 MB of memory once
/// loaded, and most prompts fit their window with room to spare, which their UTF-8 length shows without it (every
/// token is at least one byte). The prompt's size is counted when something asks for it (a quota to hold, a
/// server that reports no usage).
/// </summary>
public sealed class PromptBuilder(TokenCounter tokens)
{
    public PromptResult Build(string? systemPrompt, IReadOnlyList<(MessageRole Role, string Content)> thread, int contextWindow, int maxReplyTokens)
    {
        var history = thread
            .Where(m => m.Content.Length > 0)
            .Select(m => new ChatMessage(m.Role == MessageRole.Assistant ? ChatRole.Assistant : ChatRole.User, m.Content))
            .ToList();
        ChatMessage[] system = string.IsNullOrWhiteSpace(systemPrompt) ? [] : [new ChatMessage(ChatRole.System, systemPrompt)];
        return Build(system, history, contextWindow, maxReplyTokens);
    }

    /// <summary>
    /// The prompt from messages already made: <paramref name="kept"/> (system messages) are always sent, first;
    /// <paramref name="history"/> loses its oldest messages as needed. The OpenAI-compatible API passes a request's
    /// messages through here, so its prompts are trimmed as a chat's are.
    /// </summary>
    public PromptResult Build(IReadOnlyList<ChatMessage> kept, IReadOnlyList<ChatMessage> history, int contextWindow, int maxReplyTokens)
    {
        var budget = contextWindow > 0 ? contextWindow - maxReplyTokens : int.MaxValue;
        // Keep the newest message whatever happens, and never start on a reply: some servers require the user first.
        var skip = 0;
        while (skip < history.Count - 1 && history[skip].Role == ChatRole.Assistant)
        {
            skip++;
        }
        if (budget > 0 && AtMost(kept, history.Skip(skip)) <= budget)
        {
            return Sent(kept, history, skip, null);
        }

        var costs = history.Select(Cost).ToList();
        var total = TokenCounter.TokensPerReply + kept.Sum(Cost) + costs.Skip(skip).Sum();
        while (skip < history.Count - 1 && (total > budget || history[skip].Role == ChatRole.Assistant))
        {
            total -= costs[skip];
            skip++;
        }
        if (total > budget)
        {
            return PromptResult.TooLong(total, budget);
        }
        return Sent(kept, history, skip, total);
    }

    /// <param name="counted">The prompt's tokens when they were counted to trim it; else counted when first asked for.</param>
    private PromptResult Sent(IReadOnlyList<ChatMessage> kept, IReadOnlyList<ChatMessage> history, int skip, int? counted)
    {
        var messages = new List<ChatMessage>(kept.Count + history.Count - skip);
        messages.AddRange(kept);
        messages.AddRange(history.Skip(skip));
        var size = counted is { } total ? new Lazy<int>(total) : new Lazy<int>(() => TokenCounter.TokensPerReply + messages.Sum(Cost));
        return new PromptResult(messages, size, skip, null);
    }

    /// <summary>At least as many tokens as the messages cost: a token is at least one byte of UTF-8.</summary>
    private static long AtMost(IEnumerable<ChatMessage> kept, IEnumerable<ChatMessage> history) =>
        TokenCounter.TokensPerReply + kept.Concat(history).Sum(m => TokenCounter.TokensPerMessage + (long)Encoding.UTF8.GetByteCount(m.Text));

    private int Cost(ChatMessage message) => TokenCounter.TokensPerMessage + tokens.Count(message.Text);
}

/// <summary>
/// The prompt, its estimated size (counted on first use: see <see cref="PromptBuilder"/>), how many messages were left
/// out, or why it cannot be sent.
/// </summary>
public sealed record PromptResult(IReadOnlyList<ChatMessage> Messages, Lazy<int> Size, int Omitted, string? Error)
{
    /// <summary>The prompt's tokens as o200k_base counts them, framing included; counted the first time it is read.</summary>
    public int EstimatedTokens => Size.Value;

    public static PromptResult TooLong(int tokens, int budget) => new([], new Lazy<int>(tokens), 0, budget <= 0
        ? "This model's context window is too small for its maximum reply length. Lower “Max tokens” in the chat settings."
        : $"Your message is too long for this model: it needs about {tokens:N0} tokens, and at most {budget:N0} fit with the reply. Shorten it, lower “Max tokens”, or choose a model with a larger context window.");
}
