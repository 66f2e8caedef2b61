using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net.Http.Headers;
using System.Text;
using LlmPages.Api;
using LlmPages.Data.Entities;
using LlmPages.Tests.Admin;
using LlmPages.Tests.Chat;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;
using LlmPages.Tests.Profile;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;

namespace LlmPages.Tests.Api;

/// <summary>
/// The app over real Kestrel with one provider ("Fake", a fake OpenAI-compatible server) and its model, which the API
/// names <see cref="ModelId"/>; people with API keys; OpenAI's official .NET client and plain HTTP pointed at it.
/// </summary>
public sealed class ApiApp : IAsyncDisposable
{
    public const string ModelId = "fake/fake-model";

    private ApiApp(ChatApp chat) => Chat = chat;

    public ChatApp Chat { get; }

    public AppFactory App => Chat.App;

    public FakeModelServer Model => Chat.Model;

    public Uri ApiBase => new(App.ServerAddress, "v1");

    public static async Task<ApiApp> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, int contextWindow = 8192) =>
        new(await ChatApp.StartAsync(settings, kestrel: true, contextWindow: contextWindow));

    /// <summary>A newly registered person (signed in, in <see cref="ApiPerson.Browser"/>) with one API key.</summary>
    public async Task<ApiPerson> NewPersonAsync(string name = "Api Person")
    {
        var browser = App.CreateHtmlClient(App.ServerAddress);
        var email = Infrastructure.Accounts.NewEmail("api");
        await browser.RegisterAsync(email, name);
        var userId = await App.UserIdAsync(email);
        await using var scope = App.Services.CreateAsyncScope();
        var (key, full) = await scope.ServiceProvider.GetRequiredService<ApiKeys>().CreateAsync(userId, "Tests", null, CancellationToken.None);
        return new ApiPerson(userId, full, key.Id, browser);
    }

    /// <summary>OpenAI's own client for the chat completions of <paramref name="model"/>, as a script would configure it.</summary>
    public OpenAI.Chat.ChatClient OpenAiChat(string key, string model = ModelId) => OpenAi(key).GetChatClient(model);

    public OpenAIClient OpenAi(string key) => new(new ApiKeyCredential(key), new OpenAIClientOptions
    {
        Endpoint = ApiBase,
        // A test sees the first answer, not a retry of it.
        RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
    });

    /// <summary>Plain HTTP to the server, with <paramref name="key"/> as the Bearer key when given.</summary>
    public HttpClient Http(string? key)
    {
        var http = new HttpClient { BaseAddress = App.ServerAddress };
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return http;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>The usage rows written for calls with this key, oldest first.</summary>
    public Task<List<UsageLog>> UsageOfAsync(Guid keyId) =>
        App.WithDbAsync(db => db.UsageLogs.AsNoTracking().Where(u => u.ApiKeyId == keyId).OrderBy(u => u.Id).ToListAsync());

    public ValueTask DisposeAsync() => Chat.DisposeAsync();
}

public sealed record ApiPerson(string UserId, string Key, Guid KeyId, HtmlClient Browser);
