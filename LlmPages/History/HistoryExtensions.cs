namespace LlmPages.History;

public static class HistoryExtensions
{
    /// <summary>The history: every chat of a person, searched and filtered (/history).</summary>
    public static IHostApplicationBuilder AddHistory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<HistoryReader>();
        return builder;
    }
}
