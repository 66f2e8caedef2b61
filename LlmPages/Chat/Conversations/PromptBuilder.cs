using LlmPages.Data.Entities;
using LlmPages.Llm;
using Microsoft.Extensions.AI;

namespace LlmPages.Chat.Conversations;

/// <summary>
/// Turns a thread into what is sent to the model, leaving out the oldest messages (never the system prompt, never
/// the newest message, never so that it starts on a reply) so that the prompt plus the longest reply fit the model's context window.
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
        var costs = history.Select(Cost).ToList();
        var fixedCost = TokenCounter.TokensPerReply + kept.Sum(Cost);
        var total = fixedCost + costs.Sum();
        var budget = contextWindow > 0 ? contextWindow - maxReplyTokens : int.MaxValue;

        var skip = 0;
        // Keep the newest message whatever happens, and never start on a reply: some servers require the user first.
        while (skip < history.Count - 1 && (total > budget || history[skip].Role == ChatRole.Assistant))
        {
            total -= costs[skip];
            skip++;
        }
        if (total > budget)
        {
            return PromptResult.TooLong(total, budget);
        }

        var messages = new List<ChatMessage>(kept.Count + history.Count - skip);
        messages.AddRange(kept);
        messages.AddRange(history.Skip(skip));
        return new PromptResult(messages, total, skip, null);
    }

    private int Cost(ChatMessage message) => TokenCounter.TokensPerMessage + tokens.Count(message.Text);
}

/// <summary>The prompt, its estimated size, how many messages were left out, or why it cannot be sent.</summary>
public sealed record PromptResult(IReadOnlyList<ChatMessage> Messages, int EstimatedTokens, int Omitted, string? Error)
{
    public static PromptResult TooLong(int tokens, int budget) => new([], tokens, 0, budget <= 0
        ? "This model's context window is too small for its maximum reply length. Lower “Max tokens” in the chat settings."
        : $"Your message is too long for this model: it needs about {tokens:N0} tokens, and at most {budget:N0} fit with the reply. Shorten it, lower “Max tokens”, or choose a model with a larger context window.");
}
