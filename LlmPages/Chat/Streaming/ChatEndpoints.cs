using System.Security.Claims;
using LlmPages.Accounts;
using LlmPages.Data;
using LlmPages.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace LlmPages.Chat.Streaming;

/// <summary>The event stream of a reply: <c>GET /chat/{id}/generations/{replyId}/events</c>, for its owner only.</summary>
public static class ChatEndpoints
{
    public static IEndpointRouteBuilder MapChatStreams(this IEndpointRouteBuilder app)
    {
        app.MapGet("/chat/{id:guid}/generations/{replyId:guid}/events", EventsAsync)
            .RequireAuthorization()
            .WithName("ChatGenerationEvents");
        return app;
    }

    private static async Task<IResult> EventsAsync(
        Guid id, Guid replyId, HttpContext http, ClaimsPrincipal user, LiveReplies replies, ReplyFeed feed)
    {
        var userId = user.UserId();
        // A reply being written here is in memory with its chat and owner: no query between the reader and the model.
        // One written by another instance is followed from the database.
        var live = await replies.FindAsync(replyId, id, userId, http.RequestAborted);
        if (live is null)
        {
            // Only now a database context: one held by the request would live as long as the stream.
            var db = http.RequestServices.GetRequiredService<AppDbContext>();
            var reply = await db.Messages.AsNoTracking()
                .Where(m => m.Id == replyId && m.ConversationId == id && m.Role == MessageRole.Assistant && m.Conversation.OwnerId == userId)
                .Select(m => new { m.Status })
                .FirstOrDefaultAsync(http.RequestAborted);
            if (reply is null)
            {
                return Results.NotFound();
            }
            // Finished since the page was read (or the app restarted): only the final event.
            EventStream.Begin(http.Response);
            await EventStream.FinishedAsync(http.Response, reply.Status.ToString(), http.RequestAborted);
            return Results.Empty;
        }

        EventStream.Begin(http.Response);
        try
        {
            var batches = feed.FollowAsync(live, EventStream.ResumePoint(http.Request), user, http.RequestAborted);
            await EventStream.FollowAsync(http.Response, batches, http.RequestAborted);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The reader left; the reply goes on being written without it.
        }
        return Results.Empty;
    }
}
