using System.Net;
using LlmPages.Telemetry;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace LlmPages.Llm;

public static class LlmExtensions
{
    /// <summary>The HTTP client every call to a model server goes through.</summary>
    public const string HttpClientName = "LlmPages.Llm";

    /// <summary>
    /// Timeouts, HTTP clients, provider secrets and connections, chat clients, the probe, provider health and the
    /// token counter; providers declared in configuration.
    /// </summary>
    public static IHostApplicationBuilder AddLlm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LlmOptions>().BindConfiguration(LlmOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddOptions<NetworkOptions>().BindConfiguration(NetworkOptions.Section)
            .Validate(o => o.DeniedNetworks.Concat(o.AllowedNetworks).All(IsNetwork),
                "LlmPages:Network:DeniedNetworks and AllowedNetworks must be CIDR networks (10.0.0.0/8) or addresses.")
            .ValidateOnStart();
        builder.Services.AddSingleton<AddressPolicy>();

        builder.Services.AddTransient<ProviderStatusHandler>();
        builder.Services.AddTransient<AbortOnCancelHandler>();
        builder.Services.AddHttpClient(HttpClientName)
            // No overall timeout: a reply may stream for minutes. StreamTimeoutChatClient and the probe time
            // their own calls. No retry handler either: a retried stream would replay a reply.
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
            {
                // No redirects: .NET keeps custom headers such as Anthropic's x-api-key on a redirect to another
                // host, so following one could send a provider's key anywhere. A 3xx is reported instead
                // (ProviderStatusHandler), naming the address to enter.
                AllowAutoRedirect = false,
                // Every connection goes through the address policy (no cloud metadata).
                ConnectCallback = services.GetRequiredService<AddressPolicy>().ConnectAsync,
                ConnectTimeout = services.GetRequiredService<IOptions<LlmOptions>>().Value.RequestTimeout,
                // Clients live long in ChatClientCache: renew connections so DNS changes are seen.
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                AutomaticDecompression = DecompressionMethods.All,
            })
            .AddHttpMessageHandler<AbortOnCancelHandler>()
            .AddHttpMessageHandler<ProviderStatusHandler>();

        // ProviderSecrets encrypts keys with Data Protection; AddAppData puts its key ring where the engine keeps it.
        builder.Services.AddDataProtection();
        builder.Services.AddSingleton<ProviderSecrets>();
        builder.Services.AddSingleton<ChatClientFactory>();
        // The factory's wrapper for telemetry: with telemetry off (or not configured, as in a host of the model clients alone) it wraps nothing.
        builder.Services.TryAddSingleton<ChatClientTelemetry>();
        builder.Services.AddSingleton<ProviderConnections>();
        builder.Services.AddSingleton<ChatClientCache>();
        builder.Services.AddSingleton<ProviderProbe>();
        builder.Services.AddScoped<ProviderHealth>();
        builder.Services.AddSingleton<TokenCounter>();

        // Errors a server reports inside a stream it began with 200; innermost, next to the server's bytes.
        builder.Services.AddTransient<StreamErrorHandler>();
        builder.Services.AddHttpClient(HttpClientName).AddHttpMessageHandler<StreamErrorHandler>();

        builder.Services.AddOptions<ConfiguredProvidersOptions>().BindConfiguration(ConfiguredProvidersOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ConfiguredProvidersOptions>, ConfiguredProvidersValidator>();
        builder.Services.AddHostedService<ConfiguredProvidersSeeder>();
        return builder;
    }

    private static bool IsNetwork(string value)
    {
        try
        {
            AddressPolicy.Parse(value);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
