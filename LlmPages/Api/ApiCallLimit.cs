using LlmPages.Chat;
using Microsoft.Extensions.Options;

namespace LlmPages.Api;

/// <summary>
/// How many API calls each person has running on this instance (<see cref="ChatLimits.MaxConcurrentApiCallsPerUser"/>).
/// A call holds its place from the check of its request to the end of its answer; one over the cap is answered 429.
/// </summary>
public sealed class ApiCallLimit(IOptions<ChatLimits> limits)
{
    private readonly Dictionary<string, int> running = [];

    /// <summary>A place for one more call of this person, or null when they have as many running as allowed.</summary>
    public Place? TryEnter(string userId)
    {
        lock (running)
        {
            var count = running.GetValueOrDefault(userId);
            if (count >= limits.Value.MaxConcurrentApiCallsPerUser)
            {
                return null;
            }
            running[userId] = count + 1;
        }
        return new Place(this, userId);
    }

    /// <summary>The cap, for the refusal's words.</summary>
    public int Cap => limits.Value.MaxConcurrentApiCallsPerUser;

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

    /// <summary>A running call's place, given back when disposed (once).</summary>
    public sealed class Place(ApiCallLimit limit, string userId) : IDisposable
    {
        private int left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref left, 1) == 0)
            {
                limit.Leave(userId);
            }
        }
    }
}
