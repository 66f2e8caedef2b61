namespace LlmPages.Llm;

public static class LlmExtensions
{
    /// <summary>Provider secrets, the probe and the chat clients.</summary>
    public static IHostApplicationBuilder AddLlm(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ProviderSecrets>();
        builder.Services.AddSingleton<ProviderProbe>();
        return builder;
    }
}
