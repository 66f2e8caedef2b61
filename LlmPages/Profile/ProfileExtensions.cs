namespace LlmPages.Profile;

public static class ProfileExtensions
{
    /// <summary>The profile's work: changing the account, deleting it, and this month's usage.</summary>
    public static IHostApplicationBuilder AddProfile(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AccountChanges>();
        builder.Services.AddScoped<AccountDeletion>();
        builder.Services.AddScoped<MonthlyUsage>();
        return builder;
    }
}
