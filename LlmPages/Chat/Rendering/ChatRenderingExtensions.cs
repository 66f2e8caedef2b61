namespace LlmPages.Chat.Rendering;

public static class ChatRenderingExtensions
{
    /// <summary>The Markdown renderer for model replies: one shared, thread-safe instance.</summary>
    public static IHostApplicationBuilder AddChatRendering(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MarkdownRenderer>();
        return builder;
    }
}
