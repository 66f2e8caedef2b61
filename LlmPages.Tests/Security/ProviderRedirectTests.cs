using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;
using LlmPages.Tests.Llm;
using Microsoft.Extensions.AI;

namespace LlmPages.Tests.Security;

/// <summary>
/// A model server that redirects must not get the app to send its API key to another server. .NET drops
/// <c>Authorization</c> on a redirect but not Anthropic's <c>x-api-key</c>, so the app follows no redirect at all
/// and says where the server pointed, for the admin to enter that address instead.
/// </summary>
public sealed class ProviderRedirectTests : IDisposable
{
    private const string Key = "sk-redirect-SECRET-0123456789abcdef";
    private readonly LlmServices services = new();

    public static readonly TheoryData<ProviderKind> Kinds = LlmServices.Kinds;

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task TestingAConnectionThatRedirectsSendsNothingToTheOtherServerAndNamesIt(ProviderKind kind)
    {
        await using var elsewhere = await LlmServices.StartFakeAsync(kind);
        await using var redirector = await FakeRedirector.StartAsync(elsewhere.Root);
        var connection = new ProviderConnection(kind, redirector.BaseUrlFor(elsewhere), Key);

        var result = await services.Probe.TestConnectionAsync(connection, CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.NotEmpty(redirector.Requests);
        Assert.Empty(elsewhere.Requests);
        Assert.Equal(ProviderErrorKind.Redirected, result.Error!.Kind);
        Assert.StartsWith($"The server redirected to {elsewhere.Root}", result.Error.Message);
        Assert.Contains("does not follow redirects to model servers, so that API keys are not sent elsewhere", result.Error.Message);
        Assert.DoesNotContain(Key, result.Error.Message);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task AReplyFromAServerThatRedirectsFailsWithoutSendingTheKeyOn(ProviderKind kind)
    {
        await using var elsewhere = await LlmServices.StartFakeAsync(kind);
        await using var redirector = await FakeRedirector.StartAsync(elsewhere.Root);
        var client = services.Get<ChatClientFactory>().Create(new ProviderConnection(kind, redirector.BaseUrlFor(elsewhere), Key), FakeScript.WireModel, null);

        var failure = await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (var _ in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hi")]))
            {
            }
        });

        Assert.NotEmpty(redirector.Requests);
        Assert.Empty(elsewhere.Requests);
        Assert.Equal(ProviderErrorKind.Redirected, failure.Error.Kind);
        Assert.StartsWith($"The server redirected to {elsewhere.Root}", failure.Error.Message);
    }

    [Fact]
    public async Task ARedirectWithoutAnAddressIsRefusedToo()
    {
        await using var elsewhere = await FakeOpenAiServer.StartAsync();
        await using var redirector = await FakeRedirector.StartAsync(elsewhere.Root, status: 302, withLocation: false);
        var connection = new ProviderConnection(ProviderKind.OpenAiCompatible, redirector.BaseUrlFor(elsewhere), Key);

        var result = await services.Probe.TestConnectionAsync(connection, CancellationToken.None);

        Assert.Equal(ProviderErrorKind.Redirected, result.Error!.Kind);
        Assert.StartsWith("The server answered with a redirect (HTTP 302) to no address", result.Error.Message);
    }

    /// <summary>The admin's "Test connection" and "Discover models", and a person's chat, all show the reason.</summary>
    [Theory]
    [InlineData(ProviderKind.Anthropic)]
    [InlineData(ProviderKind.OpenAiCompatible)]
    public async Task TheAdminPagesAndTheFailedReplySayTheServerRedirected(ProviderKind kind)
    {
        await using var elsewhere = await LlmServices.StartFakeAsync(kind);
        await using var redirector = await FakeRedirector.StartAsync(elsewhere.Root);
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?>
        {
            ["LlmPages:Providers:0:BaseUrl"] = redirector.BaseUrlFor(elsewhere).ToString(),
            ["LlmPages:Providers:0:ApiKey"] = Key,
            ["LlmPages:Jobs:RunServer"] = "false",
        }, kind);
        using var admin = chat.App.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var provider = await chat.App.ProviderAsync("Fake");
        var expected = $"The server redirected to {elsewhere.Root}";

        var tested = await admin.SubmitAsync(await admin.GetAsync($"/admin/providers/{provider.Id}"), "form[action$='/test']");
        var discovered = await admin.GetAsync($"/admin/providers/{provider.Id}/discover");
        using var user = await chat.NewUserAsync();
        var page = await user.StartChatAsync("Hello");
        var reply = (await chat.App.MessagesAsync(page.ConversationId()))[^1];

        Assert.Contains(expected, tested.Text("#flash"));
        Assert.Contains(expected, discovered.Text("main"));
        Assert.Equal(MessageStatus.Failed, reply.Status);
        Assert.StartsWith(expected, reply.Error);
        Assert.Contains(expected, page.Text("#thread"));
        Assert.Empty(elsewhere.Requests);
        Assert.DoesNotContain(Key, tested.Html + discovered.Html + page.Html);
    }

    public void Dispose() => services.Dispose();
}
