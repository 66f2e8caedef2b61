namespace LlmPages.Admin;

public static class AdminExtensions
{
    /// <summary>The admin pages' services, and the start-up seeding of the first AI type.</summary>
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<AiTypeAdmin>();
        builder.Services.AddScoped<ProviderAdmin>();
        builder.Services.AddScoped<ModelAdmin>();
        builder.Services.AddHostedService<AdminSeeding>();
        return builder;
    }
}
