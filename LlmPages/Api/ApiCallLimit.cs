using LlmPages.Chat;
using Microsoft.Extensions.Options;

namespace LlmPages.Api;

/// <summary>
/// How many API calls each person has running (<see cref="ChatLimits.MaxConcurrentApiCallsPerUser"/>). A call holds its
/// place from the check of its request to the end of its answer; one over the cap is answered 429. One per engine
/// through <see cref="Data.DatabaseEngine.AddRateLimitCounting"/>: counted in memory on SQLite (<see cref="LocalApiCallLimit"/>,
/// one instance), as rows of <c>RunningApiCalls</c> on PostgreSQL, counted over the instances with a valid lease.
/// On PostgreSQL a call's place and its count in the person's message window (the budget it shares with the chat
/// pages' sends, <see cref="Web.RateLimits.Messages"/>) are taken in one round trip (<see cref="CountsMessageWindow"/>):
/// each is a query before the call can reach the model.
/// </summary>
public abstract class ApiCallLimit(IOptions<ChatLimits> limits)
{
    /// <summary>The cap, for the refusal's words.</summary>
    public int Cap => limits.Value.MaxConcurrentApiCallsPerUser;

    /// <summary>
    /// Whether <see cref="TryEnterAsync"/> also counts the call in its owner's message window, so the rate limiter's
    /// <see cref="Web.RateLimits.Messages"/> policy leaves API calls to it.
    /// </summary>
    public virtual bool CountsMessageWindow => false;

    /// <summary>
    /// A place for one more call of this person, given back when disposed (once); none when they have as many running as
    /// allowed, or (where <see cref="CountsMessageWindow"/>) when their message window is used up.
    /// </summary>
    public abstract ValueTask<ApiCallEntry> TryEnterAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>
/// What <see cref="ApiCallLimit.TryEnterAsync"/> answered: the call's <see cref="Place"/>, or why it has none: its owner's
/// message window is used up for <see cref="RateLimitedFor"/>, or else they have the most calls running.
/// </summary>
public readonly record struct ApiCallEntry(IAsyncDisposable? Place, TimeSpan? RateLimitedFor = null);

/// <summary>The running calls of this process, in memory: SQLite's, where one process owns the database.</summary>
public sealed class LocalApiCallLimit(IOptions<ChatLimits> limits) : ApiCallLimit(limits)
{
    private readonly Dictionary<string, int> running = [];

    public override ValueTask<ApiCallEntry> TryEnterAsync(string userId, CancellationToken cancellationToken)
    {
        lock (running)
        {
            var count = running.GetValueOrDefault(userId);
            if (count >= Cap)
            {
                return ValueTask.FromResult(new ApiCallEntry(null));
            }
            running[userId] = count + 1;
        }
        return ValueTask.FromResult(new ApiCallEntry(new Place(this, userId)));
    }

    private void Leave(string userId)
    {
        lock (running)
        {
            if (running[userId] <= 1)
            {
                running.Remove(userId);
            }
            else
            {
                running[userId]--;
            }
        }
    }

    private sealed class Place(LocalApiCallLimit limit, string userId) : IAsyncDisposable
    {
        private int left;

        public ValueTask DisposeAsync()
        {
            if (Interlocked.Exchange(ref left, 1) == 0)
            {
                limit.Leave(userId);
            }
            return ValueTask.CompletedTask;
        }
    }
}
