using LlmPages.Data.Entities;
using LlmPages.Llm;
using LlmPages.Tests.Infrastructure.FakeModels;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmPages.Tests.Llm;

/// <summary>
/// The app's LLM services exactly as <c>AddLlm()</c> registers them, without the web app around them, with
/// timeouts each test chooses.
/// </summary>
public sealed class LlmServices : IDisposable
{
    private readonly IHost host;

    /// <summary>For tests not about timeouts: a cold SDK's first call on a busy machine can take seconds.</summary>
    private static readonly TimeSpan Patient = TimeSpan.FromSeconds(30);

    public LlmServices(
        TimeSpan? firstTokenTimeout = null, TimeSpan? idleTimeout = null, TimeSpan? requestTimeout = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["LlmPages:Llm:FirstTokenTimeout"] = (firstTokenTimeout ?? Patient).ToString(),
            ["LlmPages:Llm:IdleTimeout"] = (idleTimeout ?? Patient).ToString(),
            ["LlmPages:Llm:RequestTimeout"] = (requestTimeout ?? Patient).ToString(),
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Logging.ClearProviders();
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.AddLlm();
        host = builder.Build();
    }

    public T Get<T>() where T : notnull => host.Services.GetRequiredService<T>();

    public ProviderProbe Probe => Get<ProviderProbe>();

    /// <summary>A chat client for the fake server's model, built as the app builds them.</summary>
    public IChatClient ClientFor(ProviderKind kind, FakeModelServer server, string? apiKey = null, string? model = null, int? maxOutputTokens = null) =>
        Get<ChatClientFactory>().Create(Connection(kind, server, apiKey), model ?? FakeScript.WireModel, maxOutputTokens);

    public static ProviderConnection Connection(ProviderKind kind, FakeModelServer server, string? apiKey = null) =>
        new(kind, server.BaseUrl, apiKey);

    public static async Task<FakeModelServer> StartFakeAsync(ProviderKind kind, bool https = false) => kind switch
    {
        ProviderKind.OpenAiCompatible => await FakeOpenAiServer.StartAsync(https),
        ProviderKind.Ollama => await FakeOllamaServer.StartAsync(https),
        ProviderKind.Anthropic => await FakeAnthropicServer.StartAsync(https),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static readonly TheoryData<ProviderKind> Kinds = new(Enum.GetValues<ProviderKind>());

    public void Dispose() => host.Dispose();
}
