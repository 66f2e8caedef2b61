using LlmPages.Admin.Audit;
using LlmPages.Data.Entities;

namespace LlmPages.Admin;

public static class AdminExtensions
{
    /// <summary>The admin pages' services, and the start-up seeding of the first AI type.</summary>
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<AuditLog>();
        builder.Services.AddScoped<AuditReader>();
        builder.Services.AddScoped<Monitoring.MonitoringReader>();
        builder.Services.AddAdminRecords<AiTypeAdmin, AiType, int>();
        builder.Services.AddAdminRecords<ProviderAdmin, AiProvider, int>();
        builder.Services.AddAdminRecords<ModelAdmin, AiModel, int>();
        builder.Services.AddScoped<UserAdmin>();
        builder.Services.AddScoped<UserList>();
        builder.Services.AddAdminRecords<SystemPromptAdmin, SystemPrompt, int>();
        builder.Services.AddHostedService<AdminSeeding>();
        return builder;
    }

    /// <summary>
    /// A kind's admin service, as itself and as its <see cref="IAdminRecords{TEntity,TKey}"/> (one instance per
    /// request), and the <see cref="AdminCrud{TEntity,TKey}"/> its edit and delete pages inject.
    /// </summary>
    public static IServiceCollection AddAdminRecords<TService, TEntity, TKey>(this IServiceCollection services)
        where TService : class, IAdminRecords<TEntity, TKey>
        where TEntity : class
    {
        services.AddScoped<TService>();
        services.AddScoped<IAdminRecords<TEntity, TKey>>(provider => provider.GetRequiredService<TService>());
        services.AddScoped<AdminCrud<TEntity, TKey>>();
        return services;
    }
}
