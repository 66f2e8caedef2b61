using LlmPages.Llm;
using Microsoft.Extensions.AI;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// Reads one reply's updates as they stream from a model: keeps it within the longest reply allowed
/// (<see cref="ChatLimits.MaxReplyLength"/>), and measures it (first and last token, the server's usage and finish
/// reason). The chat pages' generations and the OpenAI-compatible API read replies through one, so both cut a reply
/// at the same place and count its tokens and times alike.
/// </summary>
public sealed class ReplyMeter(TimeProvider time, int maxReplyLength)
{
    private readonly long started = time.GetTimestamp();
    private long? firstToken;
    private long? lastToken;
    private int room = maxReplyLength;

    /// <summary>The token counts the server reported, if it did.</summary>
    public UsageDetails? Usage { get; private set; }

    /// <summary>Why the server said the reply ended, if it did.</summary>
    public ChatFinishReason? FinishReason { get; private set; }

    /// <summary>
    /// The reply reached the longest reply allowed: the piece <see cref="Take"/> just returned is the last that fits,
    /// and the caller stops reading (leaving the loop ends the call).
    /// </summary>
    public bool IsCut { get; private set; }

    /// <summary>True once a first piece of text came.</summary>
    public bool HasStarted => firstToken is not null;

    /// <summary>The text of this update to keep, shortened at the limit; "" when it carries none.</summary>
    public string Take(ChatResponseUpdate update)
    {
        foreach (var content in update.Contents)
        {
            if (content is UsageContent usage)
            {
                Usage = usage.Details;
            }
        }
        FinishReason = update.FinishReason ?? FinishReason;
        var piece = update.Text;
        if (string.IsNullOrEmpty(piece))
        {
            return "";
        }
        lastToken = time.GetTimestamp();
        firstToken ??= lastToken;
        if (piece.Length >= room)
        {
            IsCut = true;
            var fitting = piece[..FittingLength(piece, room)];
            room = 0;
            return fitting;
        }
        room -= piece.Length;
        return piece;
    }

    /// <summary>
    /// The reply's figures once it ended; counts tokens itself where the server reported none (only then is the
    /// prompt's estimate counted, and the tokenizer loaded).
    /// </summary>
    public ReplyFigures Finish(string text, Lazy<int> estimatedPromptTokens, TokenCounter tokens)
    {
        var ended = lastToken ?? time.GetTimestamp();
        var completionTokens = (int?)Usage?.OutputTokenCount ?? tokens.Count(text);
        var promptTokens = (int?)Usage?.InputTokenCount ?? estimatedPromptTokens.Value;
        return new ReplyFigures(
            promptTokens,
            completionTokens,
            firstToken is { } f ? Milliseconds(started, f) : null,
            Milliseconds(started, ended),
            TokensPerSecond(completionTokens));
    }

    /// <summary>At most <paramref name="room"/> characters of the piece, never half of a surrogate pair.</summary>
    private static int FittingLength(string piece, int room) =>
        room > 0 && char.IsHighSurrogate(piece[room - 1]) ? room - 1 : room;

    private int Milliseconds(long from, long to) => (int)Math.Min(int.MaxValue, time.GetElapsedTime(from, to).TotalMilliseconds);

    /// <summary>The writing speed after the first token; with a single burst, over the whole call.</summary>
    private double? TokensPerSecond(int completionTokens)
    {
        if (firstToken is not { } first || lastToken is not { } last || completionTokens <= 0)
        {
            return null;
        }
        var seconds = time.GetElapsedTime(first, last).TotalSeconds;
        return seconds >= 0.05 && completionTokens > 1 ? Math.Round((completionTokens - 1) / seconds, 1) : null;
    }
}

/// <summary>A reply's token counts and times.</summary>
public sealed record ReplyFigures(int PromptTokens, int CompletionTokens, int? TimeToFirstTokenMs, int DurationMs, double? TokensPerSecond);
