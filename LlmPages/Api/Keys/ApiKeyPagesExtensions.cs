namespace LlmPages.Api.Keys;

public static class ApiKeyPagesExtensions
{
    /// <summary>The key pages' work: making and revoking keys, the access switches, the admin's list.</summary>
    public static IHostApplicationBuilder AddApiKeyPages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ApiKeyChanges>();
        builder.Services.AddScoped<ApiKeyAccess>();
        builder.Services.AddScoped<ApiKeyList>();
        return builder;
    }
}
