using LlmPages.Data.Entities;
using LlmPages.Jobs;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LlmPages.Tests.Llm;

/// <summary>
/// A stored API key that no longer decrypts (the app's Data Protection keys were lost or replaced) is one
/// failure with one message wherever the provider is used: chat, "Test connection", "Discover models", the
/// title job and the health job.
/// </summary>
public sealed class UnreadableKeyTests
{
    private const string Unreadable =
        "The stored API key of “Fake” cannot be read: the app's encryption keys have changed since it was saved. "
        + "An administrator has to enter the key again on the provider's page.";

    [Fact]
    public async Task AnUnreadableKeyIsExplainedTheSameWayByChatTestConnectionDiscoveryAndTheJobs()
    {
        await using var chat = await ChatApp.StartAsync(new Dictionary<string, string?> { ["LlmPages:Jobs:RunServer"] = "false" });
        using var user = await chat.NewUserAsync();
        var conversationId = (await user.StartChatAsync("Plan a weekend in Lisbon")).ConversationId();
        var provider = await chat.App.ProviderAsync("Fake");
        // Encrypted with keys this app does not have.
        await chat.App.WithDbAsync(db => db.AiProviders.Where(p => p.Id == provider.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.ProtectedApiKey, "CfDJ8NotAKeyThisAppCanDecrypt0123456789")));
        var requestsBefore = chat.Model.Requests.Count;

        var refused = await user.SendAsync(conversationId, "And the food?");
        Assert.Contains(Unreadable, refused.Text("#composer"), StringComparison.Ordinal);

        using var admin = chat.App.CreateHtmlClient();
        await admin.LoginAsync(AppFactory.AdminEmail);
        var tested = await admin.SubmitAsync(await admin.GetAsync($"/admin/providers/{provider.Id}"), "form[action$='/test']");
        Assert.Contains(Unreadable, tested.Text("#flash"), StringComparison.Ordinal);
        Assert.Equal(Unreadable, (await chat.App.ProviderAsync("Fake")).LastHealthError);

        var discover = await admin.GetAsync($"/admin/providers/{provider.Id}/discover");
        Assert.Contains(Unreadable, discover.Text("main"), StringComparison.Ordinal);

        await using (var scope = chat.App.Services.CreateAsyncScope())
        {
            await chat.App.WithDbAsync(db => db.AiProviders.Where(p => p.Id == provider.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(p => p.LastHealthError, (string?)null)));
            await scope.ServiceProvider.GetRequiredService<ProviderHealthJob>().CheckAllAsync(CancellationToken.None);
            // The title job gives up quietly (the chat keeps its first words) instead of failing for Hangfire to retry.
            await scope.ServiceProvider.GetRequiredService<ConversationTitleJob>().NameAsync(conversationId, CancellationToken.None);
        }
        var checkedByJob = await chat.App.ProviderAsync("Fake");
        Assert.Equal((ProviderHealthStatus.Unhealthy, Unreadable), (checkedByJob.LastHealthStatus, checkedByJob.LastHealthError));
        Assert.Equal("Plan a weekend in Lisbon",
            await chat.App.WithDbAsync(db => db.Conversations.Where(c => c.Id == conversationId).Select(c => c.Title).SingleAsync()));

        Assert.Equal(requestsBefore, chat.Model.Requests.Count); // nothing was sent without its key
        Assert.Contains(chat.App.Logs, l => l.Contains($"The stored API key of provider {provider.Id} cannot be decrypted", StringComparison.Ordinal));
    }
}
