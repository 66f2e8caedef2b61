using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;

namespace LlmPages.Llm;

/// <summary>
/// Counts tokens with OpenAI's o200k_base encoding: exact for current OpenAI models, a fair estimate for others.
/// Used when a server reports no usage and to trim history to a model's context window. The vocabulary
/// (about 40 MB of memory once loaded) is loaded on first use, not at start-up, and PromptBuilder avoids that use
/// while a prompt clearly fits its model's window.
/// </summary>
public sealed class TokenCounter
{
    /// <summary>OpenAI's accounting: each message costs a few tokens of framing, and so does priming the reply.</summary>
    public const int TokensPerMessage = 4;
    public const int TokensPerReply = 3;

    private readonly Lazy<Tokenizer> tokenizer = new(() => TiktokenTokenizer.CreateForEncoding("o200k_base"));

    /// <summary>Whether the vocabulary has been loaded (something has been counted).</summary>
    public bool IsLoaded => tokenizer.IsValueCreated;

    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : tokenizer.Value.CountTokens(text);

    /// <summary>The prompt tokens a list of messages costs, framing included.</summary>
    public int Count(IEnumerable<ChatMessage> messages) =>
        messages.Sum(message => TokensPerMessage + Count(message.Text)) + TokensPerReply;
}
