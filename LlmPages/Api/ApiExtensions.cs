using Microsoft.AspNetCore.Authentication;

namespace LlmPages.Api;

public static class ApiExtensions
{
    /// <summary>Personal API keys and the Bearer scheme the API's endpoints authorise with.</summary>
    public static IHostApplicationBuilder AddApiKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ApiKeys>();
        builder.Services.AddSingleton<ApiKeyQuery>();
        builder.Services.AddScoped<ApiAccessSettings>();
        builder.Services.AddSingleton<WrongApiKeys>();
        builder.Services.AddSingleton<ApiKeyLastUse>();
        builder.Services.AddHostedService(services => services.GetRequiredService<ApiKeyLastUse>());
        builder.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthentication.Scheme, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(ApiKeyAuthentication.Policy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthentication.Scheme)
            .RequireAuthenticatedUser());
        return builder;
    }
}
