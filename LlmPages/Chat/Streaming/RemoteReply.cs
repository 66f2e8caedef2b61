using System.Runtime.CompilerServices;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Chat.Streaming;

/// <summary>
/// A reply another instance is writing, followed from its saved text: what is saved after the reader's event number
/// now, then more each time the writer says it saved some (<see cref="RemoteReplySignals"/>, about every
/// <see cref="ChatLimits.FlushInterval"/>) or the reader's heartbeat passes, until the row is no longer streaming: then
/// the rest of the final text and the outcome. A reply whose instance died ends as interrupted when another instance
/// marks it (<see cref="Instances.InstanceLeases"/>). Holds nothing between reads but the text it has sent.
/// </summary>
public sealed class RemoteReply(Guid replyId, string savedText, RemoteReplySignals signals, IServiceScopeFactory scopes) : ILiveReply
{
    public Guid ReplyId => replyId;

    public (string Text, int LastEventId) Snapshot() => (savedText, savedText.Length);

    public async IAsyncEnumerable<GenerationBatch> ReadAsync(
        int afterEventId, TimeSpan heartbeat, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var next = Math.Max(0, afterEventId);
        var (text, outcome) = (savedText, (GenerationOutcome?)null);
        Task? beat = null;
        while (true)
        {
            // Asked for before reading, so a signal sent while reading still wakes the next wait.
            var saved = signals.NextAsync(replyId);
            if (next < text.Length || outcome is not null)
            {
                var piece = next < text.Length ? text[next..] : "";
                next = Math.Max(next, text.Length);
                yield return new GenerationBatch(next, piece, outcome);
                if (outcome is not null)
                {
                    yield break;
                }
            }
            beat ??= Task.Delay(heartbeat, time, cancellationToken);
            if (await Task.WhenAny(saved, beat) == beat)
            {
                cancellationToken.ThrowIfCancellationRequested();
                beat = null;
                yield return new GenerationBatch(next, "", null);
            }
            (text, outcome) = await ReadAsync(cancellationToken) ?? (text, new GenerationOutcome(MessageStatus.Interrupted, null));
        }
    }

    /// <summary>The saved text and, once the row is no longer streaming, the outcome; null when the reply is gone (its chat deleted).</summary>
    private async Task<(string, GenerationOutcome?)?> ReadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var row = await db.Messages.AsNoTracking().Where(m => m.Id == replyId)
            .Select(m => new { m.Content, m.Status, m.Error })
            .FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        return (row.Content, row.Status == MessageStatus.Streaming ? null : new GenerationOutcome(row.Status, row.Error));
    }
}
