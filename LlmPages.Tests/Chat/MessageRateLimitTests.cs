using System.Net;

namespace LlmPages.Tests.Chat;

/// <summary>Starting replies is rate-limited per person: 429 with Retry-After and a readable explanation.</summary>
public sealed class MessageRateLimitTests
{
    private static readonly Dictionary<string, string?> TwoPerWindow = new()
    {
        ["LlmPages:Web:MessagesPerWindow"] = "2",
        ["LlmPages:Web:MessageWindow"] = "00:10:00",
    };

    [Fact]
    public async Task TooManyMessagesGet429WithRetryAfterAndAReadablePage()
    {
        await using var chat = await ChatApp.StartAsync(TwoPerWindow);
        using var user = await chat.NewUserAsync();
        var first = await user.StartChatAsync("One");
        var id = first.ConversationId();
        await user.SendAsync(id, "Two");

        var refused = await user.SendAsync(id, "Three");

        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.True(int.Parse(refused.Header("Retry-After")!, System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("Try again in", refused.Text("main"));
        Assert.Equal(4, (await chat.App.MessagesAsync(id)).Count);
    }

    [Fact]
    public async Task WithHtmxTheRefusalIsShownBesideTheComposer()
    {
        await using var chat = await ChatApp.StartAsync(TwoPerWindow);
        using var user = await chat.NewUserAsync();
        var id = (await user.StartChatAsync("One")).ConversationId();
        await user.SendAsync(id, "Two");

        var refused = await user.SendWithHtmxAsync(id, "Three");

        Assert.Equal((HttpStatusCode)429, refused.Status);
        Assert.Equal("#composer-errors", refused.Header("HX-Retarget"));
        Assert.Contains("Too many messages", refused.Text("[role=alert]"));
    }

    [Fact]
    public async Task TheLimitIsPerPersonNotPerAddress()
    {
        await using var chat = await ChatApp.StartAsync(TwoPerWindow);
        using var busy = await chat.NewUserAsync("Busy");
        using var other = await chat.NewUserAsync("Other");
        var id = (await busy.StartChatAsync("One")).ConversationId();
        await busy.SendAsync(id, "Two");

        var page = await other.StartChatAsync("Hello");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal((HttpStatusCode)429, (await busy.SendAsync(id, "Three")).Status);
    }
}
