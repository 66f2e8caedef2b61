using LlmPages.Chat;
using Microsoft.Extensions.Options;

namespace LlmPages.Api;

/// <summary>
/// How many API calls each person has running (<see cref="ChatLimits.MaxConcurrentApiCallsPerUser"/>). A call holds its
/// place from the check of its request to the end of its answer; one over the cap is answered 429. One per engine
/// through <see cref="Data.DatabaseEngine.AddRateLimitCounting"/>: counted in memory on SQLite (<see cref="LocalApiCallLimit"/>,
/// one instance), as rows of <c>RunningApiCalls</c> on PostgreSQL, counted over the instances with a valid lease.
/// </summary>
public abstract class ApiCallLimit(IOptions<ChatLimits> limits)
{
    /// <summary>The cap, for the refusal's words.</summary>
    public int Cap => limits.Value.MaxConcurrentApiCallsPerUser;

    /// <summary>
    /// A place for one more call of this person, given back when disposed (once); null when they have as many running as
    /// allowed.
    /// </summary>
    public abstract ValueTask<IAsyncDisposable?> TryEnterAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>The running calls of this process, in memory: SQLite's, where one process owns the database.</summary>
public sealed class LocalApiCallLimit(IOptions<ChatLimits> limits) : ApiCallLimit(limits)
{
    private readonly Dictionary<string, int> running = [];

    public override ValueTask<IAsyncDisposable?> TryEnterAsync(string userId, CancellationToken cancellationToken)
    {
        lock (running)
        {
            var count = running.GetValueOrDefault(userId);
            if (count >= Cap)
            {
                return ValueTask.FromResult<IAsyncDisposable?>(null);
            }
            running[userId] = count + 1;
        }
        return ValueTask.FromResult<IAsyncDisposable?>(new Place(this, userId));
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
