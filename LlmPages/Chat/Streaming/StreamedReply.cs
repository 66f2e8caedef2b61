using LlmPages.Chat.Conversations;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// A reply streamed into a no-JS page (<c>WriteStreamedReplyAsync</c> in <c>Pages/Chat/Index.cshtml</c>): the message as the page read it,
/// the rest of its text as it is written, and a way to read the finished reply that replaces the draft.
/// </summary>
public sealed record StreamedReply(ThreadMessage Draft, IAsyncEnumerable<GenerationBatch> Rest, Func<Task<ThreadMessage?>> LoadFinishedAsync);
