using Microsoft.Extensions.Options;

namespace LlmPages.Llm;

public static class LlmExtensions
{
    /// <summary>Provider secrets, the probe and the chat clients; providers declared in configuration.</summary>
    public static IHostApplicationBuilder AddLlm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProviderSecrets>();
        builder.Services.AddSingleton<ProviderProbe>();

        builder.Services.AddOptions<ConfiguredProvidersOptions>().BindConfiguration(ConfiguredProvidersOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ConfiguredProvidersOptions>, ConfiguredProvidersValidator>();
        builder.Services.AddHostedService<ConfiguredProvidersSeeder>();
        return builder;
    }
}
