using LlmPages.Instances;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace LlmPages.Data;

/// <summary>Wires the data layer into the app: <c>builder.AddAppData()</c>, then <c>await app.MigrateDatabaseAsync()</c>.</summary>
public static class DataExtensions
{
    /// <summary>
    /// Binds and validates <see cref="DataOptions"/> (<c>LlmPages:Data</c>) and <see cref="DatabaseOptions"/>
    /// (<c>LlmPages:Database</c>), and registers <see cref="AppDbContext"/> and Data Protection's keys on the configured
    /// engine (<see cref="DatabaseEngine"/>). Connection settings are read when first needed, not here, so test hosts can
    /// override them after this call; the data folder is created then.
    /// </summary>
    public static IHostApplicationBuilder AddAppData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DataOptions>()
            .BindConfiguration(DataOptions.SectionName)
            .PostConfigure<IHostEnvironment>((options, environment) => options.Resolve(environment.ContentRootPath))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<DatabaseOptions>()
            .BindConfiguration(DatabaseOptions.SectionName)
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<DatabaseOptions>, DatabaseOptionsValidator>();

        builder.Services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, StoredText.Interceptor>();
        var engine = DatabaseEngine.For(builder.Configuration);
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton(engine.ChatSearch);
        engine.AddAppDbContext(builder.Services);
        builder.Services.AddInstances();
        engine.AddInstanceChannel(builder.Services);
        engine.AddTransferStore(builder.Services);
        engine.AddRateLimitCounting(builder.Services);
        builder.Services.AddScoped<DatabaseInitializer>();
        builder.Services.AddScoped<NameKeyFill>();
        builder.Services.AddScoped<ServerSettingValues>();
        engine.AddDataProtection(builder);
        return builder;
    }

    /// <summary>
    /// Applies pending migrations (in WAL mode on SQLite, once the server answers on PostgreSQL), takes this instance's
    /// lease and marks Interrupted the replies left Streaming by instances that are gone, and indexes for search what is not indexed yet. Call before <c>app.Run()</c>; it throws
    /// <see cref="OptionsValidationException"/> on bad settings and <see cref="DatabaseUnavailableException"/> when the
    /// database cannot be reached, each with a message that names the setting.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this IHost app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
    }
}
