namespace LlmPages.Usage;

public static class UsageExtensions
{
    /// <summary>Usage statistics: the rollup of raw usage rows, and the reports the admin pages draw from it.</summary>
    public static IHostApplicationBuilder AddUsage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<UsageDays>();
        builder.Services.AddScoped<UsageRollup>();
        builder.Services.AddScoped<UsageReports>();
        builder.Services.AddScoped<AdminOverview>();
        return builder;
    }
}
