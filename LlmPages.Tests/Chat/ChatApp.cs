using LlmPages.Data.Entities;
using LlmPages.Tests.Infrastructure;
using LlmPages.Tests.Infrastructure.FakeModels;

namespace LlmPages.Tests.Chat;

/// <summary>
/// The app with one provider (a fake model server on loopback, speaking the chosen protocol) and one default
/// model, "Fake Model" (<see cref="FakeScript.WireModel"/>). Change <see cref="Model"/>'s script to make the
/// model slow, stall, fail or drop the connection.
/// </summary>
public sealed class ChatApp : IAsyncDisposable
{
    private readonly bool kestrel;

    private ChatApp(FakeModelServer model, AppFactory app, bool kestrel)
    {
        Model = model;
        App = app;
        this.kestrel = kestrel;
    }

    public FakeModelServer Model { get; }

    public AppFactory App { get; }

    public const string ModelName = "Fake Model";

    /// <param name="settings">More configuration, e.g. <c>LlmPages:Chat:MaxMessageLength</c>.</param>
    /// <param name="kestrel">Serve over real Kestrel (for browsers and for reading bodies as they arrive).</param>
    /// <param name="services">Services to add to the app (<see cref="AppFactory.TestServices"/>).</param>
    public static async Task<ChatApp> StartAsync(
        IReadOnlyDictionary<string, string?>? settings = null, ProviderKind kind = ProviderKind.OpenAiCompatible, bool kestrel = false,
        int contextWindow = 8192, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null)
    {
        var model = await Llm.LlmServices.StartFakeAsync(kind);
        var app = new AppFactory { TestServices = services };
        app.Settings["LlmPages:Providers:0:Name"] = "Fake";
        app.Settings["LlmPages:Providers:0:Kind"] = kind.ToString();
        app.Settings["LlmPages:Providers:0:BaseUrl"] = model.BaseUrl.ToString();
        app.Settings["LlmPages:Providers:0:Models:0:Id"] = FakeScript.WireModel;
        app.Settings["LlmPages:Providers:0:Models:0:DisplayName"] = ModelName;
        app.Settings["LlmPages:Providers:0:Models:0:ContextWindow"] = contextWindow.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["LlmPages:Providers:0:Models:0:Default"] = "true";
        // Partial replies are saved often, so tests see them soon.
        app.Settings["LlmPages:Chat:FlushInterval"] = "00:00:00.100";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            app.Settings[key] = value;
        }
        if (kestrel)
        {
            app.UseKestrel(0);
            app.StartServer();
        }
        else
        {
            _ = app.Server; // start now, so the provider is seeded before the first request
        }
        return new ChatApp(model, app, kestrel);
    }

    /// <summary>
    /// A second instance on this app's PostgreSQL database (<see cref="AppFactory.AnotherInstance"/>) with the same settings
    /// (the same fake model), started; over Kestrel when this one is. The caller disposes it.
    /// </summary>
    public AppFactory StartAnotherInstance()
    {
        var other = App.AnotherInstance();
        // The same configuration, the suite's defaults included (a limit this test lowered is lowered on both), but
        // this instance's own connection to the shared database.
        foreach (var (key, value) in App.Settings.Where(s => s.Key != "LlmPages:Database:ConnectionString"))
        {
            other.Settings[key] = value;
        }
        if (kestrel)
        {
            other.UseKestrel(0);
            other.StartServer();
        }
        else
        {
            _ = other.Server;
        }
        return other;
    }

    /// <summary>A newly registered person, signed in, browsing without JavaScript.</summary>
    public async Task<HtmlClient> NewUserAsync(string name = "Chat Person")
    {
        var client = App.CreateHtmlClient(kestrel ? App.ServerAddress : null);
        await client.RegisterAsync(Infrastructure.Accounts.NewEmail("chat"), name);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Model.DisposeAsync();
    }
}
