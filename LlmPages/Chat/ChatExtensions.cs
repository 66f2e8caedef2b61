using LlmPages.Chat.Conversations;
using LlmPages.Chat.Rendering;
using LlmPages.Chat.Streaming;
using LlmPages.Jobs;
namespace LlmPages.Chat;

public static class ChatExtensions
{
    /// <summary>Chat: limits, the generation hub and its batched saver, turns, threads, settings and titles.</summary>
    public static IHostApplicationBuilder AddChat(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ChatLimits>().BindConfiguration(ChatLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.AddChatRendering();
        builder.Services.AddSingleton<ReplyStore>();
        builder.Services.AddSingleton<GenerationRunner>();
        builder.Services.AddSingleton<GenerationHub>();
        builder.Services.AddSingleton<SharedReplyLimits>();
        builder.Services.AddSingleton<ReplyStopper>();
        builder.Services.AddSingleton<RemoteReplySignals>();
        builder.Services.AddSingleton<LiveReplies>();
        // Registered before the saver, so it stops after it: hosted services stop in reverse order.
        builder.Services.AddHostedService(services => services.GetRequiredService<GenerationHub>());
        builder.Services.AddSingleton<PartialReplySaver>();
        // Replies are stopped and saved before the web server waits for their readers (and the host timeout fits the grace).
        RepliesStopFirst.Register(builder.Services);
        builder.Services.AddHostedService(services => services.GetRequiredService<PartialReplySaver>());
        builder.Services.AddSingleton<PromptBuilder>();
        builder.Services.AddSingleton<TurnQueries>();
        builder.Services.AddSingleton<Prompts.PromptVariables>();
        builder.Services.AddSingleton<TokenQuota>();
        builder.Services.AddSingleton<ReplyFeed>();
        builder.Services.AddScoped<ChatTurns>();
        builder.Services.AddScoped<ConversationThreads>();
        builder.Services.AddScoped<ConversationList>();
        builder.Services.AddScoped<ChatSettings>();
        builder.Services.AddScoped<ChatViewReader>();
        builder.Services.AddScoped<ChatArchive>();
        builder.Services.AddScoped<ChatMoves>();
        builder.Services.AddScoped<ChatDeletion>();
        builder.Services.AddScoped<ConversationTitleJob>();
        return builder;
    }
}
