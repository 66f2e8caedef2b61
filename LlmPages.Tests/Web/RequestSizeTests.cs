using System.Net;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;

namespace LlmPages.Tests.Web;

/// <summary>
/// A request body over <c>LlmPages:Web:MaxRequestBodyBytes</c> (1 MB by default) is refused with 413 before
/// anything reads it, with the limit in words and the news that nothing was sent, instead of the antiforgery
/// check's "the form may have expired" (it read the cut-off body first and found no token).
/// </summary>
public sealed class RequestSizeTests
{
    private static readonly string TwoMegabytes = new('y', 2 * 1024 * 1024);

    [Fact]
    public async Task APlainPostOverTheLimitGetsA413PageThatNamesTheLimitAndSavesNothing()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var conversationId = (await user.StartChatAsync("Hello")).ConversationId();
        var before = (await chat.App.MessagesAsync(conversationId)).Count;
        var page = await user.GetAsync($"/chat/{conversationId}");

        var refused = await user.SubmitAsync(page, "#composer", new Dictionary<string, string> { ["Input.Text"] = TwoMegabytes });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.Status);
        Assert.Equal("Too large to send", refused.Text("h1"));
        Assert.Contains("larger than the 1 MB this server accepts, so nothing was sent", refused.Text("main"));
        Assert.NotNull(refused.Find("link[rel=stylesheet]"));
        Assert.Equal(before, (await chat.App.MessagesAsync(conversationId)).Count);
    }

    [Fact]
    public async Task AnHtmxPostOverTheLimitShowsTheRefusalAsTheComposersError()
    {
        await using var chat = await ChatApp.StartAsync();
        using var user = await chat.NewUserAsync();
        var conversationId = (await user.StartChatAsync("Hello")).ConversationId();
        var before = (await chat.App.MessagesAsync(conversationId)).Count;

        var fragment = await user.SendWithHtmxAsync(conversationId, TwoMegabytes);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, fragment.Status);
        Assert.Equal("#composer-errors", fragment.Header("HX-Retarget"));
        Assert.Equal("innerHTML", fragment.Header("HX-Reswap"));
        Assert.Contains("larger than the 1 MB this server accepts, so nothing was sent", fragment.Text("[role=alert]"));
        Assert.DoesNotContain("<main", fragment.Html, StringComparison.Ordinal);
        Assert.Equal(before, (await chat.App.MessagesAsync(conversationId)).Count);
    }

    [Fact]
    public async Task TheLimitIsNamedAsConfigured()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Web:MaxRequestBodyBytes"] = "524288" });
        using var user = await chat.NewUserAsync();
        var page = await user.GetAsync("/chat");

        var refused = await user.SubmitAsync(page, "#composer", new Dictionary<string, string> { ["Input.Text"] = new('y', 600_000) });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.Status);
        Assert.Contains("larger than the 512 KB this server accepts", refused.Text("main"));
    }

    /// <summary>Over real sockets, where Kestrel enforces the limit too: the answer arrives whole, with its headers.</summary>
    [Fact]
    public async Task OverKestrelTheRefusalArrivesWithTheSecurityHeaders()
    {
        await using var chat = await ChatApp.StartAsync(kestrel: true);
        using var user = await chat.NewUserAsync();
        var page = await user.GetAsync("/chat");

        var refused = await user.SubmitAsync(page, "#composer", new Dictionary<string, string> { ["Input.Text"] = TwoMegabytes });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.Status);
        Assert.Contains("1 MB", refused.Text("main"));
        Assert.Contains("script-src 'self'", refused.Header("Content-Security-Policy"));
        Assert.Equal("nosniff", refused.Header("X-Content-Type-Options"));
    }

    /// <summary>A body that does not say its length up front is refused once it passes the limit.</summary>
    [Fact]
    public async Task AChunkedBodyOverTheLimitIsRefusedToo()
    {
        await using var chat = await ChatApp.StartAsync(kestrel: true);
        using var user = await chat.NewUserAsync();
        var page = await user.GetAsync("/chat");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/chat")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = page.Token(),
                ["Input.Text"] = TwoMegabytes,
            }),
        };
        request.Headers.TransferEncodingChunked = true;
        var refused = await user.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.Status);
        Assert.Contains("1 MB", refused.Text("main"));
    }
}
